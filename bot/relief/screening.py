"""Rules as code: which record relief *may* fit a person's answers, and why.

Information, never legal advice. A rule never decides anything about a person: it compares
what they chose to tell (every answer may be skipped) with what a relief entry says the law
covers, and returns a `Finding`: "may_apply", "unclear" or "may_not_apply", plus the reason
(a message-catalog key with its parameters) and the statute it rests on. Unknown or skipped
answers give "unclear"; nothing is guessed. The wording lives in
`data/catalog/relief_text/<language>.yml` and is rendered by `bot.relief.explain`, the one
source of text for the chat and the staff console.

Shape after codeforpdx/recordexpungPDX: small rules returning a result plus a reason; the
statute lists they need are data with their source next to them; `today` is a parameter,
never read from the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from bot.relief.knowledge import (
    NATIONAL_CODE,
    UNCLEAR,
    Coverage,
    LegalHelp,
    OffensesCovered,
    ReliefEntry,
    ReliefScope,
    ReliefType,
    Scope,
)
from bot.relief.terms import RANK, Answers, Likelihood, OffenseKind, RecordKind, YesNo

Params = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Phrase:
    """A message-catalog key with its `str.format` parameters (no English in the rules)."""

    key: str
    params: Params = ()

    @property
    def values(self) -> dict[str, str]:
        """The parameters as a dict, for `str.format`."""
        return dict(self.params)


def phrase(key: str, **params: str) -> Phrase:
    """A `Phrase` with its parameters in a stable order (so equal phrases compare equal)."""
    return Phrase(key, tuple(sorted(params.items())))


# A fact copied from an entry (a hurdle, a time limit...): explain shows its plain version.
FACT = "fact"


@dataclass(frozen=True)
class Finding:
    """What one rule found: the result, the reason and the statute it rests on.

    `notable` findings are worth saying even when the result is "may_apply".
    """

    rule: str
    outcome: Likelihood
    reason: Phrase
    citations: tuple[str, ...]
    notable: bool = False


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


@dataclass(frozen=True)
class Assessment:
    """Everything the explanation needs: the entry, the options, the cautions, legal help.

    `answers` is None for `summary_assessment` (the direct "can I clear my record in X?").
    """

    entry: ReliefEntry
    options: tuple[Option, ...]
    cautions: tuple[Phrase, ...]
    legal_help: tuple[LegalHelp, ...]
    answers: Answers | None
    today: date

    @property
    def screened(self) -> bool:
        """True when the options come from the screener's answers."""
        return self.answers is not None


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

# ---------------------------------------------------------------------------------------
# Statute data: a jurisdiction's facts are in its entry file (including the rule facts
# `listed_offenses`, `scope_by_relief`, `waits_for_sentence`); only the federal Act's dates
# are here, as its rules are written for it alone.
# ---------------------------------------------------------------------------------------

_MAY, _UNCLEAR, _NOT = Likelihood.MAY_APPLY, Likelihood.UNCLEAR, Likelihood.MAY_NOT_APPLY

# Federal, section 1.3: Pub. L. 119-73 (Trafficking Survivors Relief Act), 18 U.S.C. § 3771A.
FEDERAL_STATUTE = "18 U.S.C. § 3771A"
FEDERAL_EFFECTIVE = date(2026, 1, 23)  # signed and effective Jan 23, 2026
# The Act asks for a GAO review within 3 years: until then its practice is still settling.
FEDERAL_NEW_FOR_DAYS = 3 * 365

# ---------------------------------------------------------------------------------------
# Rules: each returns a Finding (result + reason + statute), or None when it has no bearing.
# ---------------------------------------------------------------------------------------


def _coverage_outcome(value: Coverage) -> Likelihood:
    if value is True:
        return _MAY
    if value == UNCLEAR:
        return _UNCLEAR
    return _NOT


