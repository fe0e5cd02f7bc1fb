"""Interest questions and their scoring (the six RIASEC areas, in plain words).

The person sees short everyday activities (`ITEMS`, from `items.yml`) and answers each with
a five-point button (`SCALE`, scored 0-4). Any question can be skipped and the person can
stop at any time: `score` uses only what was answered, `enough` says when there is enough
to show a first result, and the items take turns by area so an early stop stays balanced.

Scores are per area, from 0 (disliked everything asked) to 1 (loved everything asked).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot import catalog
from bot.config import ROOT

CATALOG = ROOT / "data" / "catalog" / "occupations"
ITEMS_PATH = CATALOG / "items.yml"

AREAS = ("R", "I", "A", "S", "E", "C")

# Five answer buttons, best first: (points, button title), in English; the titles of every
# language are the catalog's `assess` table `scale` (`scale(language)`).
SCALE: tuple[tuple[int, str], ...] = tuple(
    (int(points), str(title)) for points, title in catalog.table("assess", "scale", "en").items())
MAX_POINTS = max(points for points, _title in SCALE)

# The areas' names in English (the catalog's `area_names`; `area_name(area, language)`).
AREA_NAMES: dict[str, str] = dict(catalog.table("assess", "area_names", "en"))


def scale(language: str | None = None) -> tuple[tuple[int, str], ...]:
    """The answer buttons with their titles in a language (the current one by default)."""
    titles = catalog.table("assess", "scale", language)
    return tuple((points, str(titles[points])) for points, _title in SCALE)


def area_name(area: str, language: str | None = None) -> str:
    """An area's short name in a language ("Helping")."""
    return str(catalog.table("assess", "area_names", language)[area])


# A first result is shown once this many questions have been answered.
ENOUGH_ANSWERS = 5
# An area counts as liked above this score (halfway: "Not sure" on average).
LIKED = 0.5


@dataclass(frozen=True)
class Item:
    """One interest question."""

    id: str  # "r1".."c5"
    area: str  # one of AREAS
    text: str


def _load_items(path: Path = ITEMS_PATH) -> tuple[Item, ...]:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    items = tuple(Item(id=str(raw["id"]), area=str(raw["area"]), text=str(raw["text"]))
                  for raw in data.get("items") or [])
    for item in items:
        if item.area not in AREAS or not item.id.startswith(item.area.lower()):
            raise ValueError(f"{path}: item {item.id!r} has a bad area {item.area!r}")
    if len({item.id for item in items}) != len(items):
        raise ValueError(f"{path}: item ids repeat")
    return items


ITEMS: tuple[Item, ...] = _load_items()
_AREA_OF: dict[str, str] = {item.id: item.area for item in ITEMS}
_VALID_POINTS = frozenset(points for points, _title in SCALE)


def _valid(answers: Mapping[str, int]) -> dict[str, int]:
    """The answers that name a known item and hold a scale value (bools are not points)."""
    return {
        item_id: value
        for item_id, value in answers.items()
        if item_id in _AREA_OF
        and isinstance(value, int)
        and not isinstance(value, bool)
        and value in _VALID_POINTS
    }


def score(answers: Mapping[str, int]) -> dict[str, float]:
    """Per area, the mean of the answered items scaled to 0-1; unanswered areas are absent.

    Unknown item ids and values outside the scale are ignored.
    """
    totals: dict[str, list[int]] = {}
    for item_id, value in _valid(answers).items():
        totals.setdefault(_AREA_OF[item_id], []).append(value)
    return {
        area: sum(totals[area]) / (len(totals[area]) * MAX_POINTS)
        for area in AREAS
        if area in totals
    }


def top_areas(scores: Mapping[str, float], n: int = 3) -> list[str]:
    """The person's top areas, best first (ties in AREAS order), at most n.

    Only liked areas (score above 0.5) count. If none is liked, the best area is returned,
    with the second best too when it is within 0.1 of it, so there is always something to
    talk about (the wording should then say "you might like", not "you like").
    """
    known = [area for area in AREAS if area in scores]
    if n <= 0 or not known:
        return []
    ordered = sorted(known, key=lambda area: (-scores[area], AREAS.index(area)))
    liked = [area for area in ordered if scores[area] > LIKED]
    if liked:
        return liked[:n]
    best = ordered[:1]
    if len(ordered) > 1 and scores[ordered[0]] - scores[ordered[1]] <= 0.1 + 1e-9:
        best.append(ordered[1])
    return best[:n]


def describe(area: str, language: str | None = None) -> str:
    """One plain sentence about an area ("You like working with your hands ...")."""
    return str(catalog.table("assess", "area_descriptions", language)[area])


def enough(answers: Mapping[str, int]) -> bool:
    """Whether enough questions are answered to show a first result."""
    return len(_valid(answers)) >= ENOUGH_ANSWERS


def next_item(answers: Mapping[str, object]) -> Item | None:
    """The first question not yet answered or skipped (keys of answers), or None when done."""
    for item in ITEMS:
        if item.id not in answers:
            return item
    return None
