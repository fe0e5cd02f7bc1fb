"""Tables of staff accounts, the audit trail and login throttling."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped

from bot.db.base import Base
from bot.db.models import utcnow

ROLES = ("admin", "staff", "counselor")


class StaffAccount(Base):
    """Someone who signs in to the console. Only an argon2 hash of the password is kept."""

    __tablename__ = "staff_account"

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = Column(String(64), nullable=False, unique=True)
    # What survivors see on a counselor's replies: a first name or an alias.
    display_name: Mapped[str] = Column(String(64), nullable=False, default="")
    role: Mapped[str] = Column(String(16), nullable=False)  # admin | staff | counselor
    password_hash: Mapped[str] = Column(String(255), nullable=False)
    active: Mapped[bool] = Column(Boolean, nullable=False, default=True)
    # Bumped on password change or deactivation: sessions made before it stop working.
    session_version: Mapped[int] = Column(Integer, nullable=False, default=1)
    created_at: Mapped[dt.datetime] = Column(DateTime, default=utcnow, nullable=False)
    password_changed_at: Mapped[dt.datetime] = Column(DateTime, default=utcnow, nullable=False)
    last_login_at: Mapped[dt.datetime | None] = Column(DateTime, nullable=True)
    # Counselors: "on duty" while they said so and their console was open lately.
    on_duty: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    seen_at: Mapped[dt.datetime | None] = Column(DateTime, nullable=True)


class AuditEvent(Base):
    """Who changed what and when. `details` is JSON: the fields changed, old and new."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_object", "object_type", "object_key"),)

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = Column(DateTime, default=utcnow, nullable=False, index=True)
    actor: Mapped[str] = Column(String(64), nullable=False)  # a username, or "cli"
    action: Mapped[str] = Column(String(32), nullable=False)  # create, update, verify ...
    object_type: Mapped[str] = Column(String(32), nullable=False)  # program, relief, account
    object_key: Mapped[str] = Column(String(120), nullable=False, default="")
    summary: Mapped[str] = Column(String(300), nullable=False, default="")
    details: Mapped[str] = Column(Text, nullable=False, default="{}")


class LoginThrottle(Base):
    """Failed sign-ins per username and per address (keyed hashes, not the names)."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = Column(String(64), primary_key=True)
    failures: Mapped[int] = Column(Integer, nullable=False, default=0)
    window_start: Mapped[dt.datetime] = Column(DateTime, default=utcnow, nullable=False)
    locked_until: Mapped[dt.datetime | None] = Column(DateTime, nullable=True)
