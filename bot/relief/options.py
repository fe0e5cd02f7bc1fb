"""The options an entry may offer for a person's answers: which relief, how likely, why,
what to gather and what it covers, built from the rules' findings (bot.relief.rules).

An option's likelihood is its weakest finding. The federal Act (18 U.S.C. § 3771A) has its
own options, written for it alone, so its few facts are here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from bot.relief.knowledge import (
    NATIONAL_CODE,
    UNCLEAR,
    Coverage,
    OffensesCovered,
    ReliefEntry,
    ReliefType,
)
from bot.relief.rules import (
    Finding,
    Params,
    Phrase,
    existence_rule,
    fact,
    juvenile_rule,
    link_rule,
    offense_rule,
    phrase,
    record_rule,
)
from bot.relief.terms import RANK, Answers, Likelihood, OffenseKind, RecordKind, YesNo


@dataclass(frozen=True)
class Option:
    """One kind of relief that may exist, how it relates to the answers, and why."""

    key: str
    relief_types: tuple[ReliefType, ...]
    likelihood: Likelihood
    reason_key: str
    reason_params: Params
    citations: tuple[str, ...]
    gather: tuple[Phrase, ...]
    scope: tuple[Phrase, ...]
    findings: tuple[Finding, ...]

    @property
    def reasons(self) -> tuple[Phrase, ...]:
        """The reasons worth telling: the findings that decided the likelihood, plus notable
        ones unless the option may not fit (then only why it may not)."""
        told = []
        for finding in self.findings:
            deciding = finding.outcome is self.likelihood and (
                finding.outcome is not Likelihood.MAY_APPLY or finding.notable
            )
            aside = finding.notable and self.likelihood is not Likelihood.MAY_NOT_APPLY
            if deciding or aside:
                told.append(finding.reason)
        return tuple(told)


# Option keys.
TRAFFICKING_RELIEF = "trafficking_relief"
JUVENILE_RELIEF = "juvenile_relief"
GENERAL_ROUTE = "general_route"
FEDERAL_VACATUR = "federal_vacatur"
FEDERAL_ARREST_EXPUNGEMENT = "federal_arrest_expungement"
FEDERAL_SENTENCE_REDUCTION = "federal_sentence_reduction"
MAIN_OPTIONS = frozenset(
    {
        TRAFFICKING_RELIEF,
        JUVENILE_RELIEF,
        FEDERAL_VACATUR,
        FEDERAL_ARREST_EXPUNGEMENT,
        FEDERAL_SENTENCE_REDUCTION,
    }
)

_MAY, _UNCLEAR, _NOT = Likelihood.MAY_APPLY, Likelihood.UNCLEAR, Likelihood.MAY_NOT_APPLY

# Federal, section 1.3: Pub. L. 119-73 (Trafficking Survivors Relief Act), 18 U.S.C. § 3771A.
FEDERAL_STATUTE = "18 U.S.C. § 3771A"
FEDERAL_EFFECTIVE = date(2026, 1, 23)  # signed and effective Jan 23, 2026
# The Act asks for a GAO review within 3 years: until then its practice is still settling.
FEDERAL_NEW_FOR_DAYS = 3 * 365


def _combine(
    key: str,
    relief_types: tuple[ReliefType, ...],
    findings: Iterable[Finding | None],
    citations: tuple[str, ...],
    gather: tuple[Phrase, ...],
    scope: tuple[Phrase, ...],
) -> Option:
    """The option's likelihood is its weakest finding; the first such finding decides."""
    found = tuple(finding for finding in findings if finding is not None)
    likelihood = min((f.outcome for f in found), key=RANK.__getitem__, default=_UNCLEAR)
    deciding = next((f.reason for f in found if f.outcome is likelihood), phrase("unknown"))
    return Option(
        key=key,
        relief_types=relief_types,
        likelihood=likelihood,
        reason_key=deciding.key,
        reason_params=deciding.params,
        citations=citations,
        gather=gather,
        scope=scope,
        findings=found,
    )


