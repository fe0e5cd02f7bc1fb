"""Import and export of the program catalog as CSV or JSON files (same column set).

Import checks every row before writing anything: one error anywhere and nothing is written.
Then it upserts providers and programs by key in the caller's session and transaction (the
caller commits, or rolls back if anything raises). Programs missing from a file are left
as they are: archive one by importing it with `status` archived.

Files must be UTF-8 (a BOM is fine). Other encodings are refused with a plain message,
not guessed: a wrong guess would silently garble names and addresses (Spanish accents,
for example), while saving again as "CSV UTF-8" takes a minute.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import json
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
from bot.programs.models import Program, Provider
from bot.programs.schema import ProgramRecord, ProviderRecord, RowError

MAX_ROWS = 200_000
MAX_BYTES = 100 * 1024 * 1024
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


class FileProblem(Exception):
    """The file as a whole can't be imported (encoding, size, shape)."""


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
        fmt = _format_of(path, fmt)
        rows = _json_rows(path) if fmt == "json" else _csv_rows(path, report)
        records = _check_rows(rows, report, progress=progress, today=today)
    except FileProblem as problem:
        report.errors.append(RowError(0, "", str(problem)))
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


def _format_of(path: Path, fmt: str | None) -> str:
    if fmt:
        if fmt not in ("csv", "json"):
            raise FileProblem(f"unknown format {fmt!r}: use csv or json")
        return fmt
    if not path.is_file():
        raise FileProblem(f"no file at {path}")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".json"):
        return suffix[1:]
    with path.open("rb") as handle:
        head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if head[:1] in (b"[", b"{") else "csv"


def _check_size(path: Path) -> None:
    if not path.is_file():
        raise FileProblem(f"no file at {path}")
    size = path.stat().st_size
    if size == 0:
        raise FileProblem("the file is empty")
    if size > MAX_BYTES:
        raise FileProblem(f"the file is {size / 1024 / 1024:.0f} MB; the limit is "
                          f"{MAX_BYTES // 1024 // 1024} MB: split it into smaller files")
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem("the file is UTF-16 text: save it as CSV UTF-8 and import again")


def _bad_encoding_line(path: Path) -> int:
    """Line number of the first bytes that are not UTF-8."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 0


def _not_utf8(path: Path) -> FileProblem:
    return FileProblem(f"file is not UTF-8 text (first problem on line "
                       f"{_bad_encoding_line(path)}): save it as CSV UTF-8 and import again")


def _csv_rows(path: Path, report: ImportReport) -> tuple[int, Iterator[tuple[int, dict]]]:
    """(row count, rows as (spreadsheet row number, cells)) after checking the whole file."""
    _check_size(path)
    # First pass: encoding, shape and size, before any row is checked.
    count = 0
    reader: Any = None
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            for cells in reader:
                if any(c.strip() for c in cells):
                    count += 1
                    if count > MAX_ROWS:
                        raise FileProblem(f"the file has more than {MAX_ROWS:,} programs: "
                                          "split it into smaller files")
    except UnicodeDecodeError:
        raise _not_utf8(path) from None
    except csv.Error as error:
        line = reader.line_num if reader is not None else 0
        raise FileProblem(f"the file is not valid CSV (line {line}): {error}") from None
    if header is None or not any(h.strip() for h in header):
        raise FileProblem("the file is empty")
    _check_header(header, report)
    if count == 0:
        raise FileProblem("the file has no programs (only a header row)")

    def rows() -> Iterator[tuple[int, dict]]:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            names = next(reader)
            width = len(names)
            for number, cells in enumerate(reader, start=2):
                if not any(c.strip() for c in cells):
                    continue  # blank lines spreadsheets leave at the end
                if len(cells) > width and any(c.strip() for c in cells[width:]):
                    yield number, {None: "extra"}
                    continue
                yield number, dict(zip(names, cells, strict=False))

    return count, rows()


def _check_header(header: list[str], report: ImportReport) -> None:
    columns = schema.resolve_columns(tuple(header))
    if columns.duplicates:
        raise FileProblem("these columns appear twice: " + ", ".join(columns.duplicates))
    missing = schema.missing_required(header)
    if missing:
        raise FileProblem("missing required columns: " + ", ".join(missing))
    for name in columns.unknown:
        report.warnings.append(RowError(0, name, "column is not used; it was ignored"))
    for note in columns.notes:
        report.warnings.append(RowError(0, "", note))


def _json_rows(path: Path) -> tuple[int, Iterator[tuple[int, dict]]]:
    _check_size(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _not_utf8(path) from None
    if not text.strip():
        raise FileProblem("the file is empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FileProblem(f"the file is not valid JSON (line {error.lineno}, column "
                          f"{error.colno}): {error.msg}") from None
    if not isinstance(data, list):
        raise FileProblem("a JSON file must hold a list of programs: [{...}, {...}]")
    if not data:
        raise FileProblem("the file has no programs (an empty list)")
    if len(data) > MAX_ROWS:
        raise FileProblem(f"the file has more than {MAX_ROWS:,} programs: split it into "
                          "smaller files")
    names: dict[str, None] = {}
    for item in data:
        if isinstance(item, dict):
            names.update(dict.fromkeys(item))
    missing = schema.missing_required(names)
    if missing:
        raise FileProblem("missing required columns: " + ", ".join(missing))

    def rows() -> Iterator[tuple[int, dict]]:
        for number, item in enumerate(data, start=1):
            if not isinstance(item, dict):
                yield number, {None: "not an object"}
                continue
            yield number, {str(k): _json_text(v) for k, v in item.items()}

    return len(data), rows()


def _json_text(value: Any) -> str:
    """A JSON value as the text a CSV cell would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return schema.format_value("", value)
    if isinstance(value, list):
        return " ".join(_json_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)


