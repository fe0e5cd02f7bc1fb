"""The scale profile's pieces on their own: settings, the lock store, the test servers."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest

from bot.config import SettingsError, load_settings, normalise_database_url, to_environment
from bot.db.lock_store import ConfiguredLockStore
from bot.runner import build_services, describe_stores
from testsupport import servers
from testsupport.servers import PostgresServer, RedisServer

pytestmark = pytest.mark.scale

# --- settings ----------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "used"), [
    ("postgresql://bot:pw@db:5432/bot", "postgresql+psycopg2://bot:pw@db:5432/bot"),
    ("postgres://bot:pw@db/bot", "postgresql+psycopg2://bot:pw@db/bot"),
    ("postgresql+psycopg2://bot:pw@db/bot", "postgresql+psycopg2://bot:pw@db/bot"),
    ("sqlite:////srv/app.db", "sqlite:////srv/app.db"),
])
def test_database_urls_are_normalised(given: str, used: str) -> None:
    assert normalise_database_url(given) == used
    settings = load_settings({"DATABASE_URL": given, "TRACKER_STORE_URL": given})
    assert (settings.database_url, settings.tracker_store_url) == (used, used)


def test_defaults_are_one_worker_and_in_memory_locks(tmp_path: Path) -> None:
    settings = load_settings({"BOT_VAR_DIR": str(tmp_path)})
    assert (settings.rasa_workers, settings.lock_store_url) == (1, "")
    env = to_environment(settings)
    assert (env["RASA_WORKERS"], env["LOCK_STORE_URL"]) == ("1", "")
    assert "in memory" in describe_stores(settings)


def test_workers_reach_rasa_only_as_sanic_workers(tmp_path: Path) -> None:
    settings = load_settings({"BOT_VAR_DIR": str(tmp_path), "RASA_WORKERS": "3",
                              "LOCK_STORE_URL": "redis://:secret@127.0.0.1:6379/2"})
    env = to_environment(settings)
    assert (env["RASA_WORKERS"], env["LOCK_STORE_URL"]) == (
        "3", "redis://:secret@127.0.0.1:6379/2")
    services = {s.name: s for s in build_services(settings, with_bridge=True)}
    assert services["rasa"].env["SANIC_WORKERS"] == "3"
    assert "SANIC_WORKERS" not in services["action server"].env
    assert "secret" not in describe_stores(settings)


@pytest.mark.parametrize(("environ", "says"), [
    ({"RASA_WORKERS": "2"}, "needs LOCK_STORE_URL"),
    ({"RASA_WORKERS": "0"}, "1 or more"),
    ({"RASA_WORKERS": "two"}, "whole number"),
    ({"LOCK_STORE_URL": "http://127.0.0.1:6379"}, "redis://"),
])
def test_settings_that_cannot_work_are_refused(environ: dict[str, str], says: str) -> None:
    with pytest.raises(SettingsError, match=says):
        load_settings(environ)


# --- the lock store ----------------------------------------------------------------------


class Endpoint:
    def __init__(self, url: str) -> None:
        self.url, self.kwargs = url, {}


def test_in_memory_lock_store_for_one_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOCK_STORE_URL", raising=False)
    monkeypatch.delenv("SANIC_WORKERS", raising=False)
    store = ConfiguredLockStore(Endpoint(""))
    assert type(store.backend).__name__ == "InMemoryLockStore"

    async def turn() -> None:
        async with store.lock("someone"):
            assert store.get_lock("someone") is not None

    asyncio.run(turn())
    assert store.get_lock("someone") is None


def test_in_memory_lock_store_refuses_several_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOCK_STORE_URL", raising=False)
    monkeypatch.setenv("SANIC_WORKERS", "2")
    with pytest.raises(RuntimeError, match="LOCK_STORE_URL"):
        ConfiguredLockStore(Endpoint(""))


def test_redis_lock_store_from_a_url(redis_server: RedisServer,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SANIC_WORKERS", "2")
    store = ConfiguredLockStore(Endpoint(redis_server.url.replace("/0", "/3")))
    assert type(store.backend).__name__ == "RedisLockStore"
    client = redis_server.client(db=3)

    async def turn() -> None:
        async with store.lock("someone-else"):
            assert client.exists("lock:someone-else")

    asyncio.run(turn())
    assert not client.exists("lock:someone-else")  # released after the turn


def test_redis_lock_store_fails_at_start_when_redis_is_not_there() -> None:
    port = servers.free_port()
    with pytest.raises(Exception, match="(?i)connect"):
        ConfiguredLockStore(Endpoint(f"redis://127.0.0.1:{port}/0"))


# --- the throwaway servers ---------------------------------------------------------------


def test_servers_stop_and_clean_up_when_the_body_fails() -> None:
    with pytest.raises(ZeroDivisionError):
        with PostgresServer() as pg, RedisServer() as redis:
            folders = [pg.directory, redis.directory]
            processes = [pg.process, redis.process]
            assert all(p is not None and p.poll() is None for p in processes)
            1 / 0  # noqa: B018
    assert all(p is not None and p.poll() is not None for p in processes)
    assert not any(folder is not None and folder.exists() for folder in folders)


def test_no_apt_get_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(servers.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="apt-get is not available"):
        servers.apt_install("redis-server")


def test_a_failed_install_says_what_apt_said(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_run(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(argv, 100, "",
                                           "E: Unable to locate package redis-server")

    monkeypatch.setattr(servers.subprocess, "run", fake_run)
    monkeypatch.setattr(servers.os, "geteuid", lambda: 0)
    with pytest.raises(RuntimeError, match="Unable to locate package"):
        servers.apt_install("redis-server")


def test_missing_binaries_that_cannot_be_installed_raise(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def no_apt(*packages: str) -> None:
        raise RuntimeError(f"could not install {' '.join(packages)}")

    monkeypatch.setattr(servers.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(servers.shutil, "which", lambda name: None)
    monkeypatch.setattr(servers.os.path, "exists", lambda path: False)
    monkeypatch.setattr(servers, "apt_install", no_apt)
    with pytest.raises(RuntimeError, match="could not install postgresql"):
        servers.postgres_bin_dir()
    with pytest.raises(RuntimeError, match="could not install redis-server"):
        servers.redis_server_binary()
    with pytest.raises(RuntimeError, match="PostgreSQL is not installed"):
        servers.postgres_bin_dir(install=False)
