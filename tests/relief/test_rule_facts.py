"""The rule facts of an entry (`listed_offenses`, `scope_by_relief`, `waits_for_sentence`):
read from the files, fit the fields they refine, and a bad value fails naming file and field.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.relief.knowledge import (
    DEFAULT_FOLDER,
    OffensesCovered,
    ReliefDataError,
    ReliefEntry,
    ReliefType,
    entry_from_data,
    entry_to_data,
    load_entries,
)
from bot.relief.terms import Likelihood, OffenseKind

MAY, UNSURE_, NOT = Likelihood.MAY_APPLY, Likelihood.UNCLEAR, Likelihood.MAY_NOT_APPLY


@pytest.fixture(scope="module")
def entries() -> dict[str, ReliefEntry]:
    """The shipped entries, loaded once."""
    return load_entries()


# ---------------------------------------------------------------------------------------
# The shipped files
# ---------------------------------------------------------------------------------------


def test_every_listed_entry_says_how_its_list_compares(entries: dict[str, ReliefEntry]) -> None:
    listed = {code for code, e in entries.items() if e.offenses_covered is OffensesCovered.LISTED}
    assert listed == {"pa", "ma", "tx", "md", "ut", "wa", "ct"}  # the README's list
    assert {code for code, e in entries.items() if e.listed_offenses} == listed - {"ct"}


def test_pennsylvania_closed_list(entries: dict[str, ReliefEntry]) -> None:
    assert dict(entries["pa"].listed_offenses) == {
        OffenseKind.PROSTITUTION: MAY,
        OffenseKind.DRUG_POSSESSION: MAY,
        OffenseKind.THEFT: NOT,
        OffenseKind.VIOLENT: NOT,
    }


def test_split_scopes_are_the_three_entries_with_two_scopes(
    entries: dict[str, ReliefEntry],
) -> None:
    split = {code: e.scope_by_relief for code, e in entries.items() if e.scope_by_relief}
    assert set(split) == {"il", "co", "nc"}
    assert split["il"] == {
        ReliefType.VACATUR: OffensesCovered.PROSTITUTION_RELATED,
        ReliefType.SEALING: OffensesCovered.ALL,
    }
    assert split["co"][ReliefType.SEALING] == {OffenseKind.PROSTITUTION: MAY}
    for code in split:
        assert set(split[code]) == set(entries[code].relief_types)
        assert entries[code].offenses_covered is OffensesCovered.ALL  # the broadest


def test_waiting_for_the_sentence_matches_the_time_limit(entries: dict[str, ReliefEntry]) -> None:
    waiting = {code for code, e in entries.items() if e.waits_for_sentence}
    assert waiting == {"dc", "ks", "tn", "tx", "il"}
    for code in waiting:
        assert re.search(r"(?i)sentence|discharge", entries[code].time_limit or "")


def test_entries_stay_hashable(entries: dict[str, ReliefEntry]) -> None:
    assert len({hash(entry) for entry in entries.values()}) == len(entries)


@pytest.mark.parametrize("code", ["pa", "ct", "co", "il", "tx", "ga"])
def test_rule_facts_round_trip_through_json(entries: dict[str, ReliefEntry], code: str) -> None:
    data = json.loads(json.dumps(entry_to_data(entries[code])))
    assert entry_from_data(data, "console", code) == entries[code]


# ---------------------------------------------------------------------------------------
# A bad value fails loudly, naming the file and the field
# ---------------------------------------------------------------------------------------


def _raw(code: str) -> dict[str, Any]:
    data = yaml.safe_load((DEFAULT_FOLDER / f"{code}.yml").read_text(encoding="utf-8"))
    data["last_reviewed"] = str(data["last_reviewed"])
    return data


def _expect_error(tmp_path: Path, data: dict[str, Any], field: str) -> str:
    name = f"{data['code']}.yml"
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(ReliefDataError) as caught:
        load_entries(tmp_path)
    assert (caught.value.file, caught.value.field) == (name, field)
    assert str(caught.value).startswith(f"{name}: field '{field}': ")
    return caught.value.problem


@pytest.mark.parametrize(
    ("code", "key", "value", "field", "problem"),
    [
        ("pa", "listed_offenses", {"theft": "maybe"}, "listed_offenses.theft",
         "unknown value 'maybe'; allowed: may_apply, unclear, may_not_apply"),
        ("pa", "listed_offenses", {"fraud": "may_apply"}, "listed_offenses.fraud",
         "unknown value 'fraud'; allowed: prostitution, drug_possession"),
        ("pa", "listed_offenses", {"unsure": "unclear"}, "listed_offenses.unsure",
         "never compared with a list"),
        ("pa", "listed_offenses", ["prostitution"], "listed_offenses",
         "expected offense: likelihood pairs, got list"),
        ("pa", "listed_offenses", {"theft": True}, "listed_offenses.theft",
         "unknown value True"),
        ("il", "scope_by_relief", {"vacatur": "some", "sealing": "all"},
         "scope_by_relief.vacatur", "unknown value 'some'; allowed: all, nonviolent"),
        ("il", "scope_by_relief", {"vacatur": "all", "pardon": "all"},
         "scope_by_relief.pardon", "unknown value 'pardon'; allowed: vacatur"),
        ("co", "scope_by_relief", {"vacatur": "all", "sealing": {"theft": "yes"}},
         "scope_by_relief.sealing.theft", "unknown value 'yes'; allowed: may_apply"),
        ("il", "scope_by_relief", "all", "scope_by_relief",
         "expected a mapping of relief type: scope, got str"),
        ("tx", "waits_for_sentence", "yes", "waits_for_sentence",
         "expected true or false, got str"),
    ],
)
def test_a_bad_rule_fact_names_the_file_and_the_field(
    tmp_path: Path, code: str, key: str, value: Any, field: str, problem: str
) -> None:
    data = _raw(code)
    data[key] = value
    assert _expect_error(tmp_path, data, field).startswith(problem)


def test_a_listed_entry_must_say_how_its_list_compares(tmp_path: Path) -> None:
    data = _raw("pa")
    del data["listed_offenses"]
    assert "missing" in _expect_error(tmp_path, data, "listed_offenses")


def test_an_offense_list_is_only_for_a_listed_entry(tmp_path: Path) -> None:
    data = _raw("ga")
    data["listed_offenses"] = {"theft": "may_apply"}
    assert "only for offenses_covered: listed" in _expect_error(tmp_path, data, "listed_offenses")


@pytest.mark.parametrize(
    "scopes",
    [{"vacatur": "all"}, {"vacatur": "all", "sealing": "all", "expungement": "all"}],
)
def test_scope_by_relief_must_name_each_relief(tmp_path: Path, scopes: dict[str, str]) -> None:
    data = _raw("il")
    data["scope_by_relief"] = scopes
    assert "each of relief_types" in _expect_error(tmp_path, data, "scope_by_relief")


def test_waiting_for_the_sentence_needs_a_time_limit(tmp_path: Path) -> None:
    data = _raw("ga")
    data["time_limit"] = None
    data["waits_for_sentence"] = True
    assert "time_limit is null" in _expect_error(tmp_path, data, "waits_for_sentence")


def test_the_console_source_is_named_too() -> None:
    data = entry_to_data(load_entries()["pa"])
    data["listed_offenses"] = {"theft": "maybe"}
    with pytest.raises(ReliefDataError, match=r"^console: field 'listed_offenses.theft': "):
        entry_from_data(data, "console", "pa")
