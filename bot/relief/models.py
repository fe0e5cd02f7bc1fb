"""The table of record-relief revisions: entries as changed by staff in the console."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped

from bot.db.base import Base
from bot.db.models import utcnow


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
