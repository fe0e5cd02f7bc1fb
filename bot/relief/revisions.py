"""Record-relief entries as changed in the staff console, kept as revisions in the database.

Each revision holds the whole entry as JSON. The newest revision of a jurisdiction replaces
its file entry for the running assistant; the files in data/catalog/relief stay the reviewed
baseline, and a code without a file entry can never be added from here.

Nothing here commits: the caller commits the revision together with its audit row.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.accounts import audit
from bot.relief.knowledge import (
    DEFAULT_FOLDER,
    ReliefDataError,
    ReliefEntry,
    entry_from_data,
    entry_to_data,
    load_entries,
)
from bot.relief.knowledge_schema import OPTIONAL
from bot.relief.models import ReliefRevision

log = logging.getLogger(__name__)

SOURCE = "console"  # what validation errors call the data of a console edit
NOTE_LENGTH = 300  # ReliefRevision.note
AUTHOR_LENGTH = 64  # ReliefRevision.author


class SaveResult(NamedTuple):
    """What `save_revision` did: the entry now in effect, and whether a revision was written."""

    entry: ReliefEntry
    changed: bool


def _newest(session: Session, code: str | None = None) -> list[ReliefRevision]:
    """The newest revision of every code (or of one code), in one query."""
    newest_ids = select(func.max(ReliefRevision.id)).group_by(ReliefRevision.code)
    if code is not None:
        newest_ids = newest_ids.where(ReliefRevision.code == code)
    query = select(ReliefRevision).where(ReliefRevision.id.in_(newest_ids))
    return list(session.execute(query).scalars())


def _entry_of(revision: ReliefRevision, file_entry: ReliefEntry) -> ReliefEntry | None:
    """A stored revision as an entry, or None (logged) when it no longer validates.

    A revision holds every field of its day; an optional field the schema gained since
    (such as the rule facts) takes the file entry's value, so an older revision keeps
    meaning what it meant when it was saved.
    """
    try:
        data = json.loads(revision.data)
        if isinstance(data, dict):
            known = entry_to_data(file_entry)
            data = {**{key: known[key] for key in OPTIONAL if key not in data}, **data}
        return entry_from_data(data, SOURCE, revision.code)
    except (ValueError, TypeError) as exc:  # ReliefDataError and JSONDecodeError are both
        log.warning(
            "relief revision %s of %r ignored, its file entry is used: %s",
            revision.id, revision.code, exc,
        )
        return None


def overlay(session: Session, files: Mapping[str, ReliefEntry]) -> dict[str, ReliefEntry]:
    """`files` with each code's newest revision in place of its file entry.

    Revisions of codes that `files` lacks are left out; a revision that no longer validates
    (the schema changed since it was saved) is logged and the file entry is kept.
    """
    effective = dict(files)
    for revision in _newest(session):
        if revision.code in effective:
            entry = _entry_of(revision, files[revision.code])
            if entry is not None:
                effective[revision.code] = entry
    return effective


def effective_entries(
    session: Session, folder: Path | str = DEFAULT_FOLDER
) -> dict[str, ReliefEntry]:
    """Every entry as the assistant uses it: the files, overlaid with the newest revisions."""
    return overlay(session, load_entries(folder))


def history(session: Session, code: str) -> list[ReliefRevision]:
    """Every revision of one jurisdiction, newest first."""
    query = (
        select(ReliefRevision)
        .where(ReliefRevision.code == code)
        .order_by(ReliefRevision.id.desc())
    )
    return list(session.execute(query).scalars())


def revision_signature(session: Session) -> tuple[int, int]:
    """(count, highest id) of all revisions: changes whenever one is added or removed."""
    count, highest = session.execute(
        select(func.count(ReliefRevision.id), func.max(ReliefRevision.id))
    ).one()
    return int(count or 0), int(highest or 0)


def _current(session: Session, code: str, files: Mapping[str, ReliefEntry]) -> ReliefEntry:
    """The entry in effect for `code` (newest valid revision, else the file entry)."""
    for revision in _newest(session, code):
        entry = _entry_of(revision, files[code])
        if entry is not None:
            return entry
    return files[code]


def _summary(entry: ReliefEntry, changed: list[str], note: str) -> str:
    """One line for the audit trail: whose entry, which fields, and the editor's note."""
    text = f"{entry.name} ({entry.code}): changed {', '.join(changed)}"
    return f"{text}. {note}" if note else text


def save_revision(
    session: Session,
    code: str,
    data: Mapping[str, Any],
    author: str,
    note: str = "",
    *,
    folder: Path | str = DEFAULT_FOLDER,
) -> SaveResult:
    """Validate a console edit of one entry and add it as a revision, with its audit row.

    `data` is the whole entry (as `entry_to_data` gives it). An invalid entry, or a code
    with no file entry, raises `ReliefDataError` naming the field, and nothing is added.
    When the entry equals the one in effect, nothing is added and `changed` is False.
    The caller commits.
    """
    author = author.strip()
    if not author:
        raise ValueError("a revision needs an author")
    files = load_entries(folder)
    if code not in files:
        raise ReliefDataError(SOURCE, "code", f"no file entry for {code!r}; codes come from files")
    entry = entry_from_data(data, SOURCE, code)
    current = _current(session, code, files)
    if entry == current:
        return SaveResult(current, changed=False)

    old_data, new_data = entry_to_data(current), entry_to_data(entry)
    note = note.strip()[:NOTE_LENGTH]
    details = audit.changes(old_data, new_data)
    session.add(
        ReliefRevision(
            code=code,
            data=json.dumps(new_data, ensure_ascii=False),
            author=author[:AUTHOR_LENGTH],
            note=note,
        )
    )
    audit.record(
        session, author, "update", "relief", code, _summary(entry, list(details), note),
        details=details,
    )
    session.flush()
    return SaveResult(entry, changed=True)
