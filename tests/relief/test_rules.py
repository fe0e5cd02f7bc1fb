"""Record-relief rules and their plain-language explanation, over every jurisdiction.

Each rule is tested alone, parametrised over its inputs; then named jurisdictions (GA, AZ,
AK, IA, PA, TX, federal...); then every one of the 52 entries with several answer sets, for
the words the assistant must never say, the legal-help ending, the lawyer-check note, the
message length and the reading grade. `today` is always passed in.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import statistics
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from bot import catalog
from bot.readability import grade
from bot.relief import explain as explain_module
from bot.relief import options as options_module
from bot.relief import rules, screening, terms
from bot.relief.explain import (
    GLOSSARY_TERMS,
    MAX_MESSAGE,
    explain,
    glossary,
    state_summary,
)
from bot.relief.knowledge import (
    UNCLEAR,
    Coverage,
    OffensesCovered,
    ReliefEntry,
    ReliefType,
    load_entries,
)
from bot.relief.options import FEDERAL_STATUTE, MAIN_OPTIONS, Option
from bot.relief.rules import FACT, Phrase, juvenile_rule, link_rule, offense_rule, record_rule
from bot.relief.screening import Assessment, screen, summary_assessment
from bot.relief.terms import Answers, Likelihood, OffenseKind, RecordKind, YesNo

MAY, UNSURE_, NOT = Likelihood.MAY_APPLY, Likelihood.UNCLEAR, Likelihood.MAY_NOT_APPLY
REVIEWED = date(2026, 11, 29)  # the entries' last_reviewed line
LATER = date(2028, 3, 1)  # well over a year after it
DATES = (REVIEWED, LATER)

TEXT = catalog.contents("relief")
LEGAL_ADVICE = (
    "you are eligible",
    "you're eligible",
    "you are not eligible",
    "you're not eligible",
    "eligible",
    "you qualify",
    "qualify",
    "guarantee",
    "you will",
    "you won't",
    "you can't",
    "you cannot",
)
ANSWER_SETS = (
    (None, None, None, None, None),
    (RecordKind.CONVICTION, OffenseKind.PROSTITUTION, YesNo.YES, YesNo.NO, YesNo.YES),
    (RecordKind.CONVICTION, OffenseKind.THEFT, YesNo.YES, YesNo.NO, YesNo.YES),
    (RecordKind.BOTH, OffenseKind.THEFT, YesNo.YES, YesNo.UNSURE, YesNo.NO),
    (RecordKind.CONVICTION, OffenseKind.VIOLENT, YesNo.YES, YesNo.YES, YesNo.NO),
    (RecordKind.CONVICTION, OffenseKind.VIOLENT, YesNo.YES, YesNo.NO, YesNo.YES),
    (RecordKind.ARREST, OffenseKind.DRUG_POSSESSION, YesNo.NO, YesNo.NO, None),
    (RecordKind.ARREST, OffenseKind.PROSTITUTION, YesNo.YES, YesNo.YES, YesNo.YES),
    (RecordKind.UNSURE, OffenseKind.UNSURE, YesNo.UNSURE, YesNo.UNSURE, YesNo.UNSURE),
    (RecordKind.CONVICTION, OffenseKind.OTHER_NONVIOLENT, YesNo.YES, None, YesNo.NO),
)


@pytest.fixture(scope="module")
def entries() -> dict[str, ReliefEntry]:
    """The shipped entries, loaded once."""
    return load_entries()


def answers_for(code: str) -> list[Answers]:
    """The answer sets used for one jurisdiction."""
    return [Answers(code, *answer_set) for answer_set in ANSWER_SETS]


def options_by_key(assessment: Assessment) -> dict[str, Option]:
    return {option.key: option for option in assessment.options}


def text_of(key: str, **params: str) -> str:
    return str(TEXT[key]).format(**params)


# ---------------------------------------------------------------------------------------
# Reading grade: the citation lines are the law's own names, not sentences to read.
# ---------------------------------------------------------------------------------------

_CITATION_LABEL = TEXT["citation_line"].split("{", 1)[0].strip()
_ADDRESS = re.compile(r"\S+@\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org|gov|com|net|edu|us)\b\S*")


def without_citations(message: str) -> str:
    """The message without its "Law: ..." lines, each web or e-mail address one word."""
    kept = [line for line in message.splitlines() if not line.lstrip().startswith(_CITATION_LABEL)]
    return _ADDRESS.sub("link", "\n".join(kept))


def test_the_citation_helper_removes_exactly_the_citation_lines() -> None:
    message = "This may help:\nLaw: O.C.G.A. § 17-10-21\nEmail help@example.org"
    assert without_citations(message) == "This may help:\nEmail link"


# ---------------------------------------------------------------------------------------
# One rule at a time (synthetic entries built from a real one)
# ---------------------------------------------------------------------------------------


def synthetic(entries: dict[str, ReliefEntry], **changes: object) -> ReliefEntry:
    """Georgia's entry under a code no statute table knows, with some fields changed."""
    return dataclasses.replace(entries["ga"], code="zz", **changes)  # type: ignore[arg-type]


