"""The assessment's own data in other languages: interest statements, occupation plain
words, skill labels and education phrases.

English lives beside the data it describes (`items.yml`, `plain.yml`, `skills.yml`,
`occupations.csv`); every other language is one file,
`data/catalog/occupations/translations/<language>.yml`, with four maps:

    items:       item id -> statement            ("r1": "Arreglar una silla rota")
    occupations: O*NET-SOC code -> plain_title, summary, prep
    skills:      skill id -> label
    education:   English education phrase -> phrase ("high school diploma or GED": ...)

Adding a language adds a file (and its catalog texts); no code changes. What a file lacks
is listed by `missing` (tests/unit/test_languages.py and `make eval`'s
`translation_missing`). At run time an occupation without words in the person's language
is not suggested in that language (`has_words`), so a Spanish result never mixes in an
English job; a missing statement, label or phrase falls back to English with a warning
naming it (never silently).
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from bot import catalog
from bot.assess.interests import ITEMS, Item
from bot.assess.occupations import CATALOG, CSV_PATH, PLAIN_PATH, Occupation
from bot.assess.skills import SKILLS

TRANSLATIONS_DIR = CATALOG / "translations"
OCCUPATION_FIELDS = ("plain_title", "summary", "prep")

log = logging.getLogger(__name__)
_warned: set[tuple[str, str, str]] = set()


@dataclass(frozen=True)
class Words:
    """What the person reads about one occupation."""

    title: str
    summary: str
    prep: str


@lru_cache(maxsize=8)
def _file(language: str) -> dict[str, Any]:
    path = TRANSLATIONS_DIR / f"{language}.yml"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping with items, occupations, skills, education")
    return {key: {str(k): v for k, v in (data.get(key) or {}).items()}
            for key in ("items", "occupations", "skills", "education")}


def _language(language: str | None) -> str:
    return catalog.current() if language is None else language


def _english(language: str) -> bool:
    return language == catalog.DEFAULT_LANGUAGE


def _warn(kind: str, key: str, language: str) -> None:
    if (kind, key, language) not in _warned:
        _warned.add((kind, key, language))
        log.warning("assess: no %s %s %r; English was used", language, kind, key)


def _lookup(kind: str, key: str, language: str, english: str) -> str:
    if _english(language):
        return english
    value = _file(language)[kind].get(key) if _file(language) else None
    if not value:
        _warn(kind, key, language)
        return english
    return str(value)


def item_text(item: Item, language: str | None = None) -> str:
    """An interest statement in a language (the current one by default)."""
    return _lookup("items", item.id, _language(language), item.text)


def skill_label(skill_id: str, language: str | None = None) -> str:
    """A skill's plain label ("Cooking", "Cocinar")."""
    return _lookup("skills", skill_id, _language(language), SKILLS[skill_id].label)


def education(phrase: str, language: str | None = None) -> str:
    """The most common education of an occupation, in plain words ("" stays "")."""
    return _lookup("education", phrase, _language(language), phrase) if phrase else ""


def has_words(code: str, language: str | None = None) -> bool:
    """Whether an occupation can be shown in a language: always in English (the O*NET
    title at least); in another language only with its own plain words."""
    language = _language(language)
    if _english(language):
        return True
    entry = _file(language).get("occupations", {}).get(code) if _file(language) else None
    return bool(entry and all(entry.get(field) for field in OCCUPATION_FIELDS))


def words(occ: Occupation, language: str | None = None) -> Words:
    """The title, summary and preparation line the person reads for an occupation."""
    language = _language(language)
    english = Words(occ.plain_title, occ.summary, occ.prep)
    if _english(language):
        return english
    entry = (_file(language).get("occupations") or {}).get(occ.code) or {}
    if not all(entry.get(field) for field in OCCUPATION_FIELDS):
        _warn("occupation", occ.code, language)
        return english
    return Words(str(entry["plain_title"]), str(entry["summary"]), str(entry["prep"]))


def _education_phrases() -> set[str]:
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        return {row["education"] for row in csv.DictReader(handle) if row["education"]}


def _plain_codes() -> list[str]:
    with PLAIN_PATH.open(encoding="utf-8") as handle:
        return [str(code) for code in (yaml.safe_load(handle) or {}).get("occupations") or {}]


def missing(language: str) -> list[str]:
    """What a language's file lacks, one line each ("items r1", "occupations 35-2014.00")."""
    if _english(language):
        return []
    data = _file(language) or {"items": {}, "occupations": {}, "skills": {}, "education": {}}
    lost = [f"items {item.id}" for item in ITEMS if not data["items"].get(item.id)]
    lost += [f"skills {skill}" for skill in SKILLS if not data["skills"].get(skill)]
    lost += [f"education {phrase!r}" for phrase in sorted(_education_phrases())
             if not data["education"].get(phrase)]
    lost += [f"occupations {code}" for code in _plain_codes() if not has_words(code, language)]
    return lost
