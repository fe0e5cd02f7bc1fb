"""Import and export of catalog files: all rows checked first, nothing written on error."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.programs import catalog_files
from bot.programs.catalog_export import export_file
from bot.programs.catalog_import import import_file
from bot.programs.models import Program, Provider
from bot.programs.program_view import get_program
from bot.programs.schema import EXPORT_COLUMNS
from tests.programs.conftest import FIXTURE_CATALOG, snapshot

HEADER = ["key", "name", "provider_name", "format", "zip", "total_cost_usd", "last_verified"]


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


GOOD = ["new-1", "New Program", "New Provider", "in_person", "30303", "0", "2026-10-01"]


def test_fixture_catalog_loads(catalog: Session) -> None:
    providers, programs, _ = snapshot(catalog)
    assert (providers, programs) == (6, 15)
    houston = get_program(catalog, "fx-houston-cook")
    assert houston is not None and houston.lat is not None  # placed from its ZIP alone


def test_bad_values_are_reported_by_row_and_column_and_nothing_is_written(
        catalog: Session, tmp_path: Path) -> None:
    before = snapshot(catalog)
    path = write_csv(tmp_path / "bad.csv", [
        GOOD,
        ["bad-1", "Bad", "P", "in_person", "30303", "abc", "2026-10-01"],
        ["bad-2", "Bad", "P", "in_person", "3030x", "0", "yesterday"],
    ])
    report = import_file(catalog, path)
    assert [(e.row, e.column, e.reason) for e in report.errors] == [
        (3, "total_cost_usd", "must be a number like 1200 or 0"),
        (4, "zip", "ZIP must have 5 digits"),
        (4, "last_verified", "must be a date like 2026-05-31"),
    ]
    assert (report.created, report.updated) == (0, 0)
    assert snapshot(catalog) == before  # not even the good row


def test_missing_required_columns_is_one_file_error(catalog: Session, tmp_path: Path) -> None:
    before = snapshot(catalog)
    path = write_csv(tmp_path / "cols.csv", [["k", "n", "p"]], header=["key", "name", "provider"])
    report = import_file(catalog, path)
    assert len(report.errors) == 1
    error = report.errors[0]
    assert (error.row, error.column) == (0, "")
    assert error.reason == "missing required columns: provider_name, format, last_verified"
    assert str(error).startswith("file: missing required columns")
    assert snapshot(catalog) == before


def test_duplicate_key_is_an_error_on_the_second_row(catalog: Session, tmp_path: Path) -> None:
    before = snapshot(catalog)
    path = write_csv(tmp_path / "dup.csv", [GOOD, GOOD[:1] + ["Again"] + GOOD[2:]])
    report = import_file(catalog, path)
    assert [(e.row, e.column, e.reason) for e in report.errors] == [
        (3, "key", "same key as row 2")]
    assert snapshot(catalog) == before


def test_file_over_the_size_limit_is_refused_before_reading(catalog: Session,
                                                           tmp_path: Path) -> None:
    before = snapshot(catalog)
    path = tmp_path / "huge.csv"
    line = ",".join(GOOD) + "," + "x" * 1000 + "\n"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(",".join(HEADER + ["description"]) + "\n")
        block = line * 1000
        while handle.tell() <= catalog_files.MAX_BYTES:
            handle.write(block)
    try:
        report = import_file(catalog, path)
    finally:
        path.unlink()  # pytest keeps the temporary folders of the last runs
    assert len(report.errors) == 1
    assert "the limit is 100 MB: split it into smaller files" in report.errors[0].reason
    assert snapshot(catalog) == before


def test_file_over_the_row_limit_is_refused(catalog: Session, tmp_path: Path) -> None:
    before = snapshot(catalog)
    path = tmp_path / "many.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("key,name,provider_name,format,last_verified\n")
        handle.writelines(f"k{n},n,p,online,2026-10-01\n"
                          for n in range(catalog_files.MAX_ROWS + 1))
    report = import_file(catalog, path)
    assert [e.reason for e in report.errors] == [
        "the file has more than 200,000 programs: split it into smaller files"]
    assert snapshot(catalog) == before


def test_file_that_is_not_utf8_is_refused_with_its_line(catalog: Session,
                                                       tmp_path: Path) -> None:
    before = snapshot(catalog)
    path = tmp_path / "latin1.csv"
    text = ",".join(HEADER) + "\n" + ",".join(GOOD) + "\n" + \
        "cafe-1,Café Skills,P,in_person,30303,0,2026-10-01\n"
    path.write_bytes(text.encode("latin-1"))
    report = import_file(catalog, path)
    assert [e.reason for e in report.errors] == [
        "file is not UTF-8 text (first problem on line 3): save it as CSV UTF-8 and import "
        "again"]
    assert snapshot(catalog) == before


def test_utf16_file_is_refused(catalog: Session, tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_text(",".join(HEADER) + "\n", encoding="utf-16")
    report = import_file(catalog, path)
    assert "UTF-16" in report.errors[0].reason


def test_utf8_with_bom_is_fine(db: Session, tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_text(",".join(HEADER) + "\n" + ",".join(GOOD) + "\n", encoding="utf-8-sig")
    report = import_file(db, path)
    assert report.errors == [] and report.created == 1


@pytest.mark.parametrize("content,reason", [
    (b"", "the file is empty"),
    (b"\n\n", "the file is empty"),
    (",".join(HEADER).encode() + b"\n", "the file has no programs (only a header row)"),
])
def test_empty_and_header_only_files(catalog: Session, tmp_path: Path, content: bytes,
                                     reason: str) -> None:
    before = snapshot(catalog)
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    report = import_file(catalog, path)
    assert [e.reason for e in report.errors] == [reason]
    assert snapshot(catalog) == before


@pytest.mark.parametrize("content,reason", [
    ('{"key": "a"}', "a JSON file must hold a list of programs: [{...}, {...}]"),
    ("[]", "the file has no programs (an empty list)"),
    ('[{"key": "a",', "the file is not valid JSON (line 1, column 14): Expecting property name "
                     "enclosed in double quotes"),
])
def test_json_that_is_not_a_list_of_programs(catalog: Session, tmp_path: Path, content: str,
                                             reason: str) -> None:
    before = snapshot(catalog)
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    report = import_file(catalog, path)
    assert [e.reason for e in report.errors] == [reason]
    assert snapshot(catalog) == before


def test_json_item_that_is_not_an_object(catalog: Session, tmp_path: Path) -> None:
    before = snapshot(catalog)
    path = tmp_path / "items.json"
    item = dict(zip(HEADER, GOOD, strict=True))
    path.write_text(json.dumps([item, "oops"]), encoding="utf-8")
    report = import_file(catalog, path)
    assert [(e.row, e.reason) for e in report.errors] == [(2, "must be an object of columns")]
    assert snapshot(catalog) == before


def test_json_with_typed_values(db: Session, tmp_path: Path) -> None:
    path = tmp_path / "typed.json"
    path.write_text(json.dumps([{
        "key": "j-1", "name": "JSON program", "provider_name": "P", "format": "online",
        "total_cost_usd": 250, "stipend": True, "languages": ["en", "es"],
        "requires_photo_id": None, "last_verified": "2026-10-01",
    }]), encoding="utf-8")
    report = import_file(db, path)
    assert report.errors == [] and report.created == 1
    view = get_program(db, "j-1")
    assert view is not None
    assert (view.total_cost_usd, view.stipend, view.languages) == (250.0, True, ("en", "es"))
    assert view.requires_photo_id is None


def test_row_with_more_cells_than_the_header(catalog: Session, tmp_path: Path) -> None:
    before = snapshot(catalog)
    path = write_csv(tmp_path / "wide.csv", [GOOD + ["surprise"]])
    report = import_file(catalog, path)
    assert [(e.row, e.reason) for e in report.errors] == [
        (2, "has more cells than the header has columns")]
    assert snapshot(catalog) == before


def test_dry_run_writes_nothing_but_says_what_would_happen(catalog: Session,
                                                          tmp_path: Path) -> None:
    before = snapshot(catalog)
    path = write_csv(tmp_path / "new.csv", [GOOD])
    report = import_file(catalog, path, dry_run=True)
    assert (report.created, report.updated, report.unchanged, report.errors) == (1, 0, 0, [])
    assert report.providers_created == 1
    assert snapshot(catalog) == before


def test_import_again_is_unchanged_and_a_changed_row_is_updated(catalog: Session,
                                                               tmp_path: Path) -> None:
    again = import_file(catalog, FIXTURE_CATALOG)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 15)
    assert (again.providers_created, again.providers_updated) == (0, 0)

    rows = list(csv.DictReader(FIXTURE_CATALOG.open(encoding="utf-8")))
    old = get_program(catalog, "fx-cna")
    rows[2]["total_cost_usd"] = "999"
    rows[2]["keywords"] = "nursing patient care"
    path = tmp_path / "changed.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=rows[0].keys())
        writer.writeheader()
        writer.writerows(rows)
    report = import_file(catalog, path)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 14)
    new = get_program(catalog, "fx-cna")
    assert old is not None and new is not None
    assert new.id == old.id  # upsert keeps the id that saved lists refer to
    assert new.total_cost_usd == 999.0
    stored = catalog.execute(select(Program.terms).where(Program.key == "fx-cna")).scalar_one()
    assert " patient " in stored and " aide " not in stored


def test_provider_without_key_is_matched_by_name_and_city(db: Session, tmp_path: Path) -> None:
    header = HEADER + ["provider_city", "provider_state"]
    path = write_csv(tmp_path / "p.csv", [
        GOOD + ["Atlanta", "GA"],
        ["new-2"] + GOOD[1:] + ["Atlanta", "GA"],
        ["new-3"] + GOOD[1:] + ["Houston", "TX"],
    ], header=header)
    report = import_file(db, path)
    assert report.errors == [] and report.providers_created == 2
    keys = set(db.execute(select(Provider.key)).scalars())
    assert keys == {"new-provider@atlanta-ga", "new-provider@houston-tx"}


def test_export_then_import_changes_nothing(catalog: Session, tmp_path: Path) -> None:
    before = snapshot(catalog)
    for fmt in ("csv", "json"):
        path = tmp_path / f"export.{fmt}"
        count = export_file(catalog, path, fmt, include_archived=True)
        assert count == 15
        report = import_file(catalog, path)
        assert report.errors == []
        assert (report.created, report.updated, report.unchanged) == (0, 0, 15), fmt
        assert snapshot(catalog) == before


def test_export_has_the_documented_columns_and_leaves_archived_out(catalog: Session,
                                                                  tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    assert export_file(catalog, path) == 14
    with path.open(encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == EXPORT_COLUMNS
        rows = list(reader)
    assert "fx-archived-cook" not in {r["key"] for r in rows}
    near = next(r for r in rows if r["key"] == "fx-cook-near")
    assert (near["stipend"], near["total_cost_usd"], near["requires_photo_id"]) == (
        "yes", "0", "no")
    far = next(r for r in rows if r["key"] == "fx-nails")
    assert far["requires_photo_id"] == ""  # not known stays blank


def test_script_text_is_stored_verbatim(db: Session, tmp_path: Path) -> None:
    name = '<script>alert("x")</script> Cooking & Baking'
    path = write_csv(tmp_path / "xss.csv", [["x-1", name, "<b>P</b>", "online", "", "0",
                                             "2026-10-01"]])
    assert import_file(db, path).errors == []
    view = get_program(db, "x-1")
    assert view is not None
    assert view.name == name and view.provider_name == "<b>P</b>"


def test_unknown_columns_warn_once_per_file(db: Session, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "extra.csv", [GOOD + ["a note"], ["new-2"] + GOOD[1:] + [""]],
                     header=HEADER + ["notes"])
    report = import_file(db, path)
    assert report.errors == [] and report.created == 2
    assert [(w.row, w.column) for w in report.warnings] == [(0, "notes")]


def test_etpl_style_file(db: Session, tmp_path: Path) -> None:
    header = ["PROGRAMID", "PROGRAMNAME", "PROVIDERNAME", "TOTALCOST", "CIPCODE",
              "EVENINGCOURSES", "CHILDCARE", "ZIP", "CITY", "STATE", "LANGUAGES",
              "DISTANCELEARNING", "TOTALCLOCKHOURS", "SPEAKSPANISH", "PREREQUISITES",
              "last_verified"]
    path = write_csv(tmp_path / "etpl.csv", [
        ["101", "Welding", "County College", "$3,400", "480508", "1", "2", "07102", "Newark",
         "NJ", "English", "2", "400", "1", "None", "2026-09-01"],
        ["102", "Office Online", "County College", "0", "520401", "2", "2", "07102", "Newark",
         "NJ", "", "1", "90", "2", "", "2026-09-01"],
    ], header=header)
    report = import_file(db, path)
    assert report.errors == [], report.errors
    assert [w.column for w in report.warnings] == ["PREREQUISITES"]
    welding, office = get_program(db, "101"), get_program(db, "102")
    assert welding is not None and office is not None
    assert (welding.total_cost_usd, welding.cip_code, welding.evening) == (3400.0, "48.0508",
                                                                           True)
    assert (welding.format, welding.languages, welding.clock_hours) == ("in_person",
                                                                        ("en", "es"), 400.0)
    assert (office.format, office.is_free, office.languages) == ("online", True, ("en",))
    assert welding.provider_key == office.provider_key == "county-college@newark-nj"


def test_progress_bar_goes_to_stderr(db: Session, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "one.csv", [GOOD])
    import_file(db, path, progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "checking" in captured.err