def existence_rule(entry: ReliefEntry) -> Finding | None:
    """A law the reference could not confirm (or that may no longer be survivor-only)."""
    if entry.trafficking_specific_relief == UNCLEAR:
        return Finding("existence", _UNCLEAR, phrase("law_unclear"), entry.citations)
    return None


def link_rule(entry: ReliefEntry, trafficking_related: YesNo | None) -> Finding:
    """Survivor relief is for offenses that came from the trafficking."""
    if trafficking_related is YesNo.YES:
        return Finding("link", _MAY, phrase("link_yes"), entry.citations)
    if trafficking_related is YesNo.NO:
        return Finding("link", _NOT, phrase("link_no"), entry.citations)
    key = "link_unsure" if trafficking_related is YesNo.UNSURE else "link_skipped"
    return Finding("link", _UNCLEAR, phrase(key), entry.citations)


def scope_outcome(scope: ReliefScope, offense: OffenseKind) -> tuple[Likelihood, str]:
    """How a known offense compares with one offense scope: (result, reason key)."""
    if isinstance(scope, Mapping):
        outcome = scope.get(offense, _UNCLEAR)
        key = {
            _MAY: "offense_listed",
            _UNCLEAR: "offense_maybe_listed",
            _NOT: "offense_not_listed",
        }[outcome]
        return outcome, key
    if scope is OffensesCovered.ALL:
        if offense is OffenseKind.VIOLENT:
            # "Any offense" laws often leave out serious violent crimes (NJ, CO, VT, DC...).
            return _UNCLEAR, "offense_violent_all"
        return _MAY, "offense_all"
    if scope is OffensesCovered.NONVIOLENT:
        if offense is OffenseKind.VIOLENT:
            return _NOT, "offense_violent_nonviolent"
        return _MAY, "offense_nonviolent"
    if scope is OffensesCovered.PROSTITUTION_RELATED:
        if offense is OffenseKind.PROSTITUTION:
            return _MAY, "offense_prostitution"
        return _NOT, "offense_not_prostitution"
    if scope is OffensesCovered.LISTED:
        return _UNCLEAR, "offense_maybe_listed"
    if scope is OffensesCovered.NONE:
        return _NOT, "offense_none"
    return _UNCLEAR, "offense_scope_unclear"


def _entry_scope(entry: ReliefEntry) -> ReliefScope:
    if entry.offenses_covered is OffensesCovered.LISTED:
        return entry.listed_offenses
    return entry.offenses_covered


def offense_rule(
    entry: ReliefEntry, offense: OffenseKind | None, juvenile: YesNo | None = None
) -> tuple[Finding, tuple[ReliefType, ...]]:
    """The offense against the entry's scope; also the relief types that fit it best.

    Where one entry's reliefs have different scopes (`scope_by_relief`), each is compared
    and only the best-fitting relief types are kept.
    """
    relief_types = entry.relief_types
    if offense is None or offense is OffenseKind.UNSURE:
        key = "offense_skipped" if offense is None else "offense_unsure"
        return Finding("offense", _UNCLEAR, phrase(key), entry.citations), relief_types
    label = offense.value
    split = entry.scope_by_relief
    if split:
        per_type = {
            relief: scope_outcome(split.get(relief, entry.offenses_covered), offense)
            for relief in relief_types
        }
        best = max((outcome for outcome, _ in per_type.values()), key=RANK.__getitem__)
        fits = tuple(relief for relief, (outcome, _) in per_type.items() if outcome is best)
        misses = tuple(relief for relief in relief_types if relief not in fits)
        if misses:
            lower = {per_type[relief][0] for relief in misses}
            if best is _UNCLEAR:  # the others may not fit: say which, and what is unclear
                key = "offense_split_unclear_not"
            elif lower == {_NOT}:
                key = "offense_split_may_not"
            elif lower == {_UNCLEAR}:
                key = "offense_split_may_unclear"
            else:
                key = "offense_split_mixed"
            reason = phrase(
                key,
                offense=label,
                fits=",".join(r.value for r in fits),
                misses=",".join(r.value for r in misses),
            )
            finding = Finding("offense", best, reason, entry.citations, notable=True)
        else:
            key = next(iter(per_type.values()))[1]
            finding = Finding("offense", best, phrase(key, offense=label), entry.citations)
        return _juvenile_softened(entry, finding, juvenile), fits
    outcome, key = scope_outcome(_entry_scope(entry), offense)
    finding = Finding("offense", outcome, phrase(key, offense=label), entry.citations)
    return _juvenile_softened(entry, finding, juvenile), relief_types