Off = OffenseKind
OFFENSE_TABLE = [
    (OffensesCovered.ALL, Off.PROSTITUTION, MAY),
    (OffensesCovered.ALL, Off.DRUG_POSSESSION, MAY),
    (OffensesCovered.ALL, Off.THEFT, MAY),
    (OffensesCovered.ALL, Off.OTHER_NONVIOLENT, MAY),
    (OffensesCovered.ALL, Off.VIOLENT, UNSURE_),
    (OffensesCovered.NONVIOLENT, Off.PROSTITUTION, MAY),
    (OffensesCovered.NONVIOLENT, Off.THEFT, MAY),
    (OffensesCovered.NONVIOLENT, Off.OTHER_NONVIOLENT, MAY),
    (OffensesCovered.NONVIOLENT, Off.VIOLENT, NOT),
    (OffensesCovered.PROSTITUTION_RELATED, Off.PROSTITUTION, MAY),
    (OffensesCovered.PROSTITUTION_RELATED, Off.DRUG_POSSESSION, NOT),
    (OffensesCovered.PROSTITUTION_RELATED, Off.THEFT, NOT),
    (OffensesCovered.PROSTITUTION_RELATED, Off.OTHER_NONVIOLENT, NOT),
    (OffensesCovered.PROSTITUTION_RELATED, Off.VIOLENT, NOT),
    (OffensesCovered.LISTED, Off.PROSTITUTION, UNSURE_),  # a list the tables do not know
    (OffensesCovered.LISTED, Off.VIOLENT, UNSURE_),
    (OffensesCovered.UNCLEAR, Off.PROSTITUTION, UNSURE_),
    (OffensesCovered.UNCLEAR, Off.VIOLENT, UNSURE_),
]


@pytest.mark.parametrize(("covered", "offense", "expected"), OFFENSE_TABLE)
def test_offense_rule_compares_the_offense_with_the_scope(
    entries: dict[str, ReliefEntry],
    covered: OffensesCovered,
    offense: OffenseKind,
    expected: Likelihood,
) -> None:
    entry = synthetic(entries, offenses_covered=covered)
    finding, relief_types = offense_rule(entry, offense)
    assert finding.outcome is expected
    assert finding.citations == entry.citations  # the reason cites the statute
    assert relief_types == entry.relief_types
    assert finding.reason.key in TEXT


@pytest.mark.parametrize("covered", [c for c in OffensesCovered if c is not OffensesCovered.NONE])
@pytest.mark.parametrize("offense", [None, OffenseKind.UNSURE])
def test_an_unknown_offense_is_unclear_never_guessed(
    entries: dict[str, ReliefEntry], covered: OffensesCovered, offense: OffenseKind | None
) -> None:
    finding, _ = offense_rule(synthetic(entries, offenses_covered=covered), offense)
    assert finding.outcome is UNSURE_


