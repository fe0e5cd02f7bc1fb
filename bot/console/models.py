"""Tables of the staff console: accounts, the audit trail, login throttling, record-relief
revisions made in the console, and aggregate counts of searches that found nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
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


class ReliefRevision(Base):
    """A record-relief entry as changed in the console (the whole entry, as JSON).

    The newest revision of a jurisdiction replaces its file entry for the assistant; the
    files in data/catalog/relief stay the reviewed baseline.
    """

    __tablename__ = "relief_revision"
    __table_args__ = (Index("ix_relief_revision_code", "code", "id"),)

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = Column(String(16), nullable=False)
    data: Mapped[str] = Column(Text, nullable=False)
    author: Mapped[str] = Column(String(64), nullable=False)
    note: Mapped[str] = Column(String(300), nullable=False, default="")
    created_at: Mapped[dt.datetime] = Column(DateTime, default=utcnow, nullable=False)


class SearchMiss(Base):
    """How many program searches found nothing, per day and what was asked (no person)."""

    __tablename__ = "search_miss"
    __table_args__ = (UniqueConstraint("day", "topic", "place", name="uq_search_miss_key"),)

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    day: Mapped[dt.date] = Column(Date, nullable=False)
    topic: Mapped[str] = Column(String(80), nullable=False, default="")  # "cooking", "any"
    place: Mapped[str] = Column(String(80), nullable=False, default="")  # "Atlanta, GA"
    count: Mapped[int] = Column(Integer, nullable=False, default=0)
