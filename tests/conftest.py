"""Shared fixtures: a migrated temporary database and settings pointing at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings, load_settings
from bot.db.migrate import upgrade
from bot.db.session import session_factory
from testsupport.servers import PostgresServer, RedisServer


@pytest.fixture(autouse=True)
def _settings_read_afresh() -> Iterator[None]:
    """`load_settings()` reads the process's settings once; each test reads its own."""
    load_settings.cache_clear()
    yield
    load_settings.cache_clear()


@pytest.fixture()
def var_dir(tmp_path: Path) -> Path:
    """A private data folder for one test."""
    path = tmp_path / "var"
    path.mkdir()
    return path


@pytest.fixture()
def settings(var_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings with a migrated SQLite database in the test's folder, also set in os.environ
    (actions read their settings from the environment)."""
    url = f"sqlite:///{var_dir / 'app.db'}"
    monkeypatch.setenv("BOT_VAR_DIR", str(var_dir))
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PSEUDONYM_KEY", "unit-test-key-0123456789abcdef")
    load_settings.cache_clear()
    upgrade(url)
    return load_settings({"BOT_VAR_DIR": str(var_dir), "DATABASE_URL": url})


@pytest.fixture()
def session(settings: Settings):  # type: ignore[no-untyped-def]
    """A session on the test database, rolled back at the end."""
    factory = session_factory(settings.database_url)
    with factory() as session:
        yield session
        session.rollback()


# The scale profile's servers, started on first use and shared by the whole session. They
# are installed with apt-get when missing; when they cannot be, the tests fail, never skip.

@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server of the session (database `bot`, user `bot`)."""
    with PostgresServer() as server:
        yield server


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A Redis server of the session (no persistence)."""
    with RedisServer() as server:
        yield server
