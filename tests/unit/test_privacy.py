"""Erasing a person and purging inactive conversations clears both stores."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine, select, text

from bot.db import users
from bot.db.models import ChatMessage, Consent, User, utcnow
from bot.handoff import store
from bot.handoff.models import Ticket, TicketMessage
from bot.privacy import erase_person, inactive_senders, purge_inactive


def tracker_engine(tmp_path, rows):  # type: ignore[no-untyped-def]
    """A tracker database shaped like Rasa's `events` table."""
    engine = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}", future=True)
    with engine.begin() as connection:
        connection.execute(text(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
            "type_name VARCHAR(255), timestamp FLOAT, intent_name VARCHAR(255), "
            "action_name VARCHAR(255), data TEXT)"))
        for sender, when in rows:
            connection.execute(text("INSERT INTO events (sender_id, type_name, timestamp, data) "
                                    "VALUES (:s, 'user', :t, '{\"text\": \"hello\"}')"),
                               {"s": sender, "t": when.replace(tzinfo=dt.timezone.utc).timestamp()})
    return engine


def test_erase_person_removes_everything_of_that_person_only(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    now = utcnow()
    tracker = tracker_engine(tmp_path, [("a", now), ("a", now), ("b", now)])
    for sender in ("a", "b"):
        users.mark_privacy_notice(session, sender)
        users.record_messages(session, sender, [1, 2], "out")
    session.flush()
    erase_person(session, tracker, "a")
    assert session.execute(select(User.id)).scalars().all() == ["b"]
    assert set(session.execute(select(Consent.user_id)).scalars()) == {"b"}
    assert set(session.execute(select(ChatMessage.user_id)).scalars()) == {"b"}
    with tracker.connect() as connection:
        senders = connection.execute(text("SELECT DISTINCT sender_id FROM events")).scalars().all()
    assert senders == ["b"]


def test_purge_erases_only_people_inactive_past_the_period(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    now = utcnow()
    old, recent = now - dt.timedelta(days=31), now - dt.timedelta(days=2)
    tracker = tracker_engine(tmp_path, [("old", old), ("new", recent), ("new", old)])
    for sender in ("old", "new"):
        users.touch_user(session, sender)
    session.get(User, "old").last_seen_at = old
    session.flush()
    assert inactive_senders(session, tracker, now - dt.timedelta(days=30)) == {"old"}
    assert purge_inactive(session, tracker, days=30, now=now) == 1
    assert session.execute(select(User.id)).scalars().all() == ["new"]
    with tracker.connect() as connection:
        left = connection.execute(text("SELECT DISTINCT sender_id FROM events")).scalars().all()
    assert left == ["new"]


def test_purge_works_before_rasa_created_its_table(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}", future=True)
    users.touch_user(session, "x")
    session.get(User, "x").last_seen_at = utcnow() - dt.timedelta(days=40)
    session.flush()
    assert purge_inactive(session, engine, days=30) == 1


def test_erase_person_deletes_their_counselor_requests_and_messages(  # type: ignore[no-untyped-def]
        session, settings, tmp_path) -> None:
    key_file = settings.data_key_file
    for sender in ("a", "b"):
        ticket = store.create_draft(session, sender, "summary", key_file=key_file,
                                    summary={"Saved programs": ["x"]})
        store.submit(session, ticket, "a note", key_file)
        store.add_incoming(session, ticket, "hello", key_file)
    session.flush()
    erase_person(session, create_engine(f"sqlite:///{tmp_path / 't.db'}", future=True), "a")
    assert set(session.execute(select(Ticket.user_id)).scalars()) == {"b"}
    left = session.execute(select(TicketMessage.ticket_id)).scalars().all()
    assert len(left) == 1 and session.get(Ticket, left[0]).user_id == "b"
    assert set(session.execute(select(Consent.user_id)).scalars()) == {"b"}


def test_retention_purge_deletes_tickets_of_inactive_people(session, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store.create_draft(session, "old", "none", key_file=settings.data_key_file)
    session.get(User, "old").last_seen_at = utcnow() - dt.timedelta(days=40)
    session.flush()
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}", future=True)
    assert purge_inactive(session, engine, days=30) == 1
    assert session.execute(select(Ticket.id)).scalars().all() == []


def test_retention_run_drops_requests_for_a_counselor_never_sent(settings) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from bot.db.runtime import run_in_session
    from bot.handoff import store
    from bot.handoff.models import Ticket
    from bot.privacy import purge_now

    key_file = settings.data_key_file

    def draft(session):  # type: ignore[no-untyped-def]
        return store.create_draft(session, "someone", "full", key_file=key_file,
                                  summary={"Job profile": ["likes cooking"]},
                                  transcript=[{"who": "person", "text": "hi"}]).id

    ticket_id = run_in_session(draft, settings.database_url)
    purge_now(settings, now=dt.datetime.utcnow() + store.DRAFT_EXPIRES / 2)
    ticket = run_in_session(lambda s: s.get(Ticket, ticket_id), settings.database_url)
    assert ticket.status == "draft"
    purge_now(settings, now=dt.datetime.utcnow() + store.DRAFT_EXPIRES * 2)
    ticket = run_in_session(lambda s: s.get(Ticket, ticket_id), settings.database_url)
    assert (ticket.status, ticket.closed_by) == ("closed", "expired")
    assert ticket.sealed_summary == ticket.sealed_transcript == ""
