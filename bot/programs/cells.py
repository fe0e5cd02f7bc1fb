"""Stored program values as the text of a CSV cell or a form field (the inverse of validation).

Used by the export, the console's program form and the import of JSON numbers.
"""

from __future__ import annotations

import datetime as dt
import re

FORMULA_START = ("=", "+", "@", "\t", "\r")
_NUMBER_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def csv_cell(column: str, value: object) -> str:
    """A stored value as a CSV cell that a spreadsheet will not run as a formula.

    Text starting with = + @ (or - when it is not a number) gets a leading ' (the
    spreadsheet convention for "this is text"); import takes it off again, so an exported
    file imports back unchanged.
    """
    text = format_value(column, value)
    if text[:1] in FORMULA_START or (text[:1] == "-" and not _NUMBER_RE.match(text)):
        return "'" + text
    return text


def format_value(column: str, value: object) -> str:
    """A stored value as the text the CSV column holds (the inverse of validation)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
