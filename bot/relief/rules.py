"""Rules as code: how one part of a person's answers compares with what an entry says.

Information, never legal advice. A rule never decides anything about a person: it compares
what they chose to tell (every answer may be skipped) with what a relief entry says the law
covers, and returns a `Finding`: "may_apply", "unclear" or "may_not_apply", plus the reason
(a message-catalog key with its parameters) and the statute it rests on. Unknown or skipped
answers give "unclear"; nothing is guessed. The wording lives in
`data/catalog/texts/relief/<language>.yml` and is rendered by `bot.relief.explain`, the one
source of text for the chat and the staff console.

Shape after codeforpdx/recordexpungPDX: small rules returning a result plus a reason; the
statute facts they need are data in the entry, with their source next to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.relief.knowledge import (
    UNCLEAR,
    Coverage,
    OffensesCovered,
    ReliefEntry,
    ReliefScope,
    ReliefType,
)
from bot.relief.terms import RANK, Likelihood, OffenseKind, RecordKind, YesNo

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


def fact(text: str) -> Phrase:
    """A fact copied from an entry, as a phrase."""
    return Phrase(FACT, (("text", text),))


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


_MAY, _UNCLEAR, _NOT = Likelihood.MAY_APPLY, Likelihood.UNCLEAR, Likelihood.MAY_NOT_APPLY

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
