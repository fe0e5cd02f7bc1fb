"""Values typed or tagged elsewhere (the tagger, a button) mapped to the parser's canonical
values: the search then gets "es" whether the person typed "spanish" or the model tagged it."""

from __future__ import annotations

import re

from bot.programs.request_parse.cities import capitalised
from bot.programs.request_parse.fuzzy import fuzzy_phrase, fuzzy_topic
from bot.programs.request_parse.guards import AMBIGUOUS_CITIES
from bot.programs.request_parse.lexicon import (
    CASED_CITY_ALIASES,
    CITY_ALIASES,
    FORMATS,
    KNOWN_CITY_ZIPS,
    LANGUAGES,
    LARGE_CITY_ZIPS,
    SCHEDULES,
)
from bot.programs.request_parse.patterns import AMOUNT, FORMAT_PATTERNS, SCHEDULE_PATTERNS
from bot.programs.request_parse.reader import read_money, to_dollars
from bot.programs.request_parse.tables import places, vocabulary
from bot.programs.request_parse.text import fold, lower_same_length, norm_phrase
from bot.us_states import STATES


def normalise(entity: str, text: str | None) -> str | None:
    """The canonical value of an entity tagged by something else (the tagger, a button), or None.

    Stricter than `parse` where context is missing: a city name that is an everyday word
    ("reading") counts only capitalised or with its state.
    """
    if text is None:
        return None
    text = " ".join(str(text).split())[:200]
    if not text:
        return None
    low = lower_same_length(fold(text)).strip(" .,!?;:")
    handler = _NORMALISERS.get(entity)
    return handler(text, low) if handler else None


def is_valid(entity: str, value: str) -> bool:
    """True when value is already a canonical value of that entity type."""
    return normalise(entity, value) == value


def _norm_location(text: str, low: str) -> str | None:
    known = places()
    zip_match = re.fullmatch(r"(\d{5})(?:-\d{4})?", low)
    if zip_match:
        return zip_match.group(1) if zip_match.group(1) in known.zips else None
    if low in CITY_ALIASES:
        return CITY_ALIASES[low]
    if text.strip() in CASED_CITY_ALIASES:
        return CASED_CITY_ALIASES[text.strip()]
    state_code = None
    city_part = low
    m = re.fullmatch(r"(.+?)[,\s]+([a-z][a-z .]*)", low)
    if m:
        tail = m.group(2).strip()
        code = known.state_names.get(tail) or (tail.upper() if tail.replace(".", "").upper()
                                               in STATES and len(tail.replace(".", "")) == 2
                                               else None)
        if code:
            code = code.replace(".", "")
            key = " ".join(m.group(1).replace(".", " ").replace("-", " ").split())
            city = known.by_state.get(code, {}).get(key)
            if city:
                return f"{city}, {code}"
            state_code = code
            city_part = key
    key = " ".join(city_part.replace(".", " ").replace("-", " ").split())
    if key not in known.cities:
        key = re.sub(r"^(?:the|el|la|los|las|downtown|in|en|near|around|cerca de) ", "", key)
    found = known.cities.get(key)
    if state_code is None and key in known.state_names and (
            found is None or found[1] < LARGE_CITY_ZIPS):
        return None  # a state alone is not a location here ("New York" is also a city)
    if found is None or found[1] < KNOWN_CITY_ZIPS and state_code is None:
        return None
    if key in AMBIGUOUS_CITIES and not capitalised(fold(text), 0, len(key)):
        return None
    return found[0]


def _norm_cost(text: str, low: str) -> str | None:
    if low in ("free", "gratis"):
        return "free"
    if re.fullmatch(r"\d{1,6}", low):
        return low.lstrip("0") or "free"
    for item in read_money(low):
        if item.value:
            return item.value
    m = re.fullmatch(rf"\$?\s*(?P<a>{AMOUNT})\s*(?P<k>k)?", low)
    if m:
        value = to_dollars(m.group("a"), m.group("k"))
        return "free" if value == "0" else value
    return None


def _norm_schedule(text: str, low: str) -> str | None:
    key = low.replace("-", "_").replace(" ", "_")
    if key in SCHEDULES:
        return key
    if key in ("day", "days", "day_time"):
        return "daytime"
    for value, pattern in SCHEDULE_PATTERNS:
        if pattern.search(low):
            return value
    return None


def _norm_language(text: str, low: str) -> str | None:
    if low in LANGUAGES:
        return low
    words = re.sub(r"^(?:in|en|el|la)\s+", "", low)
    for code, names in LANGUAGES.items():
        if words in (norm_phrase(n) for n in names):
            return code
    return None


_COURSE_WORDS = re.compile(
    r"\s+(?:classes|class|course|courses|training|program|programs|school|clases|curso|cursos)$")


def _norm_occupation(text: str, low: str) -> str | None:
    vocab = vocabulary()
    if low in vocab.topics:
        return low
    phrase = " ".join(low.replace("-", " ").split())
    for candidate in (phrase, phrase + ".", _COURSE_WORDS.sub("", phrase)):
        if candidate in vocab.phrase_to_topic:
            return vocab.phrase_to_topic[candidate]
    if fold(text).strip() in vocab.exact_to_topic:
        return vocab.exact_to_topic[fold(text).strip()]
    if phrase in ("english", "ingles"):
        return "esl"
    if " " not in phrase and phrase.isalpha():
        return fuzzy_topic(phrase)
    if 2 <= len(phrase.split()) <= 4:
        return fuzzy_phrase(phrase.split())
    return None


def _norm_format(text: str, low: str) -> str | None:
    key = low.replace("-", "_").replace(" ", "_")
    if key in FORMATS:
        return key
    for value, pattern in FORMAT_PATTERNS:
        if pattern.search(low):
            return value
    return None


_NORMALISERS = {
    "location": _norm_location,
    "cost": _norm_cost,
    "schedule": _norm_schedule,
    "language": _norm_language,
    "occupation": _norm_occupation,
    "program_format": _norm_format,
}
