"""Cities in a request: "Atlanta, GA", "houston", "near mobile", "nyc". A state alone is no
location here (the relief flow's `jurisdiction` covers states)."""

from __future__ import annotations

import re
from typing import Any

from bot.programs.request_parse.candidates import RANK, Candidate, reject
from bot.programs.request_parse.guards import AMBIGUOUS_CITIES, NEVER_LOWER_STATES
from bot.programs.request_parse.lexicon import (
    CASED_CITY_ALIASES,
    CITY_ALIASES,
    LARGE_CITY_ZIPS,
    LOCATION_AFTER,
    STRONG_CUES,
    WEAK_CUES,
)
from bot.programs.request_parse.matchers import Matchers
from bot.programs.request_parse.tables import places
from bot.programs.request_parse.text import TOKEN, norm_phrase, word_after
from bot.us_states import STATES, WORDLIKE_CODES


def _state_at(doc: Any, i: int, states: list[tuple[int, int, str]]) -> tuple[int, str] | None:
    """(end token, code) of a state named at token i, if any."""
    for a, b, code in states:
        if a == i:
            return b, code
    token = doc[i] if i < len(doc) else None
    if token is None:
        return None
    word = token.text
    plain = word.replace(".", "")
    if len(plain) == 2 and plain.upper() in STATES:
        after_comma = i > 0 and doc[i - 1].text == ","
        # Step 1 only keeps it when a city of that state comes right before ("detroit mi").
        if plain.isupper() or after_comma or plain.lower() not in NEVER_LOWER_STATES:
            return i + 1, plain.upper()
    return None


def _cue_before(low: str, start: int) -> str:
    """'strong', 'weak' or '' for the words right before a place name."""
    before = low[max(0, start - 30):start]
    before = re.sub(r"\b(?:the|downtown|el|la|los|las)\s*$", "", before.rstrip()).rstrip()
    before = re.sub(r"[,:]$", "", before).rstrip()
    for cue in STRONG_CUES:
        if before.endswith(cue) and not before[:-len(cue)][-1:].isalnum():
            return "strong"
    words = TOKEN.findall(before)
    if words and words[-1] in WEAK_CUES:
        return "weak"
    return ""


def capitalised(cased: str, start: int, end: int) -> bool:
    """Every word of cased[start:end] starts with a capital (and the text is not all caps)."""
    words = [w for w in re.split(r"[\s-]+", cased[start:end]) if w]
    if not words or cased.upper() == cased:
        return False
    return all(w[:1].isupper() for w in words if w.lower() not in ("of", "de", "la", "del"))


def read_cities(doc: Any, low: str, cased: str, matchers: Matchers) -> list[Candidate]:
    """Candidate cities of a message, and the everyday words that only look like one."""
    known = places()
    found: list[Candidate] = []
    states = []
    for _, a, b in matchers.state(doc):
        states.append((a, b, known.state_names[low[doc[a].idx:doc[b - 1].idx
                                                   + len(doc[b - 1])]]))
    # 1. "City, ST" / "City State": any city of that state, the longest name first.
    for i in range(len(doc)):
        state = _state_at(doc, i, states)
        if state is None or i == 0:
            continue
        state_end, code = state
        k = i - 1
        comma = doc[k].text == ","
        if comma:
            k -= 1
        names = known.by_state.get(code, {})
        for n in (4, 3, 2, 1):
            a = k - n + 1
            if a < 0:
                continue
            start, end = doc[a].idx, doc[state_end - 1].idx + len(doc[state_end - 1])
            name = " ".join(low[doc[a].idx:doc[k].idx + len(doc[k])].replace(".", " ")
                            .replace("-", " ").split())
            city = names.get(name) or names.get(norm_phrase(name))
            if city is None:
                continue
            wordlike = doc[i].text.lower() in WORDLIKE_CODES and len(doc[i].text) == 2
            if (name in AMBIGUOUS_CITIES and wordlike and not comma
                    and not doc[i].text.isupper()):
                break
            found.append(Candidate("location", f"{city}, {code}", start, end,
                                   RANK["location"] - 1))
            break
    # 2. A city name alone.
    for matcher, cased_alias in ((matchers.city, False), (matchers.city_exact, True)):
        for match_id, a, b in matcher(doc):
            kind = matchers.nlp.vocab.strings[match_id]
            start, end = doc[a].idx, doc[b - 1].idx + len(doc[b - 1])
            name = low[start:end]
            cue = _cue_before(low, start)
            after = word_after(low, end)
            if after in LOCATION_AFTER:
                cue = "strong"
            if cased_alias:
                # "EN LA CALLE": in a message all in capitals, "LA" after a Spanish
                # preposition is the article ("COOKING CLASSES IN LA" stays a city).
                shouting = not any(c.islower() for c in cased)
                article = shouting and name in WORDLIKE_CODES and (
                    low[:start].split()[-1:] in (["en"], ["de"], ["por"], ["para"], ["a"]))
                if cue and not article:
                    value = CASED_CITY_ALIASES[cased[start:end]]
                    found.append(Candidate("location", value, start, end, RANK["location"]))
                else:
                    found.append(reject("location", start, end))
                continue
            if kind == "ALIAS":
                found.append(Candidate("location", CITY_ALIASES[name], start, end,
                                       RANK["location"]))
                continue
            key = " ".join(name.replace(".", " ").replace("-", " ").split())
            canonical, count = known.cities.get(key) or known.cities.get(name) or ("", 0)
            if not canonical:
                continue
            capital = capitalised(cased, start, end)
            if key in AMBIGUOUS_CITIES:
                ok = cue == "strong" or (cue == "weak" and capital and low[start - 3:start]
                                         .strip() not in ("by",))
            else:
                ok = (bool(cue) or capital or count >= LARGE_CITY_ZIPS or " " in key)
            if ok:
                found.append(Candidate("location", canonical, start, end, RANK["location"]))
            else:
                found.append(reject("location", start, end))
    return found