LISTED = ("pa", "ma", "tx", "md", "ut", "wa", "ct")  # offenses_covered: listed


@pytest.mark.parametrize("code", LISTED)
@pytest.mark.parametrize("offense", [o for o in OffenseKind if o is not OffenseKind.UNSURE])
def test_listed_offenses_follow_the_statute_list(
    entries: dict[str, ReliefEntry], code: str, offense: OffenseKind
) -> None:
    entry = entries[code]
    assert entry.offenses_covered is OffensesCovered.LISTED
    finding, _ = offense_rule(entry, offense)
    assert finding.outcome is entry.listed_offenses.get(offense, UNSURE_)


@pytest.mark.parametrize("code", ["dc", "ks", "tn", "tx", "il"])
def test_a_sentence_not_done_says_when_the_wait_starts(
    entries: dict[str, ReliefEntry], code: str
) -> None:
    def keys(done: YesNo) -> set[str]:
        answers = Answers(code, **{**THEFT_CONVICTION, "sentence_done": done})
        return {item.key for item in screen(answers, entries[code], REVIEWED).cautions}

    assert "wait_sentence" in keys(YesNo.NO) and "wait_sentence" not in keys(YesNo.YES)


def test_illinois_keeps_only_the_relief_that_fits_a_theft(entries: dict[str, ReliefEntry]) -> None:
    finding, relief_types = offense_rule(entries["il"], OffenseKind.THEFT)
    assert relief_types == (ReliefType.SEALING,)
    assert finding.outcome is MAY and finding.reason.key == "offense_split_may_not"
    finding, relief_types = offense_rule(entries["il"], OffenseKind.PROSTITUTION)
    assert set(relief_types) == {ReliefType.VACATUR, ReliefType.SEALING}


def test_rules_for_minors_soften_a_narrow_adult_scope(entries: dict[str, ReliefEntry]) -> None:
    # Arkansas: adults prostitution only; minors any conviction (per FNUSA).
    adult, _ = offense_rule(entries["ar"], OffenseKind.THEFT, YesNo.NO)
    minor, _ = offense_rule(entries["ar"], OffenseKind.THEFT, YesNo.YES)
    assert adult.outcome is NOT
    assert minor.outcome is UNSURE_ and minor.reason.key == "offense_juvenile_differs"


RECORD_TABLE = [
    (True, True, RecordKind.ARREST, MAY),
    (UNCLEAR, True, RecordKind.ARREST, UNSURE_),
    (False, True, RecordKind.ARREST, NOT),
    (UNCLEAR, True, RecordKind.CONVICTION, MAY),
    (UNCLEAR, UNCLEAR, RecordKind.CONVICTION, UNSURE_),
    (UNCLEAR, False, RecordKind.CONVICTION, NOT),
    (UNCLEAR, True, RecordKind.BOTH, MAY),
    (UNCLEAR, UNCLEAR, RecordKind.BOTH, UNSURE_),
    (True, True, RecordKind.UNSURE, MAY),  # both covered: nothing to guess
    (True, True, None, MAY),
    (UNCLEAR, True, RecordKind.UNSURE, UNSURE_),
    (UNCLEAR, True, None, UNSURE_),
]


@pytest.mark.parametrize(("arrests", "convictions", "record", "expected"), RECORD_TABLE)
def test_record_rule_compares_arrests_and_convictions(
    entries: dict[str, ReliefEntry],
    arrests: Coverage,
    convictions: Coverage,
    record: RecordKind | None,
    expected: Likelihood,
) -> None:
    entry = synthetic(entries, covers_arrests=arrests, covers_convictions=convictions)
    finding = record_rule(entry, record)
    assert finding.outcome is expected
    assert finding.citations == entry.citations
    assert finding.reason.key in TEXT


