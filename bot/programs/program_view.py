"""A stored program and its provider as a plain frozen value, read by key or by id.

What the search hands out (`Hit.program`) and what the chat and the handoff summary read:
no ORM object leaves the session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.programs.models import Program, Provider

STALE_AFTER_DAYS = 182


@dataclass(frozen=True)
class ProgramView:
    """A stored program and its provider, copied out of the session."""

    id: int  # stable across re-imports (upsert keeps it); short enough for button payloads
    key: str
    name: str
    description: str
    provider_key: str
    provider_name: str
    provider_website: str
    provider_phone: str
    provider_email: str
    occupations: tuple[str, ...]
    cip_code: str
    keywords: str
    credential_name: str
    leads_to_license: bool
    total_cost_usd: float | None
    is_free: bool
    stipend: bool
    stipend_notes: str
    childcare_onsite: bool
    childcare_assistance: bool
    daytime: bool
    evening: bool
    weekend: bool
    part_time: bool
    length_weeks: float | None
    clock_hours: float | None
    format: str
    languages: tuple[str, ...]
    address: str
    city: str
    state: str
    zip: str
    lat: float | None
    lon: float | None
    requires_photo_id: bool | None
    requires_ssn: bool | None
    requires_work_authorization: bool | None
    requires_hs_diploma: bool | None
    background_check: str
    record_friendly: bool
    survivor_specific: bool
    trauma_informed: bool
    career_services: bool
    contact_phone: str
    contact_email: str
    contact_url: str
    how_to_enrol: str
    last_verified: dt.date
    verified_by: str
    status: str
    is_sample: bool

    def is_stale(self, today: dt.date) -> bool:
        """True when nobody has checked the program for more than 182 days."""
        return (today - self.last_verified).days > STALE_AFTER_DAYS


_VIEW_FIELDS = [f.name for f in fields(ProgramView)]
_PROVIDER_PREFIXED = ("provider_key", "provider_name", "provider_website", "provider_phone",
                      "provider_email")


def _view_columns() -> list[Any]:
    columns: list[Any] = []
    for name in _VIEW_FIELDS:
        if name in _PROVIDER_PREFIXED:
            columns.append(getattr(Provider, name.removeprefix("provider_")).label(name))
        else:
            columns.append(getattr(Program, name))
    return columns


def _view(row: Any) -> ProgramView:
    values = dict(row._mapping)
    values["occupations"] = tuple(values["occupations"].split())
    values["languages"] = tuple(values["languages"].split())
    return ProgramView(**values)


def get_program(session: Session, key: str) -> ProgramView | None:
    """One program by key (archived ones too: the caller decides what to say)."""
    row = session.execute(
        select(*_view_columns()).join(Provider, Program.provider_id == Provider.id)
        .where(Program.key == key)
    ).first()
    return _view(row) if row else None


def get_programs(session: Session, ids: Sequence[int], *,
                 include_archived: bool = False) -> list[ProgramView]:
    """Programs by id, in the order asked; missing (and archived, unless asked) left out."""
    if not ids:
        return []
    query = (select(*_view_columns()).join(Provider, Program.provider_id == Provider.id)
             .where(Program.id.in_(list(ids))))
    if not include_archived:
        query = query.where(Program.status == "active")
    found = {row.id: _view(row) for row in session.execute(query)}
    return [found[i] for i in dict.fromkeys(ids) if i in found]
