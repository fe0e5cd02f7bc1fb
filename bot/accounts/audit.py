"""The audit trail: one row per change to programs, relief entries and accounts."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.accounts.models import AuditEvent

MAX_VALUE = 500  # characters of one old/new value kept in the trail


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str) and len(value) > MAX_VALUE:
        return value[:MAX_VALUE] + "…"
    return value


def changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value differs."""
    return {
        name: [_plain(old.get(name)), _plain(new.get(name))]
        for name in sorted(set(old) | set(new))
        if old.get(name) != new.get(name)
    }


def record(session: Session, actor: str, action: str, object_type: str,
           object_key: str = "", summary: str = "",
           details: dict[str, Any] | None = None) -> AuditEvent:
    """Add one audit row to the session (the caller commits with the change itself)."""
    event = AuditEvent(
        actor=actor[:64], action=action[:32], object_type=object_type[:32],
        object_key=object_key[:120], summary=summary[:300],
        details=json.dumps(details or {}, ensure_ascii=False, default=str),
    )
    session.add(event)
    return event


def recent(session: Session, *, object_type: str | None = None, object_key: str | None = None,
           actor: str | None = None, limit: int = 100, offset: int = 0) -> list[AuditEvent]:
    """The newest events first, optionally for one kind of object, one object or one actor."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if object_key:
        query = query.where(AuditEvent.object_key == object_key)
    if actor:
        query = query.where(AuditEvent.actor == actor)
    return list(session.execute(query.limit(limit).offset(offset)).scalars())