def test_both_records_says_which_part_is_not_clear(entries: dict[str, ReliefEntry]) -> None:
    finding = record_rule(synthetic(entries, covers_arrests=UNCLEAR), RecordKind.BOTH)
    assert finding.reason.key == "record_both_conviction_part" and finding.notable


JUVENILE_TABLE = [
    (True, YesNo.YES, MAY),
    (UNCLEAR, YesNo.YES, UNSURE_),
    (False, YesNo.YES, NOT),
    (True, YesNo.NO, None),
    (UNCLEAR, None, None),
    (UNCLEAR, YesNo.UNSURE, None),
]


@pytest.mark.parametrize(("covered", "juvenile", "expected"), JUVENILE_TABLE)
def test_juvenile_rule(
    entries: dict[str, ReliefEntry],
    covered: Coverage,
    juvenile: YesNo | None,
    expected: Likelihood | None,
) -> None:
    finding = juvenile_rule(synthetic(entries, covers_juvenile=covered), juvenile)
    assert (finding.outcome if finding else None) is expected


@pytest.mark.parametrize(
    ("juvenile", "expected"),
    [(YesNo.YES, MAY), (YesNo.NO, NOT), (YesNo.UNSURE, UNSURE_), (None, UNSURE_)],
)
def test_juvenile_only_relief(
    entries: dict[str, ReliefEntry], juvenile: YesNo | None, expected: Likelihood
) -> None:
    finding = juvenile_rule(entries["mo"], juvenile, juvenile_only=True)
    assert finding is not None and finding.outcome is expected


@pytest.mark.parametrize(
    ("related", "expected", "key"),
    [
        (YesNo.YES, MAY, "link_yes"),
        (YesNo.NO, NOT, "link_no"),
        (YesNo.UNSURE, UNSURE_, "link_unsure"),
        (None, UNSURE_, "link_skipped"),
    ],
)
def test_link_rule(
    entries: dict[str, ReliefEntry], related: YesNo | None, expected: Likelihood, key: str
) -> None:
    finding = link_rule(entries["ga"], related)
    assert (finding.outcome, finding.reason.key) == (expected, key)
    assert finding.citations == entries["ga"].citations


# ---------------------------------------------------------------------------------------
# Named jurisdictions
# ---------------------------------------------------------------------------------------

PROSTITUTION_CONVICTION = dict(
    record=RecordKind.CONVICTION,
    offense=OffenseKind.PROSTITUTION,
    trafficking_related=YesNo.YES,
    juvenile=YesNo.NO,
    sentence_done=YesNo.YES,
)
THEFT_CONVICTION = {**PROSTITUTION_CONVICTION, "offense": OffenseKind.THEFT}
VIOLENT_CONVICTION = {**PROSTITUTION_CONVICTION, "offense": OffenseKind.VIOLENT}


@pytest.mark.parametrize("today", DATES)
def test_georgia_prostitution_conviction(entries: dict[str, ReliefEntry], today: date) -> None:
    result = screen(Answers("ga", **PROSTITUTION_CONVICTION), entries["ga"], today)
    option = options_by_key(result)["trafficking_relief"]
    assert option.likelihood is MAY
    assert {ReliefType.VACATUR, ReliefType.RECORD_RESTRICTION} <= set(option.relief_types)
    assert "O.C.G.A. § 17-10-21" in option.citations
    text = "\n".join(explain(result, today))
    assert "O.C.G.A. § 17-10-21" in text
    assert "“vacatur”" in text and "“record restriction”" in text


def test_arizona_theft_conviction(entries: dict[str, ReliefEntry]) -> None:
    entry = entries["az"]
    result = screen(Answers("az", **THEFT_CONVICTION), entry, REVIEWED)
    survivor = [option for option in result.options if option.key in MAIN_OPTIONS]
    assert [option.likelihood for option in survivor] == [NOT]
    assert survivor[0].reason_key == "offense_not_prostitution"
    general = [option for option in result.options if option.key == "general_route"]
    assert bool(general) == bool(entry.general_route_note)
    assert phrase_keys(result.cautions) >= {"other_ways"}
    messages = explain(result, REVIEWED)
    assert text_of("head_may_not_apply") in messages[0]
    assert_legal_help_last(entry, messages)


