"""Erasing a person: on request ("delete everything about me") and after inactivity.

Rasa's tracker store keeps the conversation (table `events`), our database keeps the
person's row, consent history, message ids, saved items and counselor requests (tickets
and their messages). Both are cleared here; nothing of the person's content is kept, only
the fact that a purge ran (a count in the log).
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import delete, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import journal
from bot.db.models import ChatMessage, Consent, SavedItem, User, utcnow
from bot.db.runtime import run_in_session, run_in_session_async
from bot.db.session import engine_for
from bot.handoff.store import erase_tickets, expire_drafts

log = logging.getLogger(__name__)
TRACKER_TABLE = "events"  # Rasa's SQLTrackerStore table


def _has_events_table(engine: Engine) -> bool:
    return inspect(engine).has_table(TRACKER_TABLE)


def erase_person(session: Session, tracker: Engine, sender_id: str) -> None:
    """Delete everything stored about one sender, in our database and Rasa's."""
    session.execute(delete(ChatMessage).where(ChatMessage.user_id == sender_id))
    session.execute(delete(SavedItem).where(SavedItem.user_id == sender_id))
    erase_tickets(session, sender_id)
    session.execute(delete(Consent).where(Consent.user_id == sender_id))
    session.execute(delete(User).where(User.id == sender_id))
    if _has_events_table(tracker):
        with tracker.begin() as connection:
            connection.execute(
                text(f"DELETE FROM {TRACKER_TABLE} WHERE sender_id = :sender"),
                {"sender": sender_id},
            )


def inactive_senders(session: Session, tracker: Engine, cutoff: dt.datetime) -> set[str]:
    """Senders whose last activity (in either store) is older than `cutoff`."""
    stale_users = set(
        session.execute(select(User.id).where(User.last_seen_at < cutoff)).scalars()
    )
    if not _has_events_table(tracker):
        return stale_users
    epoch = cutoff.replace(tzinfo=dt.timezone.utc).timestamp()
    with tracker.connect() as connection:
        rows = connection.execute(
            text(f"SELECT sender_id, MAX(timestamp) FROM {TRACKER_TABLE} GROUP BY sender_id")
        ).all()
    recent = {sender for sender, last in rows if last is not None and last >= epoch}
    stale_conversations = {sender for sender, last in rows if last is None or last < epoch}
    return (stale_users | stale_conversations) - recent


def purge_inactive(
    session: Session, tracker: Engine, days: int, now: dt.datetime | None = None
) -> int:
    """Erase everyone inactive for more than `days` days; return how many."""
    cutoff = (now or utcnow()) - dt.timedelta(days=days)
    senders = inactive_senders(session, tracker, cutoff)
    for sender in senders:
        erase_person(session, tracker, sender)
    if senders:
        log.info("Retention purge erased %d inactive conversations", len(senders))
    return len(senders)


async def erase_person_async(settings: Settings, sender_id: str) -> None:
    """`erase_person` with the configured stores, off the event loop."""
    tracker = engine_for(settings.tracker_store_url)
    await run_in_session_async(
        lambda session: erase_person(session, tracker, sender_id), settings.database_url
    )


def purge_now(settings: Settings, now: dt.datetime | None = None) -> int:
    """One retention run with the configured stores and period; requests for a counselor
    that were never sent are dropped too."""
    tracker = engine_for(settings.tracker_store_url)

    def work(session: Session) -> int:
        expire_drafts(session, now)
        journal.purge(session, now)
        return purge_inactive(session, tracker, settings.retention_days, now)

    return run_in_session(work, settings.database_url)
