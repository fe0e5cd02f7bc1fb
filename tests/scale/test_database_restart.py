"""A PostgreSQL restart in the middle of work loses nothing: the work waits and is done once.

The server is really stopped (connections refused, pooled ones dead) and started again a
moment later, while the application's session work and Rasa's tracker store are using it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, ProgrammingError

from bot.crypto import cipher
from bot.db import retry, users
from bot.db.migrate import upgrade
from bot.db.models import User
from bot.db.runtime import run_in_session
from bot.db.session import engine_for
from bot.db.tracker_store import EncryptedSQLTrackerStore
from bot.runner import create_tracker_tables
from testsupport.servers import PostgresServer

DOWN_FOR_S = 1.5  # a restart takes about this long


@pytest.fixture()
def halted(postgres: PostgresServer) -> Iterator[Callable[[float], None]]:
    """`halted(seconds)`: stop the server now and start it again after `seconds` (in a
    thread); the server is always running again when the test ends."""
    timers: list[threading.Thread] = []

    def halt(seconds: float) -> None:
        postgres.halt()
        timer = threading.Timer(seconds, postgres.resume)
        timer.start()
        timers.append(timer)

    yield halt
    for timer in timers:
        timer.join()


@pytest.fixture()
def app_url(new_pg_database: Callable[[str], str]) -> str:
    url = new_pg_database("restart_app")
    upgrade(url)
    return url


def people(url: str) -> list[str]:
    return run_in_session(lambda s: list(s.scalars(select(User.id).order_by(User.id))), url)


def test_work_during_a_restart_waits_and_is_done_once(
        app_url: str, halted: Callable[[float], None]) -> None:
    run_in_session(lambda s: users.mark_privacy_notice(s, "before"), app_url)  # pool warm
    work = Counted(lambda s: users.mark_privacy_notice(s, "during"))
    halted(DOWN_FOR_S)
    run_in_session(work, app_url)  # no exception: it waited for the server
    assert work.tries > 1  # the server really was away at the first try
    assert people(app_url) == ["before", "during"]
    with engine_for(app_url).connect() as connection:  # stored once
        assert connection.execute(text('select count(*) from "user"')).scalar() == 2


class Counted:
    """Session work that counts how often it was tried."""

    def __init__(self, work: Callable[[Any], Any]) -> None:
        self.work, self.tries = work, 0

    def __call__(self, session: Any) -> Any:
        self.tries += 1
        return self.work(session)


def bad_sql(session: Any) -> None:
    session.execute(text("select * from no_such_table"))


def test_a_mistake_in_the_work_is_not_tried_again(app_url: str) -> None:
    mistake = Counted(bad_sql)
    with pytest.raises(ProgrammingError):
        run_in_session(mistake, app_url)
    assert mistake.tries == 1

    def twice(session: Any) -> None:
        session.add(User(id="same"))
        session.flush()
        session.add(User(id="same"))

    conflict = Counted(twice)
    with pytest.raises(IntegrityError):
        run_in_session(conflict, app_url)
    assert conflict.tries == 1
    assert people(app_url) == []  # the failed transaction left nothing behind


def test_an_outage_longer_than_the_patience_is_reported(
        app_url: str, halted: Callable[[float], None],
        monkeypatch: pytest.MonkeyPatch) -> None:
    people(app_url)
    monkeypatch.setattr(retry, "PATIENCE_S", 0.5)
    halted(3.0)
    with pytest.raises(OperationalError):
        run_in_session(lambda s: users.mark_privacy_notice(s, "lost"), app_url)


async def test_rasa_tracker_store_reads_and_writes_across_a_restart(
        new_pg_database: Callable[[str], str], halted: Callable[[float], None],
        settings: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATA_ENCRYPTION_KEYS", raising=False)
    cipher.cache_clear()
    url = new_pg_database("restart_tracker")
    create_tracker_tables(url)
    domain = Domain.from_yaml("version: '3.1'\nintents: [greet, inform]\n")
    store = EncryptedSQLTrackerStore(domain=domain, host=url)
    tracker = DialogueStateTracker("sender-1", [])
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("hello", {"name": "greet", "confidence": 1.0}))
    await store.save(tracker)

    halted(DOWN_FOR_S)  # reading while the server restarts
    stored = await store.retrieve("sender-1")
    assert stored is not None and stored.latest_message.text == "hello"

    stored.update(UserUttered("30303", {"name": "inform", "confidence": 1.0}))
    halted(DOWN_FOR_S)  # writing while the server restarts
    await store.save(stored)
    again = await store.retrieve("sender-1")
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == ["hello", "30303"]
    with store.engine.connect() as connection:
        count = select(func.count()).select_from(store.SQLEvent)
        assert connection.execute(count).scalar() == 3  # each event once
    store.engine.dispose()


@pytest.mark.parametrize(("error", "dialect", "transient"), [
    (OperationalError("select 1", {}, Exception("server closed the connection")),
     "postgresql", True),
    (OperationalError("select 1", {}, Exception("no such table: x")), "sqlite", False),
    (DBAPIError("select 1", {}, Exception("gone"), connection_invalidated=True),
     "sqlite", True),
    (IntegrityError("insert", {}, Exception("duplicate key")), "postgresql", False),
    (ProgrammingError("select", {}, Exception("syntax error")), "postgresql", False),
    (ValueError("not a database error"), "postgresql", False),
])
def test_which_failures_are_tried_again(error: BaseException, dialect: str,
                                        transient: bool) -> None:
    assert retry.is_transient(error, dialect) is transient


def test_sqlite_is_not_retried(tmp_path: Path) -> None:
    mistake = Counted(bad_sql)  # SQLite calls a missing table an operational error
    with pytest.raises(OperationalError):
        run_in_session(mistake, f"sqlite:///{tmp_path / 'x.db'}")
    assert mistake.tries == 1
