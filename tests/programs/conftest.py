"""Fixtures of the program tests: a migrated SQLite file per test, the fixture catalog."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.config import ROOT
from bot.db.migrate import upgrade
from bot.db.session import session_factory
from bot.programs.catalog_import import import_file
from bot.programs.models import Program, Provider

DATA = ROOT / "tests" / "data" / "programs"
FIXTURE_CATALOG = DATA / "fixture_programs.csv"
TODAY = dt.date(2026, 11, 29)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One freshly migrated database, copied for each test (migrating takes a while)."""
    path = tmp_path_factory.mktemp("programs-template") / "app.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture()
def db_url(template_db: Path, tmp_path: Path) -> str:
    """URL of this test's own migrated SQLite file."""
    path = tmp_path / "app.db"
    shutil.copy(template_db, path)
    return f"sqlite:///{path}"


@pytest.fixture()
def db(db_url: str) -> Iterator[Session]:
    """A session on the test's database, rolled back at the end."""
    with session_factory(db_url)() as session:
        yield session
        session.rollback()


@pytest.fixture()
def catalog(db: Session) -> Session:
    """The session with the fixture catalog (15 programs, 1 archived) loaded."""
    report = import_file(db, FIXTURE_CATALOG)
    assert report.errors == [], report.errors
    assert report.created == 15
    db.flush()
    return db


def snapshot(session: Session) -> tuple[int, int, str]:
    """(providers, programs, hash of every stored value): equal means nothing changed."""
    session.flush()
    digest = hashlib.sha256()
    for model in (Provider, Program):
        for row in session.execute(select(model.__table__).order_by(model.__table__.c.id)):
            digest.update(repr(tuple(row)).encode())
    providers = session.execute(select(func.count()).select_from(Provider)).scalar_one()
    programs = session.execute(select(func.count()).select_from(Program)).scalar_one()
    return providers, programs, digest.hexdigest()