def _gather(entry: ReliefEntry, *extra: Phrase) -> tuple[Phrase, ...]:
    items = [phrase("gather_court_papers"), phrase("gather_case_number"), *extra]
    if entry.documentation is not None:
        items.append(phrase(f"gather_proof_{entry.documentation.value}"))
    return tuple(items)


def _coverage_word(value: Coverage) -> str:
    return "yes" if value is True else "no" if value is False else UNCLEAR


def _scope(entry: ReliefEntry) -> tuple[Phrase, ...]:
    """What the entry's survivor relief covers, described from the entry."""
    if entry.scope_by_relief:
        offenses = fact(entry.offenses_note)
    elif entry.offenses_covered is OffensesCovered.LISTED:
        offenses = phrase("scope_offenses_listed", text=entry.offenses_note)
    else:
        offenses = phrase(f"scope_offenses_{entry.offenses_covered.value}")
    records = phrase(
        "scope_records_"
        f"{_coverage_word(entry.covers_arrests)}_{_coverage_word(entry.covers_convictions)}"
    )
    items = [offenses, records]
    if entry.covers_juvenile is True:
        items.append(phrase("scope_juvenile_yes"))
    return tuple(items)


# Reasons that say a scope sentence themselves (reason key -> scope keys it repeats).
_RESTATES_SCOPE: Mapping[str, tuple[str, ...]] = {
    "offense_not_prostitution": ("scope_offenses_",),
    "offense_violent_nonviolent": ("scope_offenses_", "fed_vacatur_scope"),
    "offense_scope_unclear": ("scope_offenses_",),
    "juvenile_only_adult": ("scope_juvenile_only",),
    "juvenile_only_unknown": ("scope_juvenile_only",),
    "record_arrest_unclear": ("scope_records_",),
    "record_conviction_unclear": ("scope_records_",),
    "record_both_unclear": ("scope_records_",),
    "record_both_conviction_part": ("scope_records_",),
    "record_both_arrest_part": ("scope_records_",),
}


def _unrepeated(
    scope: tuple[Phrase, ...], findings: Iterable[Finding | None]
) -> tuple[Phrase, ...]:
    """The scope without the sentences a reason already says."""
    repeated: tuple[str, ...] = ()
    for finding in findings:
        if finding is not None:
            repeated += _RESTATES_SCOPE.get(finding.reason.key, ())
    return tuple(item for item in scope if not item.key.startswith(repeated))


def _trafficking_option(entry: ReliefEntry, answers: Answers) -> Option:
    offense, fitting = offense_rule(entry, answers.offense, answers.juvenile)
    findings = (
        existence_rule(entry),
        link_rule(entry, answers.trafficking_related),
        offense,
        record_rule(entry, answers.record),
        juvenile_rule(entry, answers.juvenile),
    )
    scope = _unrepeated(_scope(entry), findings)
    return _combine(TRAFFICKING_RELIEF, fitting, findings, entry.citations, _gather(entry), scope)


def _juvenile_option(entry: ReliefEntry, answers: Answers) -> Option:
    """An entry with survivor relief for minors only (MO, SD): the adult rules do not apply."""
    offense, fitting = offense_rule(entry, answers.offense)
    findings = (
        juvenile_rule(entry, answers.juvenile, juvenile_only=True),
        link_rule(entry, answers.trafficking_related),
        offense,
    )
    scope = (
        phrase("scope_juvenile_only"),
        phrase(f"scope_offenses_{entry.offenses_covered.value}"),
    )
    scope = _unrepeated(scope, findings)
    return _combine(JUVENILE_RELIEF, fitting, findings, entry.citations, _gather(entry), scope)


