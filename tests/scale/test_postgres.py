"""Migrations and the application's data layer on PostgreSQL (the scale profile).

The rest of the suite runs on SQLite; these tests run the same Alembic migrations and the
same data functions on a throwaway PostgreSQL server (tests/scale/conftest.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text
from sqlalchemy.orm import Session

from bot.accounts import auth
from bot.accounts.models import AuditEvent, StaffAccount
from bot.config import ROOT
from bot.db import saved, users
from bot.db.base import Base
from bot.db.migrate import alembic_config, upgrade
from bot.db.models import ChatMessage, Consent, User, utcnow
from bot.db.runtime import run_in_session
from bot.db.session import engine_for, session_factory
from bot.handoff import store
from bot.handoff.models import Ticket, TicketMessage
from bot.programs.catalog_import import import_file
from bot.programs.misses import top_misses
from bot.programs.models import Program, SearchMiss
from bot.programs.search import search
from bot.programs.search_query import Query
from tests.programs.test_misses import count_from_threads
from testsupport.servers import PostgresServer

pytestmark = pytest.mark.scale
SAMPLE = ROOT / "data" / "catalog" / "programs" / "SAMPLE_programs.csv"
TODAY = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def pg_url(new_pg_database: Callable[[str], str]) -> str:
    """A database migrated to head, shared by this module's data tests."""
    url = new_pg_database("app")
    upgrade(url)
    return url


@pytest.fixture()
def db(pg_url: str) -> Iterator[Session]:
    """A session on the migrated database; what a test does not commit is rolled back."""
    with session_factory(pg_url)() as session:
        yield session
        session.rollback()


@pytest.fixture()
def key_file(tmp_path: Path) -> Path:
    return tmp_path / "secrets" / "data.keys"


def app_tables() -> set[str]:
    return set(Base.metadata.tables)


# --- migrations --------------------------------------------------------------------------


def test_the_server_is_postgresql(postgres: PostgresServer, pg_url: str) -> None:
    assert pg_url.startswith("postgresql+psycopg2://bot:")
    with engine_for(pg_url).connect() as connection:
        version = connection.execute(text("show server_version")).scalar_one()
        user = connection.execute(text("select current_user")).scalar_one()
    assert int(version.split(".")[0]) >= 13 and user == "bot"


