"""The saved assessment profile: one per person, sealed like every saved item.

Kept: interest scores per area, the skills and job titles understood (ids, not the
person's words), the "what holds you back" codes, and the job-zone limit. Program search
and a counselor handoff (with consent) read it; the person can see, change or delete it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.db import saved
from bot.db.models import SavedItem

KIND = "profile"


def save_profile(session: Session, user_id: str, profile: dict[str, Any],
                 key_file: Path) -> None:
    """Replace this person's profile."""
    delete_profile(session, user_id)
    saved.save_item(session, user_id, KIND, profile, key_file)


def load_profile(session: Session, user_id: str, key_file: Path) -> dict[str, Any] | None:
    """This person's profile, or None."""
    items = saved.saved_items(session, user_id, KIND, key_file)
    return items[0] if items else None


def delete_profile(session: Session, user_id: str) -> bool:
    """Delete this person's profile; True when there was one."""
    result = session.execute(
        delete(SavedItem).where(SavedItem.user_id == user_id, SavedItem.kind == KIND)
    )
    return bool(result.rowcount)