def _general_option(entry: ReliefEntry) -> Option:
    """A general (non-survivor) route the entry notes: never screened, always "unclear"."""
    note = entry.general_route_note or ""
    finding = Finding("general", _UNCLEAR, phrase("general_route"), ())
    scope = (fact(note),)
    return _combine(
        GENERAL_ROUTE,
        (),
        (finding,),
        (),
        (phrase("gather_court_papers"), phrase("gather_case_number")),
        scope,
    )


def _federal_options(entry: ReliefEntry, answers: Answers) -> tuple[Option, ...]:
    """18 U.S.C. § 3771A: Level A (non-violent) vacatur and arrest expungement; Level B
    (violent, no child victim) only narrow arrest relief; sentence reduction in prison."""
    cite = (FEDERAL_STATUTE,)
    link = link_rule(entry, answers.trafficking_related)
    juvenile = juvenile_rule(entry, answers.juvenile)
    gather = _gather(entry, phrase("gather_provider_letter"))
    offense = answers.offense
    record = answers.record

    if offense is None or offense is OffenseKind.UNSURE:
        level: Finding = Finding(
            "offense",
            _UNCLEAR,
            phrase("offense_skipped" if offense is None else "offense_unsure"),
            cite,
        )
        narrow = level
    elif offense is OffenseKind.VIOLENT:
        level = Finding("offense", _NOT, phrase("offense_violent_nonviolent"), cite)
        narrow = Finding("offense", _UNCLEAR, phrase("fed_level_b_narrow"), cite)
    else:
        level = Finding("offense", _MAY, phrase("fed_level_a", offense=offense.value), cite)
        narrow = level

    if record is None or record is RecordKind.UNSURE:
        key = "record_skipped" if record is None else "record_unsure"
        vacatur_record = arrest_record = Finding("record", _UNCLEAR, phrase(key), cite)
    else:
        vacatur_record = (
            Finding("record", _NOT, phrase("fed_vacatur_conviction_only"), cite)
            if record is RecordKind.ARREST
            else Finding("record", _MAY, phrase("record_conviction_yes"), cite)
        )
        arrest_record = (
            Finding("record", _UNCLEAR, phrase("fed_arrest_after_conviction"), cite)
            if record is RecordKind.CONVICTION
            else Finding("record", _MAY, phrase("record_arrest_yes"), cite)
        )

    options = [
        _combine(
            FEDERAL_VACATUR,
            (ReliefType.VACATUR,),
            (link, level, vacatur_record, juvenile),
            cite,
            gather,
            _unrepeated((phrase("fed_vacatur_scope"),), (level,)),
        ),
        _combine(
            FEDERAL_ARREST_EXPUNGEMENT,
            (ReliefType.EXPUNGEMENT,),
            (link, narrow, arrest_record, juvenile),
            cite,
            gather,
            (phrase("fed_arrest_scope"), phrase("fed_arrest_level_b")),
        ),
    ]
    # Sentence reduction is for "covered prisoners": convicted (Level A or B) and in prison.
    if answers.sentence_done is not YesNo.YES and record is not RecordKind.ARREST:
        prison = Finding("sentence", _UNCLEAR, phrase("fed_prison_only"), cite)
        options.append(
            _combine(
                FEDERAL_SENTENCE_REDUCTION,
                (ReliefType.OTHER,),
                (link, prison, juvenile),
                cite,
                gather,
                (phrase("fed_sentence_scope"),),
            )
        )
    return tuple(options)


def options_for(entry: ReliefEntry, answers: Answers) -> tuple[Option, ...]:
    """Every option the entry may offer, screened against `answers`."""
    options: list[Option] = []
    if entry.code == NATIONAL_CODE:
        options.extend(_federal_options(entry, answers))
    elif entry.relief_types and entry.trafficking_specific_relief is not False:
        options.append(_trafficking_option(entry, answers))
    elif entry.relief_types and entry.covers_juvenile is True:
        options.append(_juvenile_option(entry, answers))
    if entry.general_route_note and entry.code != NATIONAL_CODE:
        options.append(_general_option(entry))
    return tuple(options)
