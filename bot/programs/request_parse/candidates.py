"""What the request parser finds: the entities it returns, and the candidates its readers
propose before the longest, best-ranked ones win."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Found:
    """One entity in a message: its type, canonical value and [start, end) character offsets."""

    entity: str
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class Reading:
    """What `read` makes of a text: the entities, and the words it judged NOT to be one.

    `rejected` holds (entity type, start, end) of words that look like an entity of that type
    but are not, in their context ("free" in "i'm free on weekends", "mobile" in "mobile
    phlebotomy", "childcare" in "childcare for my kids"); type "*" for any type (a phone
    number). A model that tags those words should be overruled.
    """

    found: list[Found]
    rejected: list[tuple[str, int, int]]


@dataclass(frozen=True)
class Candidate:
    """A reading of some words proposed by one reader, before overlaps are resolved."""

    entity: str
    value: str | None   # None: a blocker or a rejection, yields no entity
    start: int
    end: int
    rank: int           # lower wins among equally long candidates
    claims: bool = True  # False: a rejection, noted but not taking the words from others


def reject(entity: str, start: int, end: int) -> Candidate:
    """A look-alike of that entity type at [start, end): noted, claiming nothing."""
    return Candidate(entity, None, start, end, 99, claims=False)


RANK = {"cost": 0, "location_zip": 0, "program_format": 1, "schedule": 2, "language": 3,
        "occupation": 4, "location": 5}
