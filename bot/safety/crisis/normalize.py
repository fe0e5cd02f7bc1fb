"""Steps 1 and 2 of the crisis net: normalise a message, then its canonical words.

Lowercase, accents and odd quotes away, letter runs squeezed; then contractions written
out, split words merged, near-miss typos of key words repaired with rapidfuzz (never a
protected real word), and context contractions ("hell kill" -> "he will kill").
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.safety.crisis.lexicon import (
    APOSTROPHES,
    BEFORE_TO,
    COMMON,
    CONTEXT_CONTRACTIONS,
    EXPAND,
    LEXICON,
    MERGE,
    NO_FUZZ_PREFIXES,
    PROTECTED,
    SHORT_REAL,
)
from bot.safety.crisis.patterns import PHRASES, TOKEN_PATTERNS


def normalize(text: str) -> str:
    """Lowercase, strip accents and odd quotes, squeeze long letter runs ("helppp" -> "helpp")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"(.)\1{2,}", r"\1\1", text)
    text = re.sub(r"[^\w'\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _fuzzy_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for word in LEXICON:
        table.setdefault(word[0], []).append(word)
    return {k: tuple(sorted(v)) for k, v in table.items()}


_FUZZY_BY_INITIAL = _fuzzy_table()


def _correct(word: str, known: frozenset[str]) -> str:
    """The canonical spelling of one word: known as is, else a repaired near-miss, else itself."""
    if word in EXPAND:
        return EXPAND[word]
    if word in known or word in PROTECTED or not word.isalpha():
        return word
    single = re.sub(r"(.)\1+", r"\1", word)  # "kiill" -> "kil", "helpp" -> "help"
    if single != word:
        if single in known or single in LEXICON:
            return single
        if single in EXPAND:
            return EXPAND[single]
    if word.endswith("in") and word + "g" in known:  # "hurtin" -> "hurting"
        return word + "g"
    if word.endswith("in") and len(word) >= 5:
        fixed = _fuzzy(word + "g")  # "choakin" -> "choking"
        if fixed != word + "g":
            return fixed
    if len(word) in (3, 4):
        return _SHORT_SWAPS.get(word, word)  # "wnat" -> "want", "hrut" -> "hurt"
    if len(word) < 5 or word.startswith(NO_FUZZ_PREFIXES):
        return word
    return _fuzzy(word)


def _fuzzy(word: str) -> str:
    candidates = _FUZZY_BY_INITIAL.get(word[0])
    if not candidates:
        return word
    limit = 1 if len(word) < 8 else 2
    best = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=limit)
    if best is not None and abs(len(best[0]) - len(word)) <= 2:
        return best[0]
    return word


def _swaps(words: str) -> dict[str, str]:
    """Adjacent-letter swaps of short key words ("wnat", "kiil"), minus real words."""
    table: dict[str, str] = {}
    for word in words.split():
        for i in range(len(word) - 1):
            swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            if swapped != word and swapped not in SHORT_REAL:
                table[swapped] = word
    return table


_SHORT_SWAPS = _swaps("want kill hurt help safe dead beat rape stab shot took said gun die hit cut")


def _expand_apostrophes(text: str) -> str:
    for pattern, replacement in APOSTROPHES:
        text = pattern.sub(replacement, text)
    return text


def canonical_words(normalized: str) -> list[str]:
    """The canonical words of a normalised message (see the module's docstring)."""
    raw = _expand_apostrophes(normalized).split()
    # Merge split words ("out side", "my self", "nine one one").
    merged: list[str] = []
    i = 0
    while i < len(raw):
        for size in (3, 2):
            key = tuple(raw[i : i + size])
            if len(key) == size and key in MERGE:
                merged.append(MERGE[key])
                i += size
                break
        else:
            merged.append(raw[i])
            i += 1
    words: list[str] = []
    for word in merged:
        words.extend(_correct(word, KNOWN).split())
    # Context contractions: "hell kill" -> "he will kill", "his going" -> "he is going".
    out: list[str] = []
    for index, word in enumerate(words):
        if word in {"too", "2", "two"} and index and words[index - 1] in BEFORE_TO:
            out.append("to")
            continue
        rule = CONTEXT_CONTRACTIONS.get(word)
        following = words[index + 1] if index + 1 < len(words) else ""
        if rule is not None and following in rule[0]:
            out.extend(rule[1].split())
        else:
            out.append(word)
    return out


def _known_words() -> frozenset[str]:
    words: set[str] = set(LEXICON)
    for patterns in TOKEN_PATTERNS.values():
        for pattern in patterns:
            for spec in pattern:
                for people, _gap in [spec["_who"]] if "_who" in spec else []:
                    words.update(people)
                value = spec.get("LOWER")
                if isinstance(value, str):
                    words.add(value)
                elif isinstance(value, dict):
                    words.update(value.get("IN", []))
    for phrase in PHRASES:
        words.update(phrase.split())
    for expansion in EXPAND.values():
        words.update(expansion.split())
    words.update(MERGE.values())
    words.update(COMMON)
    words.update("help job jobs work class school test interview hair".split())
    return frozenset(words)


KNOWN = _known_words()
