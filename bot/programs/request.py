"""From what the person said (entities) and their saved profile to a program search.

The search state lives in a slot as a plain JSON object (`search_query`), so paging,
"search farther" and a follow-up like "in the evening" refine the last search.
Pure functions: tested without Rasa.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.programs.search_query import Query
from bot.programs.search_sql import relaxed_max_miles

SCHEDULES = ("daytime", "evening", "weekend", "part_time")
# Refinements: a message carrying only these changes the last search instead of
# starting a new one.
REFINEMENTS = {"location", "cost", "schedule", "language", "program_format"}
_ZIP = re.compile(r"^\d{5}$")
_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Query)}
# What "relax" may drop, and the value it drops to.
RELAX_DEFAULTS: dict[str, Any] = {
    "max_miles": 75.0, "max_cost": None, "stipend": False, "childcare": False,
    "schedule": [], "language": None, "no_photo_id": False, "no_ssn": False,
    "no_work_authorization": False, "no_diploma": False, "record_friendly": False,
    "online_only": False, "in_person_only": False,
}


def _values(entities: Sequence[Mapping[str, Any]], name: str) -> list[str]:
    return [str(e["value"]).strip() for e in entities
            if e.get("entity") == name and e.get("value") not in (None, "")]


def _topic_codes(key: str) -> tuple[list[str], list[str]]:
    """A training topic's occupations and its plain label (as a keyword)."""
    from bot.programs.request_parse import topics

    topic = topics().get(key.lower())
    if topic is None:
        return [], [key.lower()]
    return list(topic.occupations), [topic.label]


def _location(value: str) -> dict[str, Any]:
    value = value.strip()
    if _ZIP.match(value):
        return {"zip": value, "city": None, "state": None}
    city, _, state = value.partition(",")
    return {"zip": None, "city": city.strip() or None, "state": state.strip().upper() or None}


def profile_filters(profile: Mapping[str, Any] | None) -> dict[str, Any]:
    """Search filters that follow from the saved profile's "what holds you back" answers."""
    answers = (profile or {}).get("constraints") or {}
    filters: dict[str, Any] = {}
    if answers.get("childcare") == "need":
        filters["childcare"] = True
    if answers.get("id_documents") == "missing":
        filters["no_photo_id"] = True
        filters["no_ssn"] = True
    if answers.get("work_auth") == "help":
        filters["no_work_authorization"] = True
    if answers.get("education") in ("none", "some_hs"):
        filters["no_diploma"] = True
    if answers.get("record") == "yes":
        filters["record_friendly"] = True
    if answers.get("languages") == "es":
        filters["language"] = "es"
    schedule = {"evenings": "evening", "weekends": "weekend", "part": "part_time"}.get(
        answers.get("hours", ""))
    if schedule:
        filters["schedule"] = [schedule]
    return filters


def build(entities: Sequence[Mapping[str, Any]], profile: Mapping[str, Any] | None,
          previous: Mapping[str, Any] | None) -> dict[str, Any]:
    """The search to run, as a JSON-ready dict of Query fields.

    A new topic (an occupation named or a "find training for this job" button) starts a
    new search that keeps the last place; a message with refinements only changes the
    last search. The profile adds its filters and interests to a new search.
    """
    names = {e.get("entity") for e in entities}
    occupations = _values(entities, "onet")
    keywords: list[str] = []
    for key in _values(entities, "occupation"):
        codes, words = _topic_codes(key)
        occupations += codes
        keywords += words
    refine = previous is not None and not occupations and not keywords and bool(
        names & REFINEMENTS)
    if refine:
        query = dict(previous or {})
    else:
        query = {"occupations": occupations, "keywords": keywords}
        query.update(profile_filters(profile))
        scores = (profile or {}).get("scores") or {}
        liked = sorted((a for a, v in scores.items() if v > 0.5), key=lambda a: -scores[a])
        query["interests"] = liked[:3]
        if not occupations and not keywords and profile:
            # No topic named: what the profile says the person can do or was matched to.
            query["occupations"] = list(profile.get("titles") or [])
        for field in ("zip", "city", "state"):
            if previous and previous.get(field):
                query[field] = previous[field]
    for value in _values(entities, "location")[:1]:
        query.update(_location(value))
        query.pop("max_miles", None)
    for value in _values(entities, "cost")[:1]:
        query["max_cost"] = 0.0 if value.lower() == "free" else _number(value)
    schedule = [v for v in _values(entities, "schedule") if v in SCHEDULES]
    if schedule:
        query["schedule"] = sorted(set(schedule) | (set(query.get("schedule") or [])
                                                    if refine else set()))
    for value in _values(entities, "language")[:1]:
        query["language"] = value.lower()
    for value in _values(entities, "program_format")[:1]:
        query["online_only"] = value == "online"
        query["in_person_only"] = value == "in_person"
    return {k: v for k, v in query.items() if k in _DEFAULTS}


def _number(value: str) -> float | None:
    digits = re.sub(r"[^\d.]", "", value)
    try:
        return float(digits)
    except ValueError:
        return None


def needs_place(query: Mapping[str, Any]) -> bool:
    """Whether to ask where to look: no ZIP or city, and not online only."""
    return not (query.get("zip") or query.get("city") or query.get("online_only"))


def to_query(data: Mapping[str, Any]) -> Query:
    """The stored dict as a Query."""
    values = {k: v for k, v in data.items() if k in _DEFAULTS and v is not None}
    for field in ("occupations", "keywords", "interests"):
        values[field] = tuple(values.get(field, ()))
    values["schedule"] = frozenset(values.get("schedule", ()))
    if values.get("max_cost") is not None:
        values["max_cost"] = float(values["max_cost"])
    return Query(**values)


def relaxed(data: Mapping[str, Any], field: str) -> dict[str, Any]:
    """The search with one filter dropped (distance is widened, not dropped)."""
    new = dict(data)
    if field == "max_miles":
        new["max_miles"] = relaxed_max_miles(float(data.get("max_miles") or 25.0))
    elif field in RELAX_DEFAULTS:
        new[field] = RELAX_DEFAULTS[field]
    return new
