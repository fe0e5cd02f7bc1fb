"""The journal of Telegram updates, in the database: each answered once, none lost on a restart.

Telegram sends an update again when it is not sure we got it (a webhook answer that came
late, a connection that broke), and python-telegram-bot confirms an update before it is
answered. So every update is written here when it arrives (its id, and the update itself
sealed with the data key), and marked done, its content dropped, once it was answered:

- an update id seen before is a retry and is dropped (`claim` returns False);
- updates that were received but never answered (the bridge was killed or restarted) are
  handed back by `unanswered` when the bridge starts again, and answered then.

Only ids and times stay after the answer; `purge` drops those after two days (Telegram
retries for less than a day).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.crypto import cipher
from bot.db.models import TelegramUpdate, utcnow

KEEP_IDS = dt.timedelta(days=2)  # how long answered update ids are kept to drop retries
REPLAY_WITHIN = dt.timedelta(hours=24)  # older unanswered updates are not answered late


def claim(session: Session, update_id: int, update: dict[str, Any], key_file: Path) -> bool:
    """Record a new update; False if this id was seen before (a retry to drop: the
    primary key refuses it)."""
    sealed = cipher(key_file).encrypt(json.dumps(update).encode()).decode()
    try:
        with session.begin_nested():
            session.add(TelegramUpdate(update_id=update_id, sealed=sealed))
    except IntegrityError:
        return False
    return True


def finish(session: Session, update_id: int) -> None:
    """The update was answered: keep only its id and times."""
    row = session.get(TelegramUpdate, update_id)
    if row is not None and row.done_at is None:
        row.done_at = utcnow()
        row.sealed = None


def unanswered(session: Session, key_file: Path, now: dt.datetime | None = None,
               ) -> list[dict[str, Any]]:
    """Updates received but never answered (oldest first); those older than a day are
    closed unanswered instead (a reply a day late would be confusing, and unsafe)."""
    now = now or utcnow()
    rows = session.scalars(
        select(TelegramUpdate)
        .where(TelegramUpdate.done_at.is_(None))
        .order_by(TelegramUpdate.update_id)
    ).all()
    found = []
    fernet = cipher(key_file)
    for row in rows:
        if row.received_at < now - REPLAY_WITHIN or not row.sealed:
            row.done_at, row.sealed = now, None
            continue
        found.append(json.loads(fernet.decrypt(row.sealed.encode())))
    return found


def purge(session: Session, now: dt.datetime | None = None) -> int:
    """Forget answered update ids older than two days; return how many."""
    cutoff = (now or utcnow()) - KEEP_IDS
    result = session.execute(
        delete(TelegramUpdate).where(
            TelegramUpdate.done_at.is_not(None), TelegramUpdate.received_at < cutoff
        )
    )
    return int(result.rowcount or 0)