def _check_rows(
    source: tuple[int, Iterator[tuple[int, dict]]],
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
            record, errors = schema.validate_row(cells, number, today=today)
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


def export_rows(session: Session, *, include_archived: bool = False
                ) -> Iterator[dict[str, object]]:
    """Every program (active only, unless asked) as {column: stored value}, by key."""
    p, t = Program.__table__, Provider.__table__
    wanted = [c for c in schema.EXPORT_COLUMNS if not c.startswith("provider_")]
    columns = [p.c[c] for c in wanted] + [
        t.c[c.removeprefix("provider_")].label(c)
        for c in schema.EXPORT_COLUMNS if c.startswith("provider_")
    ]
    query = select(*columns).join_from(p, t, p.c.provider_id == t.c.id).order_by(p.c.key)
    if not include_archived:
        query = query.where(p.c.status == "active")
    for row in session.execute(query.execution_options(yield_per=1000)):
        yield {c: row._mapping[c] for c in schema.EXPORT_COLUMNS}


def export_file(session: Session, path: str | Path, fmt: str | None = None,
                include_archived: bool = False) -> int:
    """Write the catalog to a CSV (UTF-8 with BOM, for spreadsheets) or JSON file.

    Returns the number of programs written. Importing the file back changes nothing.
    """
    path = Path(path)
    fmt = fmt or ("json" if path.suffix.lower() == ".json" else "csv")
    if fmt not in ("csv", "json"):
        raise ValueError(f"unknown format {fmt!r}: use csv or json")
    count = 0
    rows = export_rows(session, include_archived=include_archived)
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(schema.EXPORT_COLUMNS)
            for row in rows:
                writer.writerow([schema.csv_cell(c, row[c]) for c in schema.EXPORT_COLUMNS])
                count += 1
        return count
    items = [{c: _json_value(c, v) for c, v in row.items()} for row in rows]
    path.write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(items)


def _json_value(column: str, value: object) -> object:
    """A stored value as JSON: booleans, numbers, dates as text, lists as arrays."""
    kind = schema.COLUMN_KINDS[column]
    if kind in ("codes", "languages"):
        return str(value).split()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def count_programs(session: Session, *, sample: bool | None = None) -> int:
    """How many programs are stored (only sample or only real ones when asked)."""
    query = select(func.count()).select_from(Program)
    if sample is not None:
        query = query.where(Program.is_sample.is_(sample))
    return int(session.execute(query).scalar_one())