PROSTITUTION_ONLY = ["ar", "az", "ks", "mi", "or", "va", "wi"]


@pytest.mark.parametrize("code", PROSTITUTION_ONLY)
@pytest.mark.parametrize(
    "offense", [OffenseKind.THEFT, OffenseKind.VIOLENT, OffenseKind.DRUG_POSSESSION]
)
def test_prostitution_only_states_may_not_fit_other_offenses(
    entries: dict[str, ReliefEntry], code: str, offense: OffenseKind
) -> None:
    entry = entries[code]
    assert entry.offenses_covered is OffensesCovered.PROSTITUTION_RELATED
    result = screen(Answers(code, **{**THEFT_CONVICTION, "offense": offense}), entry, REVIEWED)
    assert options_by_key(result)["trafficking_relief"].likelihood is NOT
    assert_legal_help_last(entry, explain(result, REVIEWED))


NONVIOLENT_ONLY = ["ca", "in", "ky", "la", "mt", "nv", "sc"]


@pytest.mark.parametrize("code", NONVIOLENT_ONLY)
def test_violent_offenses_where_only_nonviolent_ones_are_covered(
    entries: dict[str, ReliefEntry], code: str
) -> None:
    entry = entries[code]
    assert entry.offenses_covered is OffensesCovered.NONVIOLENT
    result = screen(Answers(code, **VIOLENT_CONVICTION), entry, REVIEWED)
    option = options_by_key(result)["trafficking_relief"]
    assert option.likelihood is NOT and option.reason_key == "offense_violent_nonviolent"
    assert_legal_help_last(entry, explain(result, REVIEWED))


@pytest.mark.parametrize("code", ["ak", "ia", "me"])
@pytest.mark.parametrize("answers_index", range(len(ANSWER_SETS)))
def test_no_survivor_relief_is_said_honestly(
    entries: dict[str, ReliefEntry], code: str, answers_index: int
) -> None:
    entry = entries[code]
    assert entry.trafficking_specific_relief is False
    result = screen(answers_for(code)[answers_index], entry, REVIEWED)
    assert not [option for option in result.options if option.key in MAIN_OPTIONS]
    assert [option.key for option in result.options] == (
        ["general_route"] if entry.general_route_note else []
    )
    for messages in (explain(result, REVIEWED), state_summary(entry, REVIEWED)):
        assert text_of("head_no_law", place=entry.name) in messages[0]
        assert text_of("head_other_ways") in messages[0]
        assert_legal_help_last(entry, messages)


def test_pennsylvania_names_the_prosecutor_consent_hurdle(entries: dict[str, ReliefEntry]) -> None:
    entry = entries["pa"]
    for result in (
        screen(Answers("pa", **PROSTITUTION_CONVICTION), entry, REVIEWED),
        summary_assessment(entry, REVIEWED),
    ):
        hurdles = [c.values["text"] for c in result.cautions if c.key == "hurdle"]
        assert any("prosecutor" in hurdle and "consent" in hurdle for hurdle in hurdles)
        text = "\n".join(explain(result, REVIEWED))
        assert "prosecutor" in text and "must agree" in text


def test_texas_gives_nondisclosure_not_vacatur(entries: dict[str, ReliefEntry]) -> None:
    entry = entries["tx"]
    result = screen(Answers("tx", **PROSTITUTION_CONVICTION), entry, REVIEWED)
    option = options_by_key(result)["trafficking_relief"]
    assert option.relief_types == (ReliefType.NONDISCLOSURE,)
    assert option.likelihood is MAY
    for messages in (explain(result, REVIEWED), state_summary(entry, REVIEWED)):
        text = "\n".join(messages).lower()
        assert "nondisclosure" in text and "vacatur" not in text
    theft = screen(Answers("tx", **THEFT_CONVICTION), entry, REVIEWED)
    assert options_by_key(theft)["trafficking_relief"].likelihood is UNSURE_  # "certain theft"