def _juvenile_softened(entry: ReliefEntry, finding: Finding, juvenile: YesNo | None) -> Finding:
    """`offenses_covered` describes adults; rules for minors may be wider (AR, LA)."""
    if finding.outcome is _NOT and juvenile is YesNo.YES and entry.covers_juvenile is True:
        return Finding("offense", _UNCLEAR, phrase("offense_juvenile_differs"), entry.citations)
    return finding


def record_rule(entry: ReliefEntry, record: RecordKind | None) -> Finding:
    """Arrests and convictions against what the relief reaches."""
    arrests = _coverage_outcome(entry.covers_arrests)
    convictions = _coverage_outcome(entry.covers_convictions)
    cite = entry.citations
    if record is None or record is RecordKind.UNSURE:
        if arrests is _MAY and convictions is _MAY:
            return Finding("record", _MAY, phrase("record_both_covered"), cite)
        key = "record_skipped" if record is None else "record_unsure"
        return Finding("record", _UNCLEAR, phrase(key), cite)
    if record is RecordKind.ARREST:
        key = {
            _MAY: "record_arrest_yes",
            _UNCLEAR: "record_arrest_unclear",
            _NOT: "record_arrest_no",
        }[arrests]
        return Finding("record", arrests, phrase(key), cite)
    if record is RecordKind.CONVICTION:
        key = {
            _MAY: "record_conviction_yes",
            _UNCLEAR: "record_conviction_unclear",
            _NOT: "record_conviction_no",
        }[convictions]
        return Finding("record", convictions, phrase(key), cite)
    # Both: the relief may help with the part it reaches; say which part is not clear.
    best = max(arrests, convictions, key=RANK.__getitem__)
    if arrests is convictions:
        key = {
            _MAY: "record_both_covered",
            _UNCLEAR: "record_both_unclear",
            _NOT: "record_both_no",
        }[best]
        return Finding("record", best, phrase(key), cite)
    key = "record_both_conviction_part" if convictions is best else "record_both_arrest_part"
    return Finding("record", best, phrase(key), cite, notable=True)


def juvenile_rule(
    entry: ReliefEntry, juvenile: YesNo | None, *, juvenile_only: bool = False
) -> Finding | None:
    """Cases from before age 18 against what the relief reaches."""
    cite = entry.citations
    if juvenile_only:
        if juvenile is YesNo.YES:
            return Finding("juvenile", _MAY, phrase("juvenile_only_yes"), cite)
        if juvenile is YesNo.NO:
            return Finding("juvenile", _NOT, phrase("juvenile_only_adult"), cite)
        return Finding("juvenile", _UNCLEAR, phrase("juvenile_only_unknown"), cite)
    if juvenile is not YesNo.YES:
        return None  # adult cases are what survivor relief is about; nothing to add
    outcome = _coverage_outcome(entry.covers_juvenile)
    key = {_MAY: "juvenile_covered", _UNCLEAR: "juvenile_unclear", _NOT: "juvenile_not_covered"}[
        outcome
    ]
    return Finding("juvenile", outcome, phrase(key), cite)


# ---------------------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------------------


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
        offenses = Phrase(FACT, (("text", entry.offenses_note),))
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
    scope = (Phrase(FACT, (("text", note),)),)
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


# ---------------------------------------------------------------------------------------
# Cautions
# ---------------------------------------------------------------------------------------