def test_upgrade_matches_the_models_then_down_to_base_and_up_again(
        new_pg_database: Callable[[str], str]) -> None:
    url = new_pg_database("migrate")
    upgrade(url)
    engine = engine_for(url)
    assert set(inspect(engine).get_table_names()) == app_tables() | {"alembic_version"}
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        # What autogenerate would add to make the schema match the models: nothing.
        assert compare_metadata(context, Base.metadata) == []

    command.downgrade(alembic_config(url), "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    with engine.connect() as connection:
        assert connection.execute(text("select count(*) from alembic_version")).scalar() == 0

    upgrade(url)
    assert set(inspect(engine).get_table_names()) == app_tables() | {"alembic_version"}
    run_in_session(lambda s: users.mark_privacy_notice(s, "after-reupgrade"), url)
    assert run_in_session(lambda s: users.has_seen_privacy_notice(s, "after-reupgrade"), url)
    engine.dispose()


def test_upgrade_twice_is_a_no_op(pg_url: str) -> None:
    upgrade(pg_url)
    with engine_for(pg_url).connect() as connection:
        heads = connection.execute(text("select version_num from alembic_version")).all()
    assert len(heads) == 1


# --- people, consent, message ids, saved items -------------------------------------------


def test_users_consent_and_message_ids(pg_url: str) -> None:
    person = "pg-user-1"
    assert not run_in_session(lambda s: users.has_seen_privacy_notice(s, person), pg_url)
    run_in_session(lambda s: users.mark_privacy_notice(s, person), pg_url)
    run_in_session(lambda s: users.mark_privacy_notice(s, person), pg_url)  # once only
    assert run_in_session(lambda s: users.has_seen_privacy_notice(s, person), pg_url)

    def consents(session: Session) -> list[tuple[str, bool]]:
        return [tuple(r) for r in session.execute(  # type: ignore[misc]
            select(Consent.kind, Consent.granted).where(Consent.user_id == person))]

    assert run_in_session(consents, pg_url) == [("privacy_notice", True)]

    run_in_session(lambda s: users.record_messages(s, person, [11, 12], "out"), pg_url)
    run_in_session(lambda s: users.record_messages(s, person, [10], "in"), pg_url)

    def make_one_old(session: Session) -> None:
        row = session.execute(select(ChatMessage).where(ChatMessage.user_id == person,
                                                        ChatMessage.message_id == 10)).scalar_one()
        row.sent_at = utcnow() - dt.timedelta(hours=49)

    run_in_session(make_one_old, pg_url)
    assert run_in_session(lambda s: users.pop_deletable_messages(s, person), pg_url) == [11, 12]
    assert run_in_session(lambda s: users.pop_deletable_messages(s, person), pg_url) == []
    seen = run_in_session(lambda s: s.get(User, person).last_seen_at, pg_url)
    assert abs((utcnow() - seen).total_seconds()) < 60  # naive UTC, as on SQLite


def test_saved_items_are_sealed_capped_and_removable(pg_url: str, key_file: Path) -> None:
    person = "pg-user-2"
    for number in range(saved.MAX_ITEMS + 2):
        run_in_session(lambda s, n=number: saved.save_item(  # type: ignore[misc]
            s, person, "relief", {"place": "Georgia", "n": n}, key_file), pg_url)
    items = run_in_session(lambda s: saved.saved_items(s, person, "relief", key_file), pg_url)
    assert [item["n"] for item in items] == list(range(saved.MAX_ITEMS + 1, 1, -1))
    with session_factory(pg_url)() as session:
        sealed = session.execute(select(saved.SavedItem.sealed)
                                 .where(saved.SavedItem.user_id == person)).scalars().all()
    assert sealed and all("Georgia" not in token for token in sealed)  # encrypted at rest
    removed = run_in_session(lambda s: saved.remove_items(
        s, person, "relief", lambda c: c["n"] % 2 == 0, key_file), pg_url)
    assert removed == 10
    left = run_in_session(lambda s: saved.saved_items(s, person, "relief", key_file), pg_url)
    assert [item["n"] for item in left] == list(range(21, 2, -2))


# --- the program catalog ------------------------------------------------------------------


QUERIES = (
    Query(keywords=("cooking",), zip="30303"),
    Query(keywords=("nursing",), city="Houston", state="TX", max_miles=50),
    Query(max_cost=0, zip="77002"),
    Query(schedule=frozenset({"evening"}), zip="60616"),
    Query(language="es", zip="77036", childcare=True),
    Query(online_only=True, no_photo_id=True, no_ssn=True),
    Query(zip="60616", online_ok=False, record_friendly=True, max_cost=0),
    Query(occupations=("35-20",), interests=("R", "S"), zip="30303", max_miles=100),
    # Nothing passes: the filter that removed the most is named, to drop with one tap.
    Query(zip="30303", max_miles=5, online_ok=False, stipend=True,
          schedule=frozenset({"weekend", "evening"})),
    Query(zip="59001", max_miles=10, online_ok=False),
)


def outcome(session: Session, query: Query) -> tuple[Any, ...]:
    result = search(session, query, today=TODAY, limit=5)
    return (result.total, result.matched, result.relax,
            [(hit.program.key, round(hit.score, 3), hit.distance_miles, hit.reasons,
              hit.matched) for hit in result.hits])


def test_catalog_import_and_search_give_what_sqlite_gives(pg_url: str, tmp_path: Path) -> None:
    report = run_in_session(lambda s: import_file(s, SAMPLE, today=TODAY), pg_url)
    assert report.errors == [] and report.created == 49, report.errors
    again = run_in_session(lambda s: import_file(s, SAMPLE, today=TODAY), pg_url)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 49)

    lite = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade(lite)
    run_in_session(lambda s: import_file(s, SAMPLE, today=TODAY), lite)

    with session_factory(pg_url)() as pg, session_factory(lite)() as sqlite:
        assert pg.execute(select(func.count()).select_from(Program)).scalar_one() == 49
        cooking = search(pg, QUERIES[0], today=TODAY)
        first = cooking.hits[0]
        assert first.program.name.startswith("[SAMPLE]") and first.matched
        assert first.distance_miles is not None and first.distance_miles < 25
        for query in QUERIES:
            assert outcome(pg, query) == outcome(sqlite, query), query
        assert outcome(pg, QUERIES[-2])[2] is not None  # a relaxation was offered
    engine_for(lite).dispose()


