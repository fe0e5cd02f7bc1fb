"""Record-relief entries: all 52 load, bad files fail naming file and field, facts match."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.relief.knowledge import (
    DEFAULT_FOLDER,
    BurdenOfProof,
    Confidence,
    Documentation,
    Kind,
    OffensesCovered,
    ReliefDataError,
    ReliefEntry,
    ReliefType,
    Scope,
    load_entries,
    load_entry,
)

STATES = (
    "al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj "
    "nm ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy"
).split()
ALL_CODES = frozenset(STATES) | {"dc", "federal"}


@pytest.fixture(scope="module")
def entries() -> dict[str, ReliefEntry]:
    """The shipped entries, loaded (and so validated) once."""
    return load_entries()


# ---------------------------------------------------------------------------------------
# Every jurisdiction is there and loads
# ---------------------------------------------------------------------------------------


def test_50_states_dc_and_federal_are_all_present(entries: dict[str, ReliefEntry]) -> None:
    assert len(STATES) == 50
    assert set(entries) == ALL_CODES
    assert {path.stem for path in DEFAULT_FOLDER.glob("*.yml")} == ALL_CODES


@pytest.mark.parametrize("code", sorted(ALL_CODES))
def test_each_file_loads_and_its_code_matches_its_name(code: str) -> None:
    path = DEFAULT_FOLDER / f"{code}.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert raw["code"] == code
    entry = load_entry(path)
    assert entry.code == code
    expected = {"federal": Kind.FEDERAL, "dc": Kind.DISTRICT}.get(code, Kind.STATE)
    assert entry.kind is expected


def test_needs_lawyer_check_exactly_when_partial_or_unverified(
    entries: dict[str, ReliefEntry],
) -> None:
    for entry in entries.values():
        weak = entry.confidence in (Confidence.PARTIAL, Confidence.UNVERIFIED)
        assert entry.needs_lawyer_check is weak, entry.code


def test_every_entry_ends_with_the_same_national_referral(
    entries: dict[str, ReliefEntry],
) -> None:
    national = {entry.legal_help[-1] for entry in entries.values()}
    assert len(national) == 1
    (srp,) = national
    assert srp.scope is Scope.NATIONAL
    assert "survivorreentry@freedomnetworkusa.org" in srp.how
    for entry in entries.values():
        scopes = [help_.scope for help_ in entry.legal_help]
        # State-specific referrals first, then national ones.
        assert scopes == sorted(scopes, key=lambda scope: scope is Scope.NATIONAL), entry.code


def test_last_reviewed_is_the_compilation_date(entries: dict[str, ReliefEntry]) -> None:
    # "Collected in November 2026": no staff review has happened yet (see README).
    assert {entry.last_reviewed for entry in entries.values()} == {date(2026, 11, 29)}


def test_a_relief_law_always_names_its_relief(entries: dict[str, ReliefEntry]) -> None:
    for entry in entries.values():
        if entry.trafficking_specific_relief is True:
            assert entry.relief_types, entry.code
            assert entry.citations or entry.confidence is Confidence.UNVERIFIED, entry.code


# ---------------------------------------------------------------------------------------
# Spot checks against the reference (record-relief.md)
# ---------------------------------------------------------------------------------------


def test_georgia_vacatur_and_record_restriction(entries: dict[str, ReliefEntry]) -> None:
    ga = entries["ga"]
    assert "O.C.G.A. § 17-10-21" in ga.citations
    assert "O.C.G.A. § 35-3-37" in ga.citations
    assert ReliefType.VACATUR in ga.relief_types
    assert ReliefType.RECORD_RESTRICTION in ga.relief_types
    assert ga.offenses_covered is OffensesCovered.ALL
    assert ga.documentation is Documentation.PRESUMPTION


def test_federal_trafficking_survivors_relief_act(entries: dict[str, ReliefEntry]) -> None:
    federal = entries["federal"]
    assert "18 U.S.C. § 3771A" in federal.citations
    assert {ReliefType.VACATUR, ReliefType.EXPUNGEMENT} <= set(federal.relief_types)
    assert federal.offenses_covered is OffensesCovered.NONVIOLENT  # Level A
    # The reference conflicts on the standard of proof and has no deadline: ❓ -> unverified.
    assert federal.burden_of_proof is BurdenOfProof.UNCLEAR
    assert federal.time_limit is None
    assert federal.confidence is Confidence.UNVERIFIED
    assert federal.needs_lawyer_check is True


def test_texas_gives_nondisclosure_not_vacatur(entries: dict[str, ReliefEntry]) -> None:
    tx = entries["tx"]
    assert tx.relief_types == (ReliefType.NONDISCLOSURE,)
    assert ReliefType.VACATUR not in tx.relief_types


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("pa", ("prosecutor", "consent")),
        ("la", ("da", "certify")),
        ("tx", ("help law enforcement",)),
        ("id", ("identify the trafficker",)),
        ("oh", ("earlier prostitution",)),
        ("oh", ("hearing",)),
        ("or", ("hearing required",)),
    ],
)
def test_special_hurdles(
    entries: dict[str, ReliefEntry], code: str, words: tuple[str, ...]
) -> None:
    assert any(all(word in hurdle.lower() for word in words) for hurdle in entries[code].hurdles), (
        entries[code].hurdles
    )


@pytest.mark.parametrize("code", ["ak", "ia", "me"])
def test_states_polaris_names_as_having_no_relief_for_adults(
    entries: dict[str, ReliefEntry], code: str
) -> None:
    entry = entries[code]
    assert entry.trafficking_specific_relief is False
    assert entry.citations == ()
    assert entry.relief_types == ()
    assert entry.offenses_covered is OffensesCovered.NONE


def test_maine_general_prostitution_sealing_is_kept_as_general_route(
    entries: dict[str, ReliefEntry],
) -> None:
    assert "15 M.R.S. § 2262-A" in (entries["me"].general_route_note or "")


@pytest.mark.parametrize("code", ["az", "or", "wi", "va", "mi", "ar"])
def test_prostitution_only_states(entries: dict[str, ReliefEntry], code: str) -> None:
    # Key takeaway 1: AZ, OR, WI, VA, MI and AR (for adults) cover prostitution-type offenses only.
    assert entries[code].offenses_covered is OffensesCovered.PROSTITUTION_RELATED


def test_arizona_is_prostitution_only_vacatur(entries: dict[str, ReliefEntry]) -> None:
    az = entries["az"]
    assert az.citations == ("A.R.S. § 13-909",)
    assert az.relief_types == (ReliefType.VACATUR,)
    assert az.burden_of_proof is BurdenOfProof.CLEAR_AND_CONVINCING


@pytest.mark.parametrize("code", ["ga", "ne", "wy", "nj", "co"])
def test_any_offense_states(entries: dict[str, ReliefEntry], code: str) -> None:
    # Key takeaway 1: GA, NE, WY, NJ and CO (with some exclusions) cover any resulting offense.
    assert entries[code].offenses_covered is OffensesCovered.ALL


def test_set_aside_states(entries: dict[str, ReliefEntry]) -> None:
    with_set_aside = {code for code, e in entries.items() if ReliefType.SET_ASIDE in e.relief_types}
    assert with_set_aside == {"mi", "ne"}


# ---------------------------------------------------------------------------------------
# Cross-check with the reference text itself (skipped where the reference is not present)
# ---------------------------------------------------------------------------------------

REFERENCE = Path(os.environ.get("RELIEF_REFERENCE", "/work/shared/reference/record-relief.md"))
# Weakest first: a row that mixes marks takes the weakest.
MARKS = (
    ("\u2753", Confidence.UNVERIFIED),  # ❓
    ("\u26a0", Confidence.PARTIAL),  # ⚠️
    ("\u2611", Confidence.SECONDARY),  # ☑️
    ("\u2705", Confidence.VERIFIED),  # ✅
)


def _reference_rows() -> dict[str, str]:
    text = REFERENCE.read_text(encoding="utf-8")
    federal = text.split("### 1.3", 1)[1].split("### 1.4", 1)[0]
    table = text.split("### 1.4", 1)[1].split("### 1.5", 1)[0]
    rows = {"federal": federal}
    for line in table.splitlines():
        match = re.match(r"^\| ([A-Z]{2}) \|", line)
        if match:
            rows[match.group(1).lower()] = line
    return rows


def _number_tokens(citation: str) -> list[str]:
    """The parts of a citation that carry digits ("17-10-21", "3019(d)", "2022")."""
    tokens = []
    for raw in citation.split():
        token = raw.strip(",;").lstrip("(")
        if token.count(")") > token.count("("):
            token = token.rstrip(")")
        if any(ch.isdigit() for ch in token):
            tokens.append(token)
    return tokens


needs_reference = pytest.mark.skipif(not REFERENCE.is_file(), reason="reference not present")


@needs_reference
def test_reference_has_a_row_for_every_jurisdiction() -> None:
    assert set(_reference_rows()) == ALL_CODES


@needs_reference
@pytest.mark.parametrize("code", sorted(ALL_CODES))
def test_citations_and_sources_are_copied_from_the_reference(
    entries: dict[str, ReliefEntry], code: str
) -> None:
    row = _reference_rows()[code]
    whole = REFERENCE.read_text(encoding="utf-8")
    entry = entries[code]
    for citation in entry.citations:
        for token in _number_tokens(citation):
            # ND cites the chapter named in section 1.2, not the guessed section of its row.
            assert token in row or (code == "nd" and token in whole), (citation, token)
    for source in entry.source:
        assert source in row, source


@needs_reference
@pytest.mark.parametrize("code", sorted(ALL_CODES))
def test_confidence_is_the_weakest_mark_of_the_row(
    entries: dict[str, ReliefEntry], code: str
) -> None:
    row = _reference_rows()[code]
    expected = next(level for mark, level in MARKS if mark in row)
    assert entries[code].confidence is expected


# ---------------------------------------------------------------------------------------
# Validation: a bad file fails loudly, naming the file and the field
# ---------------------------------------------------------------------------------------


def _raw(code: str = "ga") -> dict[str, Any]:
    data = yaml.safe_load((DEFAULT_FOLDER / f"{code}.yml").read_text(encoding="utf-8"))
    data["last_reviewed"] = str(data["last_reviewed"])
    return data


def _write(folder: Path, data: dict[str, Any], name: str = "ga.yml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _expect_error(folder: Path, field: str | None, file: str = "ga.yml") -> ReliefDataError:
    with pytest.raises(ReliefDataError) as caught:
        load_entries(folder)
    assert caught.value.file == file
    assert caught.value.field == field
    assert file in str(caught.value)
    if field:
        assert field in str(caught.value)
    return caught.value


def test_an_unchanged_copy_loads(tmp_path: Path) -> None:
    _write(tmp_path, _raw())
    assert set(load_entries(tmp_path)) == {"ga"}


@pytest.mark.parametrize("field", ["citations", "confidence", "last_reviewed", "offenses_note"])
def test_missing_field(tmp_path: Path, field: str) -> None:
    data = _raw()
    del data[field]
    _write(tmp_path, data)
    assert "missing" in str(_expect_error(tmp_path, field))


@pytest.mark.parametrize(
    ("field", "value", "reported"),
    [
        ("confidence", "probably", "confidence"),
        ("kind", "county", "kind"),
        ("offenses_covered", "most", "offenses_covered"),
        ("documentation", "maybe", "documentation"),
        ("burden_of_proof", "beyond_reasonable_doubt", "burden_of_proof"),
        ("relief_types", ["vacatur", "pardon"], "relief_types[1]"),
        ("covers_juvenile", "sometimes", "covers_juvenile"),
        ("trafficking_specific_relief", "perhaps", "trafficking_specific_relief"),
    ],
)
def test_unknown_enum_value(tmp_path: Path, field: str, value: Any, reported: str) -> None:
    data = _raw()
    data[field] = value
    _write(tmp_path, data)
    _expect_error(tmp_path, reported)


@pytest.mark.parametrize("bad", ["2026-13-01", "2026-02-30", "November 2026", "29/11/2026", ""])
def test_bad_date(tmp_path: Path, bad: str) -> None:
    data = _raw()
    data["last_reviewed"] = bad
    _write(tmp_path, data)
    assert "date" in str(_expect_error(tmp_path, "last_reviewed"))


@pytest.mark.parametrize("bad", ["2026-13-01", "2026-11-31", "2026-11"])
def test_bad_unquoted_date_in_yaml(tmp_path: Path, bad: str) -> None:
    text = (DEFAULT_FOLDER / "ga.yml").read_text(encoding="utf-8")
    (tmp_path / "ga.yml").write_text(
        text.replace("last_reviewed: 2026-11-29", f"last_reviewed: {bad}"), encoding="utf-8"
    )
    _expect_error(tmp_path, "last_reviewed")


@pytest.mark.parametrize(
    ("field", "value", "reported"),
    [
        ("citations", "O.C.G.A. § 17-10-21", "citations"),  # text where a list is needed
        ("hurdles", [1, 2], "hurdles[0]"),
        ("needs_lawyer_check", "no", "needs_lawyer_check"),
        ("offenses_note", ["a", "b"], "offenses_note"),
        ("offenses_note", "   ", "offenses_note"),
        ("name", None, "name"),
        ("fees", 0, "fees"),
        ("legal_help", [], "legal_help"),
    ],
)
def test_wrong_type(tmp_path: Path, field: str, value: Any, reported: str) -> None:
    data = _raw()
    data[field] = value
    _write(tmp_path, data)
    _expect_error(tmp_path, reported)


def test_wrong_type_inside_a_list_names_the_item(tmp_path: Path) -> None:
    data = _raw()
    data["hurdles"] = ["fine", 3]
    _write(tmp_path, data)
    _expect_error(tmp_path, "hurdles[1]")


def test_yes_is_not_a_boolean(tmp_path: Path) -> None:
    text = (DEFAULT_FOLDER / "ga.yml").read_text(encoding="utf-8")
    (tmp_path / "ga.yml").write_text(
        text.replace("needs_lawyer_check: false", "needs_lawyer_check: no"), encoding="utf-8"
    )
    _expect_error(tmp_path, "needs_lawyer_check")


def test_unknown_field_is_refused(tmp_path: Path) -> None:
    data = _raw()
    data["citation"] = ["O.C.G.A. § 17-10-21"]  # a typo of "citations"
    _write(tmp_path, data)
    _expect_error(tmp_path, "citation")


def test_legal_help_item_field(tmp_path: Path) -> None:
    data = _raw()
    del data["legal_help"][0]["scope"]
    _write(tmp_path, data)
    _expect_error(tmp_path, "legal_help[0].scope")


def test_legal_help_needs_a_national_referral(tmp_path: Path) -> None:
    data = _raw()
    data["legal_help"] = [h for h in data["legal_help"] if h["scope"] != "national"]
    _write(tmp_path, data)
    _expect_error(tmp_path, "legal_help")


def test_code_must_match_the_file_name(tmp_path: Path) -> None:
    _write(tmp_path, _raw(), name="gb.yml")
    _expect_error(tmp_path, "code", file="gb.yml")


def test_kind_must_match_the_code(tmp_path: Path) -> None:
    data = _raw()
    data["kind"] = "federal"
    _write(tmp_path, data)
    _expect_error(tmp_path, "kind")


@pytest.mark.parametrize(("confidence", "check"), [("partial", False), ("verified", True)])
def test_needs_lawyer_check_must_follow_confidence(
    tmp_path: Path, confidence: str, check: bool
) -> None:
    data = _raw()
    data["confidence"] = confidence
    data["needs_lawyer_check"] = check
    _write(tmp_path, data)
    _expect_error(tmp_path, "needs_lawyer_check")


def test_relief_law_without_citation_is_refused(tmp_path: Path) -> None:
    data = _raw()
    data["citations"] = []
    _write(tmp_path, data)
    _expect_error(tmp_path, "citations")


def test_duplicate_key_is_refused(tmp_path: Path) -> None:
    text = (DEFAULT_FOLDER / "ga.yml").read_text(encoding="utf-8")
    (tmp_path / "ga.yml").write_text(text + "confidence: verified\n", encoding="utf-8")
    error = _expect_error(tmp_path, None)
    assert "duplicate" in str(error)


def test_broken_yaml_is_reported_with_the_file(tmp_path: Path) -> None:
    (tmp_path / "ga.yml").write_text("code: ga\nname: [unclosed\n", encoding="utf-8")
    _expect_error(tmp_path, None)


def test_a_yaml_extension_file_is_not_silently_skipped(tmp_path: Path) -> None:
    _write(tmp_path, _raw(), name="ga.yaml")
    _expect_error(tmp_path, None, file="ga.yaml")


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ReliefDataError):
        load_entries(tmp_path / "nowhere")
