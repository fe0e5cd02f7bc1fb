"""What a person is looking for in a program search, and the search terms made from it.

`Query` is built by the chat (`bot.programs.request`) or a caller; the SQL filters and the
ranking (`bot.programs.search_sql`) and the reasons (`bot.programs.reasons`) read the
wanted occupations and keywords through `occupation_terms` and `keyword_terms`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from bot.programs.schema import SCHEDULE_FLAGS, soc

log = logging.getLogger(__name__)

MAX_OCCUPATION_TERMS = 10
MAX_KEYWORDS = 8

_WORD_RE = re.compile(r"[^\W_]+")  # as schema.terms_for splits words
_OCCUPATION_RE = re.compile(r"^\d{2}(-\d{0,4})?(\.\d{2})?$")
_STOPWORDS = frozenset(
    "a an and or the of for in on at to with job jobs work working training train class "
    "classes course courses program programs learn learning want like near me my is be do "
    "it's im get".split()
)


@dataclass(frozen=True)
class Query:
    """What a person is looking for; every field is optional."""

    occupations: tuple[str, ...] = ()  # O*NET ("35-2014.00"), SOC ("35-2014") or "35-20"
    keywords: tuple[str, ...] = ()  # free words ("cooking", "nails")
    interests: tuple[str, ...] = ()  # RIASEC letters, weak signal
    zip: str | None = None
    city: str | None = None
    state: str | None = None
    max_miles: float = 25.0
    online_ok: bool = True  # online programs match regardless of distance
    online_only: bool = False
    in_person_only: bool = False  # excludes online programs (hybrid ones stay)
    max_cost: float | None = None  # 0 = free only
    stipend: bool = False
    childcare: bool = False  # needs onsite or assistance
    schedule: frozenset[str] = frozenset()  # program must offer ALL of these
    language: str | None = None  # ISO code the program must offer
    no_photo_id: bool = False  # person has no photo ID: exclude programs requiring it
    no_ssn: bool = False
    no_work_authorization: bool = False
    no_diploma: bool = False
    record_friendly: bool = False

    def __post_init__(self) -> None:
        unknown = set(self.schedule) - set(SCHEDULE_FLAGS)
        if unknown:
            raise ValueError(f"unknown schedule {sorted(unknown)}: use {SCHEDULE_FLAGS}")
        if not self.max_miles > 0:
            raise ValueError("max_miles must be more than 0")
        if self.max_cost is not None and self.max_cost < 0:
            raise ValueError("max_cost can't be less than 0")


def occupation_terms(query: Query) -> tuple[str, ...]:
    """Wanted occupation codes as SOC codes or prefixes, in the order given."""
    terms: list[str] = []
    for code in query.occupations:
        code = (code or "").strip()
        if not _OCCUPATION_RE.match(code):
            # The value is not logged: a forged button could carry someone's words.
            log.warning("ignoring an occupation code that is not a SOC code")
            continue
        term = soc(code).rstrip("-")
        if term and term not in terms:
            terms.append(term)
    return tuple(terms[:MAX_OCCUPATION_TERMS])


def stem(word: str) -> str:
    """A crude stem so "cooking" finds "cook" and "nails" finds "nail technician"."""
    word = word.lower()
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def keyword_terms(query: Query) -> tuple[tuple[str, str], ...]:
    """(phrase as given, stem) for each useful word of the keywords."""
    terms: list[tuple[str, str]] = []
    for phrase in query.keywords:
        phrase = " ".join((phrase or "").split())
        for word in _WORD_RE.findall(phrase.lower()):
            if len(word) < 2 or word in _STOPWORDS:
                continue
            stemmed = stem(word)
            if stemmed not in [t[1] for t in terms]:
                terms.append((phrase, stemmed))
    return tuple(terms[:MAX_KEYWORDS])
