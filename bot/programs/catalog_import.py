"""Import of program files: check every row, then upsert providers and programs by key.

Import checks every row before writing anything: one error anywhere and nothing is written.
Then it upserts providers and programs by key in the caller's session and transaction (the
caller commits, or rolls back if anything raises). Programs missing from a file are left
as they are: archive one by importing it with `status` archived. Reading the file itself
is `bot.programs.catalog_files`; checking a row is `bot.programs.validate`.
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Float,
    Integer,
    String,
    bindparam,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from bot.db.models import utcnow
from bot.programs import schema
from bot.programs.catalog_files import FileProblem, Rows, read_rows
from bot.programs.models import Program, Provider
from bot.programs.schema import ProgramRecord, ProviderRecord, RowError
from bot.programs.validate import validate_row

MAX_ERRORS = 1_000  # stop checking after this many: it is probably the wrong file
_CHUNK = 500  # keys per IN (...) when reading what is stored

PROGRAM_FIELDS = tuple(
    c.name for c in Program.__table__.columns
    if c.name not in ("id", "provider_id", "created_at", "updated_at")
)


@dataclass
class ImportReport:
    """What an import did (or, on a dry run or with errors, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    rows: int = 0
    providers_created: int = 0
    providers_updated: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        """True when the file had no errors."""
        return not self.errors


def import_file(
    session: Session,
    path: str | Path,
    *,
    fmt: str | None = None,
    dry_run: bool = False,
    progress: bool = False,
    today: dt.date | None = None,
) -> ImportReport:
    """Check a CSV or JSON program file and upsert its programs by key.

    `fmt` is "csv" or "json" (default: from the file name, else from its first character).
    Writes nothing when any row has an error, or on a dry run. With `progress`, a progress
    bar goes to stderr. With `today`, last_verified dates in the future are errors.
    """
    report, records = check_file(path, fmt=fmt, dry_run=dry_run, progress=progress,
                                 today=today)
    if not report.errors:
        collecting = gc.isenabled()
        gc.disable()
        try:
            _upsert(session, records, report, dry_run=dry_run)
        finally:
            if collecting:
                gc.enable()
    return report


def check_file(
    path: str | Path,
    *,
    fmt: str | None = None,
    dry_run: bool = True,
    progress: bool = False,
    today: dt.date | None = None,
) -> tuple[ImportReport, list[ProgramRecord]]:
    """Read and check a whole program file without touching the database.

    Returns the report (rows, errors, warnings) and the valid records, in file order.
    """
    report = ImportReport(dry_run=dry_run)
    path = Path(path)
    records: list[ProgramRecord] = []
    # Hundreds of thousands of objects that live until the end: the cyclic garbage
    # collector would rescan them again and again for nothing (about 10% of import time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        rows = read_rows(path, fmt, report.warnings)
        records = _check_rows(rows, report, progress=progress, today=today)
    except FileProblem as problem:
        report.errors.append(RowError(0, "", str(problem)))
    except (RecursionError, MemoryError):
        # A file built to break a reader ("[[[[…]]]]" past Python's recursion limit, huge
        # values) is refused plainly, whichever reader or check gave up.
        records = []
        report.errors.append(RowError(0, "", "the file could not be read: it is nested too "
                                             "deeply or too large"))
    finally:
        if collecting:
            gc.enable()
    return report, records


def save_records(session: Session, records: list[ProgramRecord]) -> ImportReport:
    """Upsert already checked records by key (as import does); the caller commits."""
    report = ImportReport(rows=len(records))
    _upsert(session, records, report, dry_run=False)
    return report


@dataclass(frozen=True)
class RecordChange:
    """What saving one record would do: new, changed (and which columns) or unchanged."""

    key: str
    name: str
    status: str  # "new" | "changed" | "unchanged"
    columns: tuple[str, ...] = ()


def stored_rows(session: Session, keys: list[str]) -> dict[str, dict[str, object]]:
    """Stored programs by key, each as {export column: stored value} (missing keys left out)."""
    p, t = Program.__table__, Provider.__table__
    wanted = [c for c in schema.EXPORT_COLUMNS if not c.startswith("provider_")]
    columns = [p.c[c] for c in wanted] + [
        t.c[c.removeprefix("provider_")].label(c)
        for c in schema.EXPORT_COLUMNS if c.startswith("provider_")
    ]
    found: dict[str, dict[str, object]] = {}
    for chunk in _chunks(keys, _CHUNK):
        query = select(*columns).join_from(p, t, p.c.provider_id == t.c.id).where(
            p.c.key.in_(chunk))
        for row in session.execute(query):
            found[row._mapping["key"]] = {c: row._mapping[c] for c in schema.EXPORT_COLUMNS}
    return found


def stored_row(session: Session, key: str) -> dict[str, object] | None:
    """One stored program as {export column: stored value}, or None."""
    return stored_rows(session, [key]).get(key)


def record_row(record: ProgramRecord) -> dict[str, object]:
    """A checked record as {export column: value}, comparable with `stored_row`."""
    values = record.values()
    provider = record.provider.values()
    return {
        c: provider[c.removeprefix("provider_")] if c.startswith("provider_") else values[c]
        for c in schema.EXPORT_COLUMNS
    }


def preview_changes(session: Session, records: list[ProgramRecord]) -> list[RecordChange]:
    """For each record, what importing it would change in the stored catalog."""
    result: list[RecordChange] = []
    stored = stored_rows(session, [r.key for r in records])
    for record in records:
        old = stored.get(record.key)
        if old is None:
            result.append(RecordChange(record.key, record.name, "new"))
            continue
        new = record_row(record)
        changed = tuple(c for c in schema.EXPORT_COLUMNS if old[c] != new[c])
        result.append(RecordChange(record.key, record.name,
                                   "changed" if changed else "unchanged", changed))
    return result


def _check_rows(
    source: Rows,
    report: ImportReport,
    *,
    progress: bool,
    today: dt.date | None,
) -> list[ProgramRecord]:
    total, rows = source
    from tqdm import tqdm  # installed with Rasa; imported only when importing

    records: list[ProgramRecord] = []
    first_row: dict[str, int] = {}
    known_by_header: dict[tuple, set[str]] = {}
    with tqdm(total=total, file=sys.stderr, disable=not progress, unit=" rows",
              desc="checking", leave=False) as bar:
        for number, cells in rows:
            bar.update(1)
            report.rows += 1
            if None in cells:
                reason = ("has more cells than the header has columns"
                          if cells[None] == "extra" else "must be an object of columns")
                report.errors.append(RowError(number, "", reason))
                continue
            # Unknown columns were reported once for the file; leave them out of each row.
            names = tuple(cells)
            known = known_by_header.get(names)
            if known is None:
                known = set(schema.resolve_columns(names).canonical)
                known_by_header[names] = known
            if len(known) != len(cells):
                cells = {k: v for k, v in cells.items() if k in known}
            record, errors = validate_row(cells, number, today=today)
            if errors:
                report.errors.extend(errors)
            elif record is not None:
                if record.key in first_row:
                    report.errors.append(RowError(
                        number, "key", f"same key as row {first_row[record.key]}"))
                else:
                    first_row[record.key] = number
                    records.append(record)
                    report.warnings.extend(record.warnings)
            if len(report.errors) >= MAX_ERRORS:
                report.errors.append(RowError(
                    0, "", f"stopped after {MAX_ERRORS:,} errors: is this the right file?"))
                break
    return records


def _upsert(session: Session, records: list[ProgramRecord], report: ImportReport, *,
            dry_run: bool) -> None:
    now = utcnow()
    if session.get_bind().dialect.name == "sqlite" and len(records) > 10_000:
        # SQLite's default 2 MB page cache thrashes on the indexes of a big catalog: 128 MB
        # for this connection (as long as it lives) inserts 100,000 programs twice as fast.
        session.execute(text("PRAGMA cache_size = -131072"))
    provider_ids = _upsert_providers(session, records, report, dry_run=dry_run, now=now)
    p = Program.__table__
    columns = [p.c.id, p.c.provider_id] + [p.c[name] for name in PROGRAM_FIELDS]
    for chunk in _chunks(records, _CHUNK):
        stored = {
            row.key: row._mapping
            for row in session.execute(
                select(*columns).where(p.c.key.in_([r.key for r in chunk])))
        }
        new: list[dict[str, object]] = []
        changed: list[dict[str, object]] = []
        for record in chunk:
            values = record.values()
            values["provider_id"] = provider_ids.get(record.provider.key)
            old = stored.get(record.key)
            if old is None:
                report.created += 1
                values["created_at"] = values["updated_at"] = now
                new.append(values)
            elif values["provider_id"] is None or any(
                    old[name] != value for name, value in values.items()):
                report.updated += 1
                values["_id"] = old["id"]
                values["updated_at"] = now
                changed.append(values)
            else:
                report.unchanged += 1
        if dry_run:
            continue
        if new:
            _insert_many(session, p, new)
        if changed:
            assignments = {name: bindparam(name) for name in changed[0] if name != "_id"}
            session.execute(update(p).where(p.c.id == bindparam("_id")).values(assignments),
                            changed)


def _insert_many(session: Session, table: Any, rows: list[dict[str, object]]) -> None:
    """INSERT rows (dicts with the same keys) in one executemany.

    On SQLite, straight to the driver: Core's `session.execute(insert(table), rows)` spends
    about 40 us per row of 55 columns building parameters; here the statement is compiled
    once and only values the driver can't take as they are (dates) go through their type's
    bind processor. Other databases get Core's batched executemany.
    """
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        # psycopg2's own executemany goes row by row; SQLAlchemy's batches (execute_values).
        session.execute(insert(table), rows)
        return
    names = list(rows[0])
    compiled = insert(table).compile(dialect=dialect, column_keys=names)
    processors = {}
    for name in names:
        column_type = table.c[name].type
        if isinstance(column_type, (Boolean, Float, Integer, String)):
            continue  # bool, float, int and str go to every DB-API driver as they are
        processor = column_type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            processors[name] = processor
    if processors:
        for row in rows:
            for name, processor in processors.items():
                row[name] = processor(row[name])
    if compiled.positional:
        pick = itemgetter(*[compiled.binds[name].key for name in compiled.positiontup])
        params: list[Any] = [pick(row) for row in rows]
    else:
        binds = [(name, bind.key) for name, bind in compiled.binds.items()]
        params = [{name: row[key] for name, key in binds} for row in rows]
    connection.exec_driver_sql(compiled.string, params)


def _upsert_providers(session: Session, records: list[ProgramRecord], report: ImportReport,
                      *, dry_run: bool, now: dt.datetime) -> dict[str, int | None]:
    """Insert or update each provider once (its first row wins); return key -> id."""
    wanted: dict[str, tuple[ProviderRecord, str]] = {}
    for record in records:
        first = wanted.get(record.provider.key)
        if first is None:
            wanted[record.provider.key] = (record.provider, record.key)
        elif first[0] != record.provider:
            report.warnings.append(RowError(
                0, "", f"provider {record.provider.key!r} has different details in program "
                       f"{record.key!r} than in {first[1]!r}; those of {first[1]!r} are used"))
    t = Provider.__table__
    ids: dict[str, int | None] = {}
    new: list[dict[str, object]] = []
    changed: list[dict[str, object]] = []
    keys = list(wanted)
    for chunk in _chunks(keys, _CHUNK):
        for row in session.execute(select(t).where(t.c.key.in_(chunk))):
            stored = row._mapping
            provider = wanted[stored["key"]][0]
            values = provider.values()
            ids[provider.key] = stored["id"]
            if any(stored[name] != value for name, value in values.items()):
                report.providers_updated += 1
                changed.append(values | {"_id": stored["id"], "updated_at": now})
    for key in keys:
        if key not in ids:
            report.providers_created += 1
            new.append(wanted[key][0].values() | {"created_at": now, "updated_at": now})
            ids[key] = None
    if dry_run:
        return ids
    if new:
        _insert_many(session, t, new)
        for chunk in _chunks([v["key"] for v in new], _CHUNK):
            ids.update((row.key, row.id) for row in session.execute(
                select(t.c.key, t.c.id).where(t.c.key.in_(chunk))))
    if changed:
        assignments = {name: bindparam(name) for name in changed[0] if name != "_id"}
        session.execute(update(t).where(t.c.id == bindparam("_id")).values(assignments),
                        changed)
    return ids


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def count_programs(session: Session, *, sample: bool | None = None) -> int:
    """How many programs are stored (only sample or only real ones when asked)."""
    query = select(func.count()).select_from(Program)
    if sample is not None:
        query = query.where(Program.is_sample.is_(sample))
    return int(session.execute(query).scalar_one())
