"""validate_row: one row of text in, a clean record or plain errors out (no file, no DB)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.programs.schema import (
    ALIASES,
    EXPORT_COLUMNS,
    REQUIRED_COLUMNS,
    RowError,
    missing_required,
    terms_for,
)
from bot.programs.validate import validate_row

BASE = {
    "key": "p-1",
    "name": "Cooking Basics",
    "provider_name": "Example Kitchen",
    "format": "in_person",
    "zip": "30303",
    "last_verified": "2026-10-01",
}


def row(**changes: str) -> dict[str, str]:
    return {**BASE, **changes}


def reasons(errors: list[RowError]) -> dict[str, str]:
    return {e.column: e.reason for e in errors}


def test_minimal_row_is_a_record_with_the_zip_centroid() -> None:
    record, errors = validate_row(row(), 2)
    assert errors == []
    assert record is not None
    assert (record.lat, record.lon) == (33.7525, -84.3888)
    assert record.languages == "en"
    assert record.status == "active"
    assert record.provider.key == "example-kitchen@atlanta-ga"  # name and the ZIP's city
    assert record.requires_photo_id is None  # blank = not known
    assert record.background_check == "unknown"


@pytest.mark.parametrize("text,value", [
    ("yes", True), ("Y", True), ("TRUE", True), ("1", True), ("no", False), ("n", False),
    ("False", False), ("0", False), ("", None),
])
def test_yes_no_values(text: str, value: bool | None) -> None:
    record, errors = validate_row(row(requires_photo_id=text), 2)
    assert errors == [] and record is not None
    assert record.requires_photo_id is value


@pytest.mark.parametrize("text,value", [
    ("$1,200", 1200.0), ("1200.50", 1200.5), ("0", 0.0), ("free", 0.0), ("", None),
])
def test_money(text: str, value: float | None) -> None:
    record, errors = validate_row(row(total_cost_usd=text), 2)
    assert errors == [] and record is not None
    assert record.total_cost_usd == value
    assert record.is_free is (value == 0)


@pytest.mark.parametrize("column,text,reason", [
    ("total_cost_usd", "abc", "must be a number like 1200 or 0"),
    ("total_cost_usd", "-5", "can't be less than 0"),
    ("zip", "3030x", "ZIP must have 5 digits"),
    ("zip", "12", "ZIP must have 5 digits"),
    ("languages", "en xx", "unknown language 'xx': use codes like en es"),
    ("stipend", "maybe", "must be yes or no (or blank)"),
    ("last_verified", "31/12/2026", "must be a date like 2026-05-31"),
    ("last_verified", "", "required"),
    ("format", "boat", "must be in_person, online or hybrid"),
    ("state", "Georgiaa", "must be a two-letter state code like GA"),
    ("background_check", "sometimes",
     "must be none, at_enrollment, for_license or unknown"),
    ("occupations", "35-2014 cook", "unknown occupation code 'cook': use SOC codes like 35-2014"),
    ("contact_email", "not-an-email", "must be an email address like name@example.org"),
    ("key", "has space", "must be 1 to 80 letters, digits or . _ : / @ - (no spaces)"),
    ("name", "", "required"),
    ("provider_name", "", "required"),
    ("lat", "north", "must be a number of degrees like 33.7525"),
])
def test_plain_reasons(column: str, text: str, reason: str) -> None:
    record, errors = validate_row(row(**{column: text}), 7)
    assert record is None
    assert reasons(errors)[column] == reason
    assert all(e.row == 7 for e in errors)


def test_every_error_of_a_row_is_reported_at_once() -> None:
    _, errors = validate_row(row(total_cost_usd="x", stipend="?", languages="xx"), 3)
    assert {e.column for e in errors} == {"total_cost_usd", "stipend", "languages"}
    assert str(errors[0]).startswith("row 3, column ")


def test_in_person_needs_a_place_online_does_not() -> None:
    _, errors = validate_row(row(zip=""), 2)
    assert reasons(errors)["zip"].startswith("required: a ZIP, or city and state")
    record, errors = validate_row(row(zip="", format="online"), 2)
    assert errors == [] and record is not None and record.lat is None


def test_city_and_state_are_enough_and_placed_at_the_city() -> None:
    record, errors = validate_row(row(zip="", city="houston", state="tx"), 2)
    assert errors == [] and record is not None
    assert record.state == "TX"
    assert abs(record.lat - 29.77) < 0.2 and abs(record.lon + 95.4) < 0.3


def test_unknown_place_is_an_error_for_in_person() -> None:
    _, errors = validate_row(row(zip="", city="Nowhereville", state="GA"), 2)
    assert "can't find this place" in reasons(errors)["zip"]


def test_given_coordinates_win_over_the_zip() -> None:
    record, _ = validate_row(row(lat="34.0", lon="-84.0"), 2)
    assert record is not None and (record.lat, record.lon) == (34.0, -84.0)
    _, errors = validate_row(row(lat="34.0"), 2)
    assert reasons(errors)["lon"] == "give both lat and lon, or neither"


def test_program_site_defaults_to_the_provider_address() -> None:
    record, errors = validate_row(row(zip="", provider_address="1 Main St",
                                      provider_city="Atlanta", provider_state="GA",
                                      provider_zip="30310"), 2)
    assert errors == [] and record is not None
    assert (record.address, record.city, record.zip) == ("1 Main St", "Atlanta", "30310")
    assert record.lat == record.provider.lat is not None


def test_spreadsheet_zip_without_its_leading_zero_is_padded_with_a_warning() -> None:
    record, errors = validate_row(row(zip="2134"), 2)
    assert errors == [] and record is not None
    assert record.zip == "02134"
    assert any("read as 02134" in w.reason for w in record.warnings)


def test_languages_accept_names_and_separators() -> None:
    record, _ = validate_row(row(languages="Spanish; English, vi"), 2)
    assert record is not None and record.languages == "es en vi"


def test_future_date_is_an_error_only_when_today_is_given() -> None:
    assert validate_row(row(last_verified="2027-01-01"), 2)[1] == []
    _, errors = validate_row(row(last_verified="2027-01-01"), 2, today=dt.date(2026, 11, 29))
    assert reasons(errors)["last_verified"] == "is in the future"


def test_unknown_column_is_a_warning_not_an_error() -> None:
    record, errors = validate_row(row(favourite_colour="blue"), 2)
    assert errors == [] and record is not None
    assert [w.column for w in record.warnings] == ["favourite_colour"]


def test_etpl_aliases_and_their_one_two_coding() -> None:
    raw = {
        "PROGRAMID": "nj-123", "PROGRAMNAME": "CNA", "PROVIDERNAME": "Some College",
        "TOTALCOST": "$1,250", "CIPCODE": "513902", "EVENINGCOURSES": "1", "CHILDCARE": "2",
        "ZIP": "07102", "CITY": "Newark", "STATE": "NJ", "LANGUAGES": "English",
        "DISTANCELEARNING": "2", "TOTALCLOCKHOURS": "120", "SPEAKSPANISH": "1",
        "last_verified": "2026-10-01",
    }
    record, errors = validate_row(raw, 2)
    assert errors == [], errors
    assert record is not None
    assert (record.key, record.name, record.provider.name) == ("nj-123", "CNA", "Some College")
    assert record.total_cost_usd == 1250.0
    assert record.cip_code == "51.3902"
    assert record.evening is True and record.childcare_onsite is False
    assert record.format == "in_person"
    assert record.languages == "en es"
    assert record.clock_hours == 120.0
    assert record.lat is not None


def test_our_column_wins_over_its_alias() -> None:
    record, _ = validate_row(row(PROGRAMNAME="Other name"), 2)
    assert record is not None and record.name == "Cooking Basics"


def test_required_columns_and_aliases() -> None:
    assert missing_required(EXPORT_COLUMNS) == []
    assert missing_required(["key", "name"]) == ["provider_name", "format", "last_verified"]
    assert missing_required(["PROGRAMID", "PROGRAMNAME", "PROVIDERNAME", "DISTANCELEARNING",
                             "last_verified"]) == []
    assert set(REQUIRED_COLUMNS) <= set(EXPORT_COLUMNS)
    assert all(target in EXPORT_COLUMNS or target in ("speaks_spanish", "distance_learning")
               for target in ALIASES.values())


def test_script_text_is_kept_as_given() -> None:
    record, errors = validate_row(row(name="<script>alert(1)</script> Cooking",
                                      description="<b>bold</b> & \"quoted\""), 2)
    assert errors == [] and record is not None
    assert record.name == "<script>alert(1)</script> Cooking"
    assert record.description == "<b>bold</b> & \"quoted\""


def test_search_terms_are_word_prefixes_and_soc_codes() -> None:
    terms = terms_for("Cooking & Kitchen_Basics", "chef, line-cook", "", "35-2014.00 35-2021")
    assert terms.startswith(" ") and terms.endswith(" ")
    words = terms.split()
    assert {"cooking", "kitchen", "basics", "chef", "line", "cook", "soc:35-2014",
            "soc:35-2021"} <= set(words)
    assert "_" not in terms


def test_docs_list_every_column_and_alias() -> None:
    from bot.config import ROOT
    from bot.programs.schema import INPUT_ONLY_COLUMNS

    doc = (ROOT / "docs" / "programs.md").read_text(encoding="utf-8")
    for column in EXPORT_COLUMNS + tuple(c[0] for c in INPUT_ONLY_COLUMNS):
        assert f"| `{column}` |" in doc, column
    for alias, column in ALIASES.items():
        assert f"| `{alias.upper()}` | `{column}`" in doc, alias
