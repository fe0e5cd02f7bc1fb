"""The screener's words, shared by the entries and the rules: what a person may answer
(every answer may be skipped) and how a relief may relate to the answers.

They live apart from the rules because the entry files use them too: an entry's offense
list (`listed_offenses` in data/catalog/relief) says, for each offense choice below, which
likelihood the statute's list gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class RecordKind(str, Enum):
    """What is on the record: an arrest (no conviction), a conviction, both, or not sure."""

    ARREST = "arrest"
    CONVICTION = "conviction"
    BOTH = "both"
    UNSURE = "unsure"


class OffenseKind(str, Enum):
    """The kind of offense, in the screener's few plain choices."""

    PROSTITUTION = "prostitution"
    DRUG_POSSESSION = "drug_possession"
    THEFT = "theft"
    OTHER_NONVIOLENT = "other_nonviolent"
    VIOLENT = "violent"
    UNSURE = "unsure"


class YesNo(str, Enum):
    """A yes/no question the person may not be sure about."""

    YES = "yes"
    NO = "no"
    UNSURE = "unsure"


class Likelihood(str, Enum):
    """Information only, never shown as a verdict: how a relief relates to the answers."""

    MAY_APPLY = "may_apply"
    UNCLEAR = "unclear"
    MAY_NOT_APPLY = "may_not_apply"


# From least to most hopeful: the weakest finding decides an option, the best relief wins.
RANK = {Likelihood.MAY_NOT_APPLY: 0, Likelihood.UNCLEAR: 1, Likelihood.MAY_APPLY: 2}


_ANSWER_KINDS: tuple[tuple[str, type[Enum]], ...] = (
    ("record", RecordKind),
    ("offense", OffenseKind),
    ("trafficking_related", YesNo),
    ("juvenile", YesNo),
    ("sentence_done", YesNo),
)


@dataclass(frozen=True)
class Answers:
    """What the person chose to tell the screener; None = skipped or "prefer not to say"."""

    jurisdiction: str | None = None
    record: RecordKind | None = None
    offense: OffenseKind | None = None
    trafficking_related: YesNo | None = None
    juvenile: YesNo | None = None
    sentence_done: YesNo | None = None

    def __post_init__(self) -> None:
        # Accept the plain values a slot holds ("theft", "yes"); refuse anything else.
        for name, kind in _ANSWER_KINDS:
            value = getattr(self, name)
            if value is not None and not isinstance(value, kind):
                object.__setattr__(self, name, kind(value))
