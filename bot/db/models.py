"""Tables of the application's own data. Nobody is stored by name or Telegram id."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped

# SQLAlchemy 1.4 (Rasa's pin) has `Mapped` but not `mapped_column` (2.0 only), so columns
# are declared with `Column` and typed with `Mapped[...]`; moving to 2.0 is a rename.
from bot.db.base import Base


def utcnow() -> dt.datetime:
    """Current UTC time, timezone-naive as stored (SQLite keeps no zone)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class User(Base):
    """A person, known only by a pseudonymous id (a keyed hash of their channel id)."""

    __tablename__ = "user"

    id: Mapped[str] = Column(String(64), primary_key=True)
    channel: Mapped[str] = Column(String(16), default="telegram", nullable=False)
    created_at: Mapped[dt.datetime] = Column(DateTime, default=utcnow, nullable=False)
    last_seen_at: Mapped[dt.datetime] = Column(DateTime, default=utcnow, nullable=False)
    language: Mapped[str] = Column(String(8), default="en", nullable=False)
    privacy_notice_at: Mapped[dt.datetime | None] = Column(DateTime, nullable=True)


class Consent(Base):
    """One consent decision (what, given or withdrawn, when); kept as a history."""

    __tablename__ = "consent"

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = Column(
        String(64), ForeignKey("user.id", ondelete="CASCADE"), index=True, nullable=False
    )
    kind: Mapped[str] = Column(String(32), nullable=False)
    granted: Mapped[bool] = Column(Boolean, default=True, nullable=False)
    at: Mapped[dt.datetime] = Column(DateTime, default=utcnow, nullable=False)


class ChatMessage(Base):
    """Id of a message in a person's chat, kept only so a quick exit can delete it.

    No text is stored: only the chat-local message number, its direction and time.
    """

    __tablename__ = "chat_message"
    __table_args__ = (Index("ix_chat_message_user_sent", "user_id", "sent_at"),)

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = Column(String(64), nullable=False)
    message_id: Mapped[int] = Column(Integer, nullable=False)
    direction: Mapped[str] = Column(String(3), nullable=False)  # "in" or "out"
    sent_at: Mapped[dt.datetime] = Column(DateTime, default=utcnow, nullable=False)


class SavedItem(Base):
    """Something a person chose to keep (e.g. a record-relief answer), encrypted at rest.

    Only what is needed to show it again is kept (for record relief: the place and the
    screener's answers), so the text is rebuilt from the current, checked facts.
    """

    __tablename__ = "saved_item"

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = Column(String(64), index=True, nullable=False)
    kind: Mapped[str] = Column(String(32), nullable=False)
    sealed: Mapped[str] = Column(Text, nullable=False)  # Fernet token of a JSON object
    created_at: Mapped[dt.datetime] = Column(DateTime, default=utcnow, nullable=False)


class TelegramUpdate(Base):
    """One Telegram update the bridge received: its id (to drop Telegram's retries) and,
    only until it is answered, the update itself, sealed with the data key — so a bridge
    that is killed or restarted answers what it had not answered yet."""

    __tablename__ = "telegram_update"

    update_id: Mapped[int] = Column(BigInteger, primary_key=True, autoincrement=False)
    sealed: Mapped[str | None] = Column(Text, nullable=True)  # NULL once answered
    received_at: Mapped[dt.datetime] = Column(DateTime, default=utcnow, nullable=False,
                                              index=True)
    done_at: Mapped[dt.datetime | None] = Column(DateTime, nullable=True)
