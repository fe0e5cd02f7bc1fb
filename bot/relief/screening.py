"""The screener's entry points: what record relief *may* fit a person's answers in one
jurisdiction, with the cautions and where to get free legal help (pure functions).

Information, never legal advice: the options come from bot.relief.options (built from the
rules in bot.relief.rules over the entry's facts); `today` is a parameter, never read from
the clock. `bot.relief.explain` turns an `Assessment` into plain words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.relief.knowledge import NATIONAL_CODE, LegalHelp, ReliefEntry, Scope
from bot.relief.options import (
    FEDERAL_EFFECTIVE,
    FEDERAL_NEW_FOR_DAYS,
    MAIN_OPTIONS,
    Option,
    options_for,
)
from bot.relief.rules import Phrase, fact, phrase
from bot.relief.terms import Answers, Likelihood, YesNo


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


# ---------------------------------------------------------------------------------------
# Cautions
# ---------------------------------------------------------------------------------------


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
            items.append(fact(entry.general_route_note))
    no_survivor_law = entry.trafficking_specific_relief is not True
    if entry.bills_to_watch:
        items.append(phrase("bills_new_law" if no_survivor_law else "bills_change"))
    linked_no = answers is not None and answers.trafficking_related is YesNo.NO
    none_fits = answers is not None and all(
        option.likelihood is Likelihood.MAY_NOT_APPLY
        for option in options
        if option.key in MAIN_OPTIONS
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


def screen(answers: Answers, entry: ReliefEntry, today: date) -> Assessment:
    """What relief may exist in `entry`'s jurisdiction for these answers (pure)."""
    if answers.jurisdiction is not None and answers.jurisdiction != entry.code:
        raise ValueError(
            f"answers are about {answers.jurisdiction!r} but the entry is {entry.code!r}"
        )
    options = options_for(entry, answers)
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
            likelihood=Likelihood.UNCLEAR,
            reason_key="summary",
            reason_params=(),
            citations=option.citations,
            gather=option.gather,
            scope=option.scope,
            findings=(),
        )
        for option in options_for(entry, blank)
    )
    return Assessment(
        entry=entry,
        options=options,
        cautions=cautions(entry, None, today),
        legal_help=_legal_help(entry),
        answers=None,
        today=today,
    )