class TestFederal:
    """18 U.S.C. § 3771A: Level A vacatur and arrest expungement, narrow Level B relief."""

    def run(self, entries: dict[str, ReliefEntry], today: date = REVIEWED, **answers: object):
        return screen(Answers("federal", **answers), entries["federal"], today)  # type: ignore[arg-type]

    def test_level_a_conviction(self, entries: dict[str, ReliefEntry]) -> None:
        options = options_by_key(self.run(entries, **THEFT_CONVICTION))
        assert options["federal_vacatur"].likelihood is MAY
        assert options["federal_vacatur"].relief_types == (ReliefType.VACATUR,)
        assert all(FEDERAL_STATUTE in option.citations for option in options.values())
        assert "federal_sentence_reduction" not in options  # sentence done

    def test_level_a_arrest(self, entries: dict[str, ReliefEntry]) -> None:
        options = options_by_key(
            self.run(entries, **{**THEFT_CONVICTION, "record": RecordKind.ARREST})
        )
        assert options["federal_arrest_expungement"].likelihood is MAY
        assert options["federal_vacatur"].likelihood is NOT

    def test_level_b_only_narrow_arrest_relief(self, entries: dict[str, ReliefEntry]) -> None:
        options = options_by_key(
            self.run(entries, **{**VIOLENT_CONVICTION, "sentence_done": YesNo.NO})
        )
        assert options["federal_vacatur"].likelihood is NOT
        arrest = options["federal_arrest_expungement"]
        assert arrest.likelihood is UNSURE_
        assert "fed_level_b_narrow" in {reason.key for reason in arrest.reasons}
        assert options["federal_sentence_reduction"].likelihood is UNSURE_

    @pytest.mark.parametrize(
        ("today", "key"),
        [
            (date(2025, 12, 1), "federal_starts"),
            (REVIEWED, "federal_new"),
            (date(2030, 6, 1), "federal_since"),
        ],
    )
    def test_the_new_law_caveat_depends_on_today(
        self, entries: dict[str, ReliefEntry], today: date, key: str
    ) -> None:
        result = self.run(entries, today, **THEFT_CONVICTION)
        assert key in phrase_keys(result.cautions)
        assert "lawyer_check" in phrase_keys(result.cautions)
        assert "January 23, 2026" in "\n".join(explain(result, today))


def test_minors_only_states(entries: dict[str, ReliefEntry]) -> None:
    adult = screen(Answers("mo", **PROSTITUTION_CONVICTION), entries["mo"], REVIEWED)
    minor = screen(
        Answers("mo", **{**PROSTITUTION_CONVICTION, "juvenile": YesNo.YES}), entries["mo"], REVIEWED
    )
    assert options_by_key(adult)["juvenile_relief"].likelihood is NOT
    assert options_by_key(minor)["juvenile_relief"].likelihood is MAY
    assert "general_route" in options_by_key(adult)  # RSMo § 610.140
    assert text_of("head_adult_no_law", place="Missouri") in explain(adult, REVIEWED)[0]


def test_answers_accept_slot_values_and_refuse_others() -> None:
    answers = Answers("ga", "conviction", "theft", "yes", "no", "unsure")  # type: ignore[arg-type]
    assert answers == Answers(
        "ga", RecordKind.CONVICTION, OffenseKind.THEFT, YesNo.YES, YesNo.NO, YesNo.UNSURE
    )
    with pytest.raises(ValueError):
        Answers("ga", offense="purple")  # type: ignore[arg-type]


def test_answers_for_another_place_are_refused(entries: dict[str, ReliefEntry]) -> None:
    with pytest.raises(ValueError):
        screen(Answers("tx"), entries["ga"], REVIEWED)


