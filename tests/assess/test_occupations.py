"""The O*NET-derived occupation table, its plain words, flags, attribution and rebuild."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from bot.assess import build_occupations, occupations
from bot.assess.occupations import ZONE_PREP, get, load, soc

CATALOG = occupations.CATALOG
ONET = build_occupations.DEFAULT_ONET
needs_onet = pytest.mark.skipif(not (ONET / "Interests.tsv").exists(),
                                reason="the O*NET 29.3 text files are not on this machine")


def _plain() -> dict:
    return yaml.safe_load((CATALOG / "plain.yml").read_text(encoding="utf-8"))["occupations"]


def test_the_table_loads_with_at_least_700_occupations() -> None:
    table = load()
    assert len(table) >= 700
    assert load() is table  # cached
    cook = get("35-2014.00")
    assert cook is not None
    assert cook.title == "Cooks, Restaurant"
    assert cook.plain_title == "Cook in a restaurant"
    assert cook.job_zone == 2
    assert cook.high_point.startswith("R")
    assert set(cook.riasec) == {"R", "I", "A", "S", "E", "C"}
    assert all(1.0 <= level <= 7.0 for level in cook.riasec.values())
    assert cook.education == "high school diploma or GED"
    assert cook.summary and cook.prep
    assert get("99-9999.99") is None


def test_soc_strips_the_onet_suffix() -> None:
    assert soc("35-2014.00") == "35-2014"
    assert soc("39-9011.01") == "39-9011"
    assert soc("35-2014") == "35-2014"


def test_every_row_is_well_formed() -> None:
    for occupation in load().values():
        assert 1 <= occupation.job_zone <= 5
        assert occupation.high_point and set(occupation.high_point) <= set("RIASEC")
        assert occupation.plain_title and occupation.prep


def test_plain_entries_exist_in_the_table_and_cover_150_starting_jobs() -> None:
    plain = _plain()
    table = load()
    assert not [code for code in plain if code not in table]
    starting = [code for code in plain if table[code].job_zone <= 3]
    assert len(starting) >= 150
    for code, entry in plain.items():
        assert set(entry) == {"plain_title", "summary", "prep"}, code
        assert table[code].plain_title == entry["plain_title"]


def test_occupations_without_a_plain_entry_fall_back_to_onet_title_and_zone_line() -> None:
    plain = _plain()
    other = next(o for code, o in sorted(load().items()) if code not in plain)
    assert other.plain_title == other.title
    assert other.summary == ""
    assert other.prep == ZONE_PREP[other.job_zone]
    assert not occupations.has_plain_entry(other.code)
    assert occupations.has_plain_entry("35-2014.00")


@pytest.mark.parametrize("code", [
    "31-1131.00", "39-9011.00", "25-9042.00", "33-9032.00", "31-1122.00", "39-5012.00",
    "39-5092.00", "43-3071.00", "53-3032.00", "29-2052.00", "31-9097.00",
])
def test_record_checked_fields_are_flagged(code: str) -> None:
    assert get(code).background_check


@pytest.mark.parametrize("code", ["35-2014.00", "41-2011.00", "37-2012.00", "51-4041.00"])
def test_other_fields_are_not_flagged(code: str) -> None:
    assert not get(code).background_check


def test_driving_flag_marks_driving_work_only() -> None:
    assert get("53-3033.00").driving and get("53-3054.00").driving and get("43-5021.00").driving
    assert not get("53-7062.00").driving  # warehouse work
    assert not get("53-7051.00").driving  # forklifts: no road driving


def test_education_phrases_are_plain() -> None:
    phrases = {o.education for o in load().values()}
    assert "no diploma needed" in phrases
    assert "a bachelor's degree" in phrases
    assert not any("Diploma" in phrase or "Post-" in phrase for phrase in phrases)


def test_attribution_names_the_license_the_version_and_the_changes() -> None:
    text = (CATALOG / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in text
    assert "29.3" in text
    assert "U.S. Department of Labor" in text
    assert "modified" in text.lower()


def test_titles_table_is_specific_and_leaves_out_sensitive_titles() -> None:
    with open(CATALOG / "titles.csv", encoding="utf-8", newline="") as handle:
        rows = {row["title"]: row["codes"].split() for row in csv.DictReader(handle)}
    assert "35-2014.00" in rows["line cook"]
    assert rows["dishwasher"]
    for title in ("exotic dancer", "escort", "model", "masseuse", "companion", "server", "cook"):
        assert title not in rows
    zones = {code: o.job_zone for code, o in load().items()}
    assert all(zones[code] <= 3 for codes in rows.values() for code in codes)
    assert all(len(title.split()) <= build_occupations.TITLE_MAX_WORDS for title in rows)


@needs_onet
def test_the_build_script_reproduces_the_committed_files(tmp_path: Path) -> None:
    out, titles = tmp_path / "occupations.csv", tmp_path / "titles.csv"
    assert build_occupations.main(["--onet", str(ONET), "--out", str(out),
                                   "--titles", str(titles)]) == 0
    assert out.read_bytes() == (CATALOG / "occupations.csv").read_bytes()
    assert titles.read_bytes() == (CATALOG / "titles.csv").read_bytes()


@needs_onet
def test_every_occupation_with_interests_and_a_zone_is_kept() -> None:
    rows = build_occupations.build_rows(ONET)
    assert len(rows) == len(load()) == 923
