"""Export of the program catalog as a CSV or JSON file (the import's column set).

CSV is UTF-8 with a BOM, for spreadsheets, with formula-like text guarded
(`cells.csv_cell`); importing an exported file back changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.programs import schema
from bot.programs.cells import csv_cell
from bot.programs.models import Program, Provider


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
                writer.writerow([csv_cell(c, row[c]) for c in schema.EXPORT_COLUMNS])
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