# ---------------------------------------------------------------------------------------
# Skipped answers and today
# ---------------------------------------------------------------------------------------


def test_skipped_or_unsure_answers_leave_every_option_unclear(
    entries: dict[str, ReliefEntry],
) -> None:
    unsure = dict(
        record=RecordKind.UNSURE,
        offense=OffenseKind.UNSURE,
        trafficking_related=YesNo.UNSURE,
        juvenile=YesNo.UNSURE,
        sentence_done=YesNo.UNSURE,
    )
    for code, entry in entries.items():
        for answers in (Answers(code), Answers(code, **unsure)):  # type: ignore[arg-type]
            result = screen(answers, entry, REVIEWED)
            assert {option.likelihood for option in result.options} <= {UNSURE_}, code
        summary = summary_assessment(entry, REVIEWED)
        assert {option.likelihood for option in summary.options} <= {UNSURE_}, code
        assert not summary.screened


@pytest.mark.parametrize("today", DATES)
def test_today_is_a_parameter(entries: dict[str, ReliefEntry], today: date) -> None:
    answers = Answers("ga", **PROSTITUTION_CONVICTION)
    assert screen(answers, entries["ga"], today) == screen(answers, entries["ga"], today)
    messages = explain(screen(answers, entries["ga"], today), today)
    assert any("Last checked: November 2026." in message for message in messages)
    stale = any(text_of("stale") in message for message in messages)
    assert stale is (today == LATER)


# ---------------------------------------------------------------------------------------
# Every entry, several answer sets: words, ending, length, reading grade
# ---------------------------------------------------------------------------------------


def generated(entries: dict[str, ReliefEntry]) -> Iterator[tuple[ReliefEntry, list[str]]]:
    """Every explanation of every entry, for every answer set and the summary, both dates."""
    for code, entry in entries.items():
        for today in DATES:
            for answers in answers_for(code):
                yield entry, explain(screen(answers, entry, today), today)
            yield entry, state_summary(entry, today)


@pytest.fixture(scope="module")
def all_explanations(entries: dict[str, ReliefEntry]) -> list[tuple[ReliefEntry, list[str]]]:
    return list(generated(entries))


def assert_legal_help_last(entry: ReliefEntry, messages: list[str]) -> None:
    last = messages[-1]
    for help_ in entry.legal_help:
        assert help_.name in last and help_.how in last
    assert "not legal advice" in last
    state = [h for h in entry.legal_help if h.scope.value == "state"]
    if state:  # state-specific help first
        assert last.index(state[0].name) < last.index(entry.legal_help[-1].name)


def no_legal_advice(text: str) -> None:
    plain = text.lower().replace("’", "'")
    for words in LEGAL_ADVICE:
        assert words not in plain, f"{words!r} in {text!r}"


def test_no_text_says_or_implies_eligibility(
    all_explanations: list[tuple[ReliefEntry, list[str]]],
) -> None:
    for _, messages in all_explanations:
        for message in messages:
            no_legal_advice(message)
    for term in GLOSSARY_TERMS:
        no_legal_advice(glossary(term))


def test_the_last_message_is_always_free_legal_help(
    all_explanations: list[tuple[ReliefEntry, list[str]]],
) -> None:
    for entry, messages in all_explanations:
        assert_legal_help_last(entry, messages)
        assert sum("not legal advice" in message for message in messages) == 1


def test_entries_that_need_checking_say_so(
    all_explanations: list[tuple[ReliefEntry, list[str]]],
) -> None:
    note = text_of("lawyer_check")
    for entry, messages in all_explanations:
        assert any(note in message for message in messages) is entry.needs_lawyer_check, entry.code


