"""Turn what a person typed ("georgia", "GA", "pensilvania", "federal") into an entry code."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.relief.store import entries

# Other ways people name a place; codes are the knowledge base's file names.
ALIASES = {
    "federal": "federal", "fed": "federal", "feds": "federal", "federal court": "federal",
    "us": "federal", "usa": "federal", "united states": "federal",
    "dc": "dc", "d c": "dc", "washington dc": "dc", "district of columbia": "dc",
    "washington d c": "dc",
    "cali": "ca", "socal": "ca", "jersey": "nj", "mass": "ma", "penn": "pa", "philly": "pa",
    "nyc": "ny", "new york city": "ny", "vegas": "nv", "chicago": "il", "atlanta": "ga",
    "houston": "tx", "dallas": "tx", "miami": "fl",
    "nueva york": "ny", "nueva jersey": "nj", "nuevo mexico": "nm", "nuevo méxico": "nm",
    "carolina del norte": "nc", "carolina del sur": "sc", "dakota del norte": "nd",
    "dakota del sur": "sd", "virginia occidental": "wv", "luisiana": "la", "misuri": "mo",
    "pensilvania": "pa", "hawai": "hi", "tejas": "tx", "florida": "fl", "california": "ca",
}


# Postal codes that are also everyday words: they count only when typed in capitals.
WORDLIKE_CODES = frozenset(
    "al co de hi ia id in la ma me mi mo ms nm oh ok or pa va".split()
)


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Lowercase place name (and 2-letter code) -> entry code."""
    names: dict[str, str] = {}
    for code, entry in entries().items():
        names[entry.name.lower()] = code
        if len(code) == 2:
            names[code] = code
    names.update(ALIASES)
    return names


def to_code(text: str | None) -> str | None:
    """The entry code a person meant, or None when it is not clear enough to guess."""
    if not text:
        return None
    clean = re.sub(r"[^a-z ]+", " ", text.lower().replace("é", "e").replace("í", "i"))
    clean = re.sub(r"\b(in|the|state|of|my|case|was|it|en|el|i|think|court)\b", " ", clean)
    clean = re.sub(r"\s+", " ", clean).strip()
    if not clean:
        return None
    names = _names()
    if clean in WORDLIKE_CODES and clean.upper() not in text:
        return None
    if clean in names:
        return names[clean]
    if len(clean) <= 3:  # short strings are codes or nothing: never fuzzy-guess them
        return None
    found = process.extractOne(clean, list(names), scorer=fuzz.ratio, score_cutoff=80)
    return names[found[0]] if found else None
