"""Reading a program file (CSV or JSON) into numbered rows of text cells, or refusing it.

The whole file is checked for encoding, size and shape before any row is read, so a bad
file gets one plain message. Files must be UTF-8 (a BOM is fine). Other encodings are
refused, not guessed: a wrong guess would silently garble names and addresses (Spanish
accents, for example), while saving again as "CSV UTF-8" takes a minute.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.programs import schema
from bot.programs.cells import format_value
from bot.programs.schema import RowError

MAX_ROWS = 200_000
MAX_BYTES = 100 * 1024 * 1024

Rows = tuple[int, Iterator[tuple[int, dict]]]  # (row count, (row number, cells) pairs)


class FileProblem(Exception):
    """The file as a whole can't be imported (encoding, size, shape)."""


def read_rows(path: Path, fmt: str | None, warnings: list[RowError]) -> Rows:
    """The rows of a CSV or JSON file (`fmt`, or from its name, else its first character).

    Raises FileProblem for a file that can't be imported; notes on the header (unused
    columns, a column named twice) go to `warnings`.
    """
    fmt = _format_of(path, fmt)
    return _json_rows(path) if fmt == "json" else _csv_rows(path, warnings)


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


def _csv_rows(path: Path, warnings: list[RowError]) -> Rows:
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
    _check_header(header, warnings)
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


def _check_header(header: list[str], warnings: list[RowError]) -> None:
    columns = schema.resolve_columns(tuple(header))
    if columns.duplicates:
        raise FileProblem("these columns appear twice: " + ", ".join(columns.duplicates))
    missing = schema.missing_required(header)
    if missing:
        raise FileProblem("missing required columns: " + ", ".join(missing))
    for name in columns.unknown:
        warnings.append(RowError(0, name, "column is not used; it was ignored"))
    for note in columns.notes:
        warnings.append(RowError(0, "", note))


def _json_rows(path: Path) -> Rows:
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
        return format_value("", value)
    if isinstance(value, list):
        return " ".join(_json_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)