def _fact(text: str) -> Phrase:
    return Phrase(FACT, (("text", text),))


def _iso(day: date) -> str:
    return day.isoformat()


def cautions(
    entry: ReliefEntry,
    answers: Answers | None,
    today: date,
    options: tuple[Option, ...] = (),
) -> tuple[Phrase, ...]:
    """Hurdles, time limits, fees, law changes and the check-with-a-lawyer note."""
    items: list[Phrase] = [phrase("hurdle", text=hurdle) for hurdle in entry.hurdles]
    if entry.time_limit:
        items.append(phrase("time_limit", text=entry.time_limit))
    if answers is not None and answers.sentence_done is YesNo.NO and entry.waits_for_sentence:
        items.append(phrase("wait_sentence", place=entry.name))
    if entry.fees:
        items.append(phrase("fees", text=entry.fees))
    if entry.code == NATIONAL_CODE:
        if today < FEDERAL_EFFECTIVE:
            items.append(phrase("federal_starts", date=_iso(FEDERAL_EFFECTIVE)))
        elif (today - FEDERAL_EFFECTIVE).days < FEDERAL_NEW_FOR_DAYS:
            items.append(phrase("federal_new", date=_iso(FEDERAL_EFFECTIVE)))
        else:
            items.append(phrase("federal_since", date=_iso(FEDERAL_EFFECTIVE)))
        # Section 1.3 "Other": filed under seal, applies retroactively.
        items.append(phrase("federal_sealed"))
        items.append(phrase("federal_old_cases"))
        if entry.general_route_note:
            items.append(_fact(entry.general_route_note))
    no_survivor_law = entry.trafficking_specific_relief is not True
    if entry.bills_to_watch:
        items.append(phrase("bills_new_law" if no_survivor_law else "bills_change"))
    linked_no = answers is not None and answers.trafficking_related is YesNo.NO
    none_fits = answers is not None and all(
        option.likelihood is _NOT for option in options if option.key in MAIN_OPTIONS
    )
    if (no_survivor_law or linked_no or none_fits) and not entry.general_route_note:
        items.append(phrase("other_ways"))
    if entry.needs_lawyer_check:
        items.append(phrase("lawyer_check"))
    return tuple(items)


# ---------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------


def _legal_help(entry: ReliefEntry) -> tuple[LegalHelp, ...]:
    """State-specific help first, then national (the files already list them so)."""
    return tuple(sorted(entry.legal_help, key=lambda help_: help_.scope is not Scope.STATE))


def _options(entry: ReliefEntry, answers: Answers) -> tuple[Option, ...]:
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


def assess(answers: Answers, entry: ReliefEntry, today: date) -> Assessment:
    """What relief may exist in `entry`'s jurisdiction for these answers (pure)."""
    if answers.jurisdiction is not None and answers.jurisdiction != entry.code:
        raise ValueError(
            f"answers are about {answers.jurisdiction!r} but the entry is {entry.code!r}"
        )
    options = _options(entry, answers)
    return Assessment(
        entry=entry,
        options=options,
        cautions=cautions(entry, answers, today, options),
        legal_help=_legal_help(entry),
        answers=answers,
        today=today,
    )


def summary_assessment(entry: ReliefEntry, today: date) -> Assessment:
    """For "can I clear my record in X?": no answers, every option "unclear"."""
    blank = Answers(jurisdiction=entry.code)
    options = tuple(
        Option(
            key=option.key,
            relief_types=option.relief_types,
            likelihood=_UNCLEAR,
            reason_key="summary",
            reason_params=(),
            citations=option.citations,
            gather=option.gather,
            scope=option.scope,
            findings=(),
        )
        for option in _options(entry, blank)
    )
    return Assessment(
        entry=entry,
        options=options,
        cautions=cautions(entry, None, today),
        legal_help=_legal_help(entry),
        answers=None,
        today=today,
    )
