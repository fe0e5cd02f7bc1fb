"""Turn what a person typed ("georgia", "GA", "pensilvania", "federal") into an entry code."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.relief.store import entries
from bot.us_states import ALIASES as STATE_ALIASES
from bot.us_states import WORDLIKE_CODES

# Other ways people name a place that are not a state's name: the federal courts, and big
# cities for their state. The states' own other names come from bot/us_states.py.
ALIASES = {
    "federal": "federal", "fed": "federal", "feds": "federal", "federal court": "federal",
    "us": "federal", "usa": "federal", "united states": "federal",
    "socal": "ca", "philly": "pa", "nyc": "ny", "new york city": "ny", "vegas": "nv",
    "chicago": "il", "atlanta": "ga", "houston": "tx", "dallas": "tx", "miami": "fl",
}
# Other names of bot/us_states.py that relief leaves out: it guesses typos, and these short
# forms would read "flea", "tienen" and "clif" as states; "d.c." cannot match the letters-only
# text it compares.
_LEFT_OUT = frozenset({"calif", "fla", "tenn", "wash", "d.c.", "d.c"})


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Lowercase place name (and 2-letter code) -> entry code (codes are lowercase here)."""
    names: dict[str, str] = {}
    for code, entry in entries().items():
        names[entry.name.lower()] = code
        if len(code) == 2:
            names[code] = code
    names.update(ALIASES)  # before the states' other names: the first wins a fuzzy tie
    names.update({name: code.lower() for name, code in STATE_ALIASES.items()
                  if name not in _LEFT_OUT})
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