# --- the search-miss counter under concurrency --------------------------------------------


def miss_rows(session: Session) -> list[tuple[dt.date, str, str, int]]:
    found = session.execute(select(SearchMiss.day, SearchMiss.topic, SearchMiss.place,
                                   SearchMiss.count).order_by(SearchMiss.id)).all()
    return [tuple(row) for row in found]  # type: ignore[misc]


def test_many_threads_at_once_lose_no_miss_count_on_postgresql(
        new_pg_database: Callable[[str], str]) -> None:
    """Separate connections (as separate processes would have) counting the same key:
    the UPDATE-then-INSERT-in-a-SAVEPOINT of record_miss under PostgreSQL's concurrency."""
    url = new_pg_database("misses")
    upgrade(url)
    threads, each = 8, 25
    assert count_from_threads(url, threads, each) == []
    with session_factory(url)() as session:
        assert miss_rows(session) == [(TODAY, "cooking", "Atlanta, GA", threads * each)]
        assert top_misses(session, days=30, today=TODAY) == [
            ("cooking", "Atlanta, GA", threads * each)]
    engine_for(url).dispose()


# --- console accounts and a counselor handoff ---------------------------------------------


def test_console_accounts(db: Session) -> None:
    account = auth.create_account(db, "ana.pg", "a long pass phrase 42", "admin",
                                  display_name="Ana")
    db.flush()
    assert account.id is not None and auth.count_admins(db) >= 1
    assert auth.verify_password(account, "a long pass phrase 42")
    assert not auth.verify_password(account, "wrong wrong wrong")
    with pytest.raises(auth.AccountError, match="taken"):
        auth.create_account(db, "ANA.PG", "another pass phrase 7", "staff")
    audit = db.execute(select(AuditEvent.action, AuditEvent.object_key)
                       .where(AuditEvent.object_type == "account")).all()
    assert ("create", "ana.pg") in [tuple(row) for row in audit]


def test_handoff_ticket_round_trip(pg_url: str, key_file: Path) -> None:
    person = "pg-person-handoff"

    def open_request(session: Session) -> tuple[int, int]:
        counselor = auth.create_account(session, "maria.pg", "a long pass phrase 43",
                                        "counselor", display_name="Maria")
        ticket = store.create_draft(session, person, "summary", key_file=key_file,
                                    summary={"Saved programs": ["[SAMPLE] CNA"]})
        store.set_chat(session, ticket.id, person, 424242, key_file)
        store.submit(session, ticket, "evenings are best", key_file)
        session.flush()
        return ticket.id, counselor.id

    ticket_id, counselor_id = run_in_session(open_request, pg_url)

    def in_queue(session: Session) -> tuple[list[int], int]:
        ticket = session.get(Ticket, ticket_id)
        return [t.id for t in store.queue(session)], store.position(session, ticket)

    queue, place = run_in_session(in_queue, pg_url)
    assert ticket_id in queue and place >= 1

    def take_and_answer(session: Session) -> None:
        ticket = session.get(Ticket, ticket_id)
        counselor = session.get(StaffAccount, counselor_id)
        store.take(session, ticket, counselor, key_file)
        store.reply(session, ticket, counselor, "Hello, I am here.", key_file)
        store.add_incoming(session, ticket, "thank you", key_file)

    run_in_session(take_and_answer, pg_url)

    def deliveries(session: Session) -> list[Any]:
        return [d for d in store.pending(session, key_file) if d.ticket_id == ticket_id]

    out = run_in_session(deliveries, pg_url)
    assert [d.body.get("kind") for d in out] == ["joined", "text"]
    assert out[0].body["name"] == "Maria" and out[1].body["text"] == "Hello, I am here."
    assert {d.chat_id for d in out} == {424242} and {d.user_id for d in out} == {person}
    for delivery in out:
        run_in_session(lambda s, d=delivery: store.mark_delivered(s, d.message_id), pg_url)
    assert run_in_session(deliveries, pg_url) == []

    def state(session: Session) -> tuple[str, int | None, list[str]]:
        ticket = session.get(Ticket, ticket_id)
        shown = store.messages(session, ticket, key_file)
        return ticket.status, ticket.assigned_to, [m.text for m in shown]

    status, assigned, texts = run_in_session(state, pg_url)
    assert (status, assigned) == ("active", counselor_id)
    assert "Hello, I am here." in texts and "thank you" in texts
    with session_factory(pg_url)() as session:
        bodies = session.execute(select(TicketMessage.sealed_body)
                                 .where(TicketMessage.ticket_id == ticket_id)).scalars().all()
    assert bodies and not any("thank" in body for body in bodies)  # sealed at rest


