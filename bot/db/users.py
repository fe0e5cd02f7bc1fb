"""Data functions for people and their chat message ids. The caller owns the session."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.db.models import ChatMessage, Consent, User, utcnow

# Telegram lets a bot delete a message for 48 hours after it was sent.
DELETE_WINDOW = dt.timedelta(hours=48)


def touch_user(session: Session, user_id: str, channel: str = "telegram") -> User:
    """Return the person's row, creating it on first contact and updating last-seen."""
    user = session.get(User, user_id)
    now = utcnow()
    if user is None:
        user = User(id=user_id, channel=channel, created_at=now, last_seen_at=now)
        session.add(user)
    else:
        user.last_seen_at = now
    session.flush()
    return user


def language_of(session: Session, user_id: str) -> str | None:
    """The language the person's replies are in, or None before their first message."""
    user = session.get(User, user_id)
    return user.language if user else None


def set_language(session: Session, user_id: str, language: str) -> None:
    """Keep the language of the person's replies (the bridge's texts follow it too)."""
    touch_user(session, user_id).language = language


def mark_privacy_notice(session: Session, user_id: str) -> None:
    """Remember that this person has been shown the privacy notice."""
    user = touch_user(session, user_id)
    if user.privacy_notice_at is None:
        user.privacy_notice_at = utcnow()
        session.add(Consent(user_id=user_id, kind="privacy_notice", granted=True))


def has_seen_privacy_notice(session: Session, user_id: str) -> bool:
    """True if the person was already shown the privacy notice."""
    user = session.get(User, user_id)
    return bool(user and user.privacy_notice_at)


def record_messages(
    session: Session, user_id: str, message_ids: list[int], direction: str
) -> None:
    """Remember chat message ids (no text) so a quick exit can delete them later."""
    now = utcnow()
    session.add_all(
        ChatMessage(user_id=user_id, message_id=mid, direction=direction, sent_at=now)
        for mid in message_ids
    )


def pop_deletable_messages(
    session: Session, user_id: str, now: dt.datetime | None = None
) -> list[int]:
    """Return the ids still inside Telegram's delete window and forget all stored ids."""
    now = now or utcnow()
    rows = session.execute(
        select(ChatMessage.message_id)
        .where(ChatMessage.user_id == user_id, ChatMessage.sent_at >= now - DELETE_WINDOW)
        .order_by(ChatMessage.message_id)
    ).scalars()
    ids = sorted(set(rows))
    session.execute(delete(ChatMessage).where(ChatMessage.user_id == user_id))
    return ids
