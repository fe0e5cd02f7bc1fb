"""Tables of the training-program catalog: providers and their programs.

Columns follow the documented import column set (docs/programs.md). `is_free`,
`interests` and `terms` are derived on import, so search filters, matches and ranks in SQL.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, relationship

from bot.db.base import Base
from bot.db.models import utcnow


class Provider(Base):
    """An organisation that runs training programs."""

    __tablename__ = "provider"

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    # The provider's key from the file, or one made from its name and city (see validate.py).
    key: Mapped[str] = Column(String(120), nullable=False, unique=True)
    name: Mapped[str] = Column(String(200), nullable=False)
    website: Mapped[str] = Column(String(500), nullable=False, default="")
    phone: Mapped[str] = Column(String(40), nullable=False, default="")
    email: Mapped[str] = Column(String(200), nullable=False, default="")
    address: Mapped[str] = Column(String(200), nullable=False, default="")
    city: Mapped[str] = Column(String(80), nullable=False, default="")
    state: Mapped[str] = Column(String(2), nullable=False, default="")
    zip: Mapped[str] = Column(String(5), nullable=False, default="")
    lat: Mapped[float | None] = Column(Float, nullable=True)
    lon: Mapped[float | None] = Column(Float, nullable=True)
    description: Mapped[str] = Column(Text, nullable=False, default="")
    survivor_specific: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    trauma_informed: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = Column(DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[dt.datetime] = Column(DateTime, default=utcnow, nullable=False)

    programs = relationship("Program", back_populates="provider")


SEARCH_INDEX_COLUMNS = (
    "format", "lat", "lon", "status", "total_cost_usd", "stipend", "childcare_onsite",
    "childcare_assistance", "daytime", "evening", "weekend", "part_time", "languages",
    "requires_photo_id", "requires_ssn", "requires_work_authorization", "requires_hs_diploma",
    "background_check", "record_friendly", "survivor_specific", "trauma_informed",
    "last_verified", "interests", "terms", "key",
)


class Program(Base):
    """One training program (a course of study at one site, or online)."""

    __tablename__ = "program"
    __table_args__ = (
        # The search index: online programs come through format = 'online', located ones
        # through format plus a latitude band (longitude checked inside the index). It also
        # holds every column the filters and the ranking read, so SQLite answers a search
        # from the index alone, without visiting the rows and their long texts (4x faster
        # on 100,000 programs). A status-first index would mislead SQLite's planner into
        # row-by-row lookups of nearly every program: nearly all are active.
        Index("ix_program_search", *SEARCH_INDEX_COLUMNS),
    )

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = Column(String(80), nullable=False, unique=True)  # the upsert key
    provider_id: Mapped[int] = Column(
        Integer, ForeignKey("provider.id"), nullable=False, index=True
    )
    name: Mapped[str] = Column(String(200), nullable=False)
    description: Mapped[str] = Column(Text, nullable=False, default="")
    occupations: Mapped[str] = Column(Text, nullable=False, default="")  # "35-2014 35-2012"
    cip_code: Mapped[str] = Column(String(7), nullable=False, default="")  # "12.0503"
    keywords: Mapped[str] = Column(Text, nullable=False, default="")
    total_cost_usd: Mapped[float | None] = Column(Float, nullable=True)  # None = not known
    is_free: Mapped[bool] = Column(Boolean, nullable=False, default=False)  # cost == 0
    stipend: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    stipend_notes: Mapped[str] = Column(Text, nullable=False, default="")
    childcare_onsite: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    childcare_assistance: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    daytime: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    evening: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    weekend: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    part_time: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    length_weeks: Mapped[float | None] = Column(Float, nullable=True)
    clock_hours: Mapped[float | None] = Column(Float, nullable=True)
    format: Mapped[str] = Column(String(10), nullable=False)  # in_person | online | hybrid
    languages: Mapped[str] = Column(String(100), nullable=False, default="en")  # "en es"
    address: Mapped[str] = Column(String(200), nullable=False, default="")
    city: Mapped[str] = Column(String(80), nullable=False, default="")
    state: Mapped[str] = Column(String(2), nullable=False, default="")
    zip: Mapped[str] = Column(String(5), nullable=False, default="")
    lat: Mapped[float | None] = Column(Float, nullable=True)
    lon: Mapped[float | None] = Column(Float, nullable=True)
    # Document requirements: None = not known (search keeps the program but says to ask).
    requires_photo_id: Mapped[bool | None] = Column(Boolean, nullable=True)
    requires_ssn: Mapped[bool | None] = Column(Boolean, nullable=True)
    requires_work_authorization: Mapped[bool | None] = Column(Boolean, nullable=True)
    requires_hs_diploma: Mapped[bool | None] = Column(Boolean, nullable=True)
    # none | at_enrollment | for_license | unknown
    background_check: Mapped[str] = Column(String(16), nullable=False, default="unknown")
    record_friendly: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    survivor_specific: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    trauma_informed: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    credential_name: Mapped[str] = Column(String(200), nullable=False, default="")
    leads_to_license: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    career_services: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    contact_phone: Mapped[str] = Column(String(40), nullable=False, default="")
    contact_email: Mapped[str] = Column(String(200), nullable=False, default="")
    contact_url: Mapped[str] = Column(String(500), nullable=False, default="")
    how_to_enrol: Mapped[str] = Column(Text, nullable=False, default="")
    last_verified: Mapped[dt.date] = Column(Date, nullable=False)
    verified_by: Mapped[str] = Column(String(120), nullable=False, default="")
    status: Mapped[str] = Column(String(10), nullable=False, default="active")
    is_sample: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    # " cook cooking kitchen soc:35-2014 ": the distinct lower-case words of the name,
    # keywords and credential, and the SOC codes (schema.terms_for). Keyword and occupation
    # search match word prefixes here with LIKE '% cook%', inside the search index.
    terms: Mapped[str] = Column(Text, nullable=False, default="")
    # RIASEC letters derived from the occupations (schema.interests_for), a weak signal.
    interests: Mapped[str] = Column(String(6), nullable=False, default="")
    created_at: Mapped[dt.datetime] = Column(DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[dt.datetime] = Column(DateTime, default=utcnow, nullable=False)

    provider = relationship("Provider", back_populates="programs")


class SearchMiss(Base):
    """How many program searches found nothing, per day and what was asked (no person)."""

    __tablename__ = "search_miss"
    __table_args__ = (UniqueConstraint("day", "topic", "place", name="uq_search_miss_key"),)

    id: Mapped[int] = Column(Integer, primary_key=True, autoincrement=True)
    day: Mapped[dt.date] = Column(Date, nullable=False)
    topic: Mapped[str] = Column(String(80), nullable=False, default="")  # "cooking", "any"
    place: Mapped[str] = Column(String(80), nullable=False, default="")  # "Atlanta, GA"
    count: Mapped[int] = Column(Integer, nullable=False, default=0)
