"""Tables of the counselor handoff: tickets and their messages.

Everything a person wrote or agreed to share is sealed (Fernet, the data key); only the
state, times and who is assigned are in the clear, so the queue can be read in SQL.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped

from bot.db.base import Base
from bot.db.models import utcnow

STATUSES = ("draft", "waiting", "active", "closed")
OPEN_STATUSES = ("draft", "waiting", "active")
SHARES = ("none", "summary", "full")


class Ticket(Base):
    """One request for a human."""

    __tablename__ = "ticket"
    __table_args__ = (
        Index("ix_ticket_user_status", "user_id", "status"),
        Index("ix_ticket_status_created", "status", "created_at"),
    )

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = Column(String(64), nullable=False)  # pseudonymous sender id
    # draft (choosing a note) -> waiting (in the queue) -> active (a counselor has it)
    # -> closed. A draft or waiting ticket can be cancelled (closed) by the person.
    status: Mapped[str] = Column(String(10), nullable=False, default="draft")
    share: Mapped[str] = Column(String(10), nullable=False)  # none | summary | full
    consent_at: Mapped[dt.datetime] = Column(DateTime, nullable=False, default=utcnow)
    after_hours: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    channel: Mapped[str] = Column(String(16), nullable=False, default="telegram")
    sealed_note: Mapped[str] = Column(Text, nullable=False, default="")
    sealed_summary: Mapped[str] = Column(Text, nullable=False, default="")
    sealed_transcript: Mapped[str] = Column(Text, nullable=False, default="")
    # Where counselor replies go (the Telegram chat id), sealed; only while a ticket lives.
    sealed_chat: Mapped[str] = Column(Text, nullable=False, default="")
    # Counselors only, never shown to the person.
    sealed_internal_note: Mapped[str] = Column(Text, nullable=False, default="")
    assigned_to: Mapped[int | None] = Column(
        Integer, ForeignKey("staff_account.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[dt.datetime] = Column(DateTime, nullable=False, default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = Column(DateTime, nullable=True)
    taken_at: Mapped[dt.datetime | None] = Column(DateTime, nullable=True)
    closed_at: Mapped[dt.datetime | None] = Column(DateTime, nullable=True)
    # person | counselor | quick_exit | cancelled | expired
    closed_by: Mapped[str] = Column(String(16), nullable=False, default="")
    # Set when the assistant must take the conversation back (bridge clears it).
    resume_pending: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    updated_at: Mapped[dt.datetime] = Column(DateTime, nullable=False, default=utcnow)


class TicketMessage(Base):
    """One message of a handoff: from the person (in), a counselor (out) or the system."""

    __tablename__ = "ticket_message"
    __table_args__ = (
        Index("ix_ticket_message_ticket", "ticket_id", "id"),
        Index("ix_ticket_message_outbox", "direction", "delivered_at"),
    )

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = Column(
        Integer, ForeignKey("ticket.id", ondelete="CASCADE"), nullable=False)
    direction: Mapped[str] = Column(String(6), nullable=False)  # in | out | system
    author_id: Mapped[int | None] = Column(
        Integer, ForeignKey("staff_account.id", ondelete="SET NULL"), nullable=True)
    # The name the person saw ("Maria"), kept so the record stays right if it changes.
    author_name: Mapped[str] = Column(String(64), nullable=False, default="")
    sealed_body: Mapped[str] = Column(Text, nullable=False)
    crisis: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = Column(DateTime, nullable=False, default=utcnow)
    # Outgoing only: when the bridge delivered it (None = waiting in the outbox).
    delivered_at: Mapped[dt.datetime | None] = Column(DateTime, nullable=True)
    failed: Mapped[bool] = Column(Boolean, nullable=False, default=False)