# --- erasure and retention with Rasa's tracker store on PostgreSQL -------------------------


def test_forget_and_retention_clear_both_postgresql_stores(
        new_pg_database: Callable[[str], str], key_file: Path) -> None:
    from bot.privacy import erase_person, purge_inactive
    from bot.runner import create_tracker_tables

    app, tracker_url = new_pg_database("privacy_app"), new_pg_database("privacy_tracker")
    upgrade(app)
    create_tracker_tables(tracker_url)  # Rasa's own `events` table, as `make run` makes it
    tracker = engine_for(tracker_url)
    now = utcnow()
    old, recent = now - dt.timedelta(days=31), now - dt.timedelta(days=2)
    with tracker.begin() as connection:
        for sender, when in (("gone", now), ("old", old), ("new", recent), ("new", old)):
            connection.execute(text(
                "insert into events (sender_id, type_name, timestamp, data) "
                "values (:s, 'user', :t, 'x')"),
                {"s": sender, "t": when.replace(tzinfo=dt.timezone.utc).timestamp()})

    def people(session: Session) -> None:
        for sender in ("gone", "old", "new"):
            users.mark_privacy_notice(session, sender)
            saved.save_item(session, sender, "relief", {"place": "TX"}, key_file)
        session.get(User, "old").last_seen_at = old

    run_in_session(people, app)
    run_in_session(lambda s: erase_person(s, tracker, "gone"), app)
    assert run_in_session(lambda s: purge_inactive(s, tracker, days=30, now=now), app) == 1
    with session_factory(app)() as session:
        assert session.execute(select(User.id)).scalars().all() == ["new"]
        assert set(session.execute(select(saved.SavedItem.user_id)).scalars()) == {"new"}
    with tracker.connect() as connection:
        left = connection.execute(text("select distinct sender_id from events")).scalars()
        assert list(left) == ["new"]
    tracker.dispose()
    engine_for(app).dispose()


def test_key_rotation_reencrypts_events_in_postgresql(
        new_pg_database: Callable[[str], str], key_file: Path) -> None:
    from cryptography.fernet import Fernet, InvalidToken

    from bot.crypto import key_lines, new_key_file_line
    from bot.db.tracker_store import reencrypt_events, seal, unseal
    from bot.runner import create_tracker_tables

    url = new_pg_database("rotate_tracker")
    create_tracker_tables(url)
    tracker = engine_for(url)
    with tracker.begin() as connection:
        for number in range(3):
            connection.execute(text("insert into events (sender_id, type_name, data) "
                                    "values ('x', 'user', :d)"),
                               {"d": seal({"event": "user", "n": number}, key_file)})
    old_key = key_lines(key_file)[0]
    new_key_file_line(key_file)
    assert reencrypt_events(tracker, key_file) == 3
    with tracker.connect() as connection:
        stored = connection.execute(text("select data from events order by id")).scalars().all()
    assert [unseal(token, key_file)["n"] for token in stored] == [0, 1, 2]
    with pytest.raises(InvalidToken):  # the old key alone no longer opens them
        Fernet(old_key.encode()).decrypt(stored[0].encode())
    tracker.dispose()
