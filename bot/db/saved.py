"""Saved items: what a person chose to keep, sealed with the data key. Caller owns the session."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.crypto import cipher
from bot.db import users
from bot.db.models import SavedItem

MAX_ITEMS = 20  # per person and kind; the oldest go first


def save_item(session: Session, user_id: str, kind: str, content: dict[str, Any],
              key_file: Path) -> None:
    """Keep `content` for this person, encrypted; at most MAX_ITEMS of a kind, oldest dropped."""
    users.touch_user(session, user_id)
    token = cipher(key_file).encrypt(json.dumps(content, sort_keys=True).encode()).decode()
    session.add(SavedItem(user_id=user_id, kind=kind, sealed=token))
    session.flush()
    rows = session.execute(
        select(SavedItem)
        .where(SavedItem.user_id == user_id, SavedItem.kind == kind)
        .order_by(SavedItem.id.desc())
    ).scalars().all()
    for row in rows[MAX_ITEMS:]:
        session.delete(row)


def saved_items(session: Session, user_id: str, kind: str, key_file: Path) -> list[dict[str, Any]]:
    """This person's saved items of one kind, newest first, decrypted."""
    rows = session.execute(
        select(SavedItem.sealed)
        .where(SavedItem.user_id == user_id, SavedItem.kind == kind)
        .order_by(SavedItem.id.desc())
    ).scalars().all()
    fernet = cipher(key_file)
    return [json.loads(fernet.decrypt(token.encode())) for token in rows]


def remove_items(session: Session, user_id: str, kind: str,
                 match: Callable[[dict[str, Any]], bool], key_file: Path) -> int:
    """Delete this person's saved items of one kind for which `match(content)` holds."""
    fernet = cipher(key_file)
    rows = session.execute(
        select(SavedItem).where(SavedItem.user_id == user_id, SavedItem.kind == kind)
    ).scalars().all()
    removed = 0
    for row in rows:
        if match(json.loads(fernet.decrypt(row.sealed.encode()))):
            session.delete(row)
            removed += 1
    return removed
