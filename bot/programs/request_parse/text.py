"""Text folding for the request parser: one character for one character, so offsets into the
folded text are offsets into what the person typed."""

from __future__ import annotations

import re

# Accents are dropped one character for one character, so offsets stay valid. "ñ" is kept:
# "uñas" (nails) is not "unas" (some).
_FOLD = str.maketrans({
    **{c: "a" for c in "àáâãäåā"}, **{c: "e" for c in "èéêëē"}, **{c: "i" for c in "ìíîïī"},
    **{c: "o" for c in "òóôõöō"}, **{c: "u" for c in "ùúûüū"}, "ç": "c", "ý": "y", "ÿ": "y",
    **{c: "A" for c in "ÀÁÂÃÄÅĀ"}, **{c: "E" for c in "ÈÉÊËĒ"}, **{c: "I" for c in "ÌÍÎÏĪ"},
    **{c: "O" for c in "ÒÓÔÕÖŌ"}, **{c: "U" for c in "ÙÚÛÜŪ"}, "Ç": "C",
    "’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "–": "-", "—": "-",
    "\u00a0": " ",
})

TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)  # a word, "don't" included


def fold(text: str) -> str:
    """Accents dropped and quotes straightened, case kept; always the same length as text."""
    return text.translate(_FOLD)


def lower_same_length(text: str) -> str:
    """Lowercase, one character for one character (a few letters lowercase to two)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def norm_phrase(phrase: str) -> str:
    """A phrase as the tables hold it: folded, lowercase, single spaces."""
    return " ".join(lower_same_length(fold(str(phrase))).split())


def word_before(low: str, start: int, words: int = 1) -> str:
    """The last `words` words before offset start."""
    return " ".join(TOKEN.findall(low[max(0, start - 60):start])[-words:])


def word_after(low: str, end: int) -> str:
    """The first word after offset end, or ""."""
    after = TOKEN.findall(low[end:end + 40])
    return after[0] if after else ""