def test_messages_are_short_and_complete(
    all_explanations: list[tuple[ReliefEntry, list[str]]],
) -> None:
    fallback = TEXT["fact_fallback"].split("{", 1)[0]
    for entry, messages in all_explanations:
        assert len(messages) >= 2
        for message in messages:
            assert message.strip()
            assert len(message) <= 4096  # Telegram's limit
            assert len(message) <= MAX_MESSAGE
            assert "{" not in message and "}" not in message, message
            assert fallback not in message, (entry.code, message)  # every fact has plain words


def test_reading_grade(all_explanations: list[tuple[ReliefEntry, list[str]]]) -> None:
    distinct = {message for _, messages in all_explanations for message in messages}
    distinct |= {glossary(term) for term in GLOSSARY_TERMS}
    grades = {message: grade(without_citations(message)) for message in distinct}
    assert statistics.mean(grades.values()) <= 6
    assert statistics.mean(grade(message) for message in distinct) <= 6  # even with citations
    too_hard = {message: round(level, 1) for message, level in grades.items() if level > 8}
    assert not too_hard


def test_each_legal_word_is_explained_once(
    all_explanations: list[tuple[ReliefEntry, list[str]]],
) -> None:
    for _, messages in all_explanations:
        text = "\n".join(messages)
        for relief in ReliefType:
            assert text.count(catalog.table("relief", "relief")[relief.value]["first"]) <= 1


# ---------------------------------------------------------------------------------------
# The message catalog and the glossary
# ---------------------------------------------------------------------------------------


def phrase_keys(phrases: tuple[Phrase, ...]) -> set[str]:
    return {item.key for item in phrases}


def entry_facts(entry: ReliefEntry) -> list[str]:
    """Every fact of an entry the explanation can show."""
    facts = [*entry.hurdles, *(h.note for h in entry.legal_help if h.note)]
    facts += [value for value in (entry.time_limit, entry.fees, entry.general_route_note) if value]
    if entry.offenses_covered is OffensesCovered.LISTED or entry.scope_by_relief:
        facts.append(entry.offenses_note)
    return facts


def test_every_fact_shown_has_a_plain_version(entries: dict[str, ReliefEntry]) -> None:
    plain = catalog.table("relief", "facts")
    missing = sorted(
        {fact for entry in entries.values() for fact in entry_facts(entry)} - set(plain)
    )
    assert not missing


def test_every_phrase_the_rules_produce_is_in_the_catalog(
    entries: dict[str, ReliefEntry],
) -> None:
    for code, entry in entries.items():
        for result in [screen(a, entry, REVIEWED) for a in answers_for(code)] + [
            summary_assessment(entry, REVIEWED)
        ]:
            phrases = list(result.cautions)
            for option in result.options:
                phrases += [*option.scope, *option.gather, *option.reasons]
                phrases += [finding.reason for finding in option.findings]
                assert option.reason_key in TEXT
            for item in phrases:
                assert item.key == FACT or item.key in TEXT, item.key


def test_every_relief_type_has_plain_words() -> None:
    for relief in ReliefType:
        texts = catalog.table("relief", "relief")[relief.value]
        assert {"term", "first", "again"} <= set(texts)


@pytest.mark.parametrize("term", GLOSSARY_TERMS)
def test_glossary(term: str) -> None:
    text = glossary(term)
    assert text and grade(text) <= 6
    no_legal_advice(text)


def test_glossary_accepts_common_spellings_and_refuses_unknown_words() -> None:
    assert glossary("T-visa") == glossary("t_visa")
    assert glossary("set-aside") == glossary("set_aside")
    assert glossary("expunction") == glossary("expungement")
    with pytest.raises(KeyError):
        glossary("habeas corpus")


@pytest.mark.parametrize("module", [terms, rules, options_module, screening, explain_module])
def test_no_user_facing_english_in_the_code(module: object) -> None:
    """Sentences live in the catalog; the code holds keys (error messages excepted)."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    in_raise = {
        id(n) for node in ast.walk(tree) if isinstance(node, ast.Raise) for n in ast.walk(node)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in docstrings or id(node) in in_raise:
                continue
            assert not re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", node.value), node.value
