"""Reading grade of a text (Flesch-Kincaid), computed offline.

textstat 0.7.13 counts English syllables with NLTK's cmudict, which it downloads at run time
when missing; nothing may download here. Its fallback, pyphen's hyphenation dictionary
(shipped inside the pyphen package), is used instead: the approach of textstat before 0.7.4.
"""

from __future__ import annotations

import re

import textstat
from textstat.backend.counts import _count_syllables

# Force the offline syllable counter: no cmudict means pyphen for every word.
_count_syllables.get_cmudict = lambda lang: None  # type: ignore[assignment]


# Web and email addresses are read as one word, not as many long ones.
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?:/\S*)?")


def plain(text: str) -> str:
    """The text as a person reads it: bullets dropped, phone numbers and addresses one word,
    and each line a sentence of its own (a chat message is read line by line: a title, a
    bullet or a "Why: ..." line ends where the line ends, with or without a full stop)."""
    text = re.sub(r"(?m)^\s*[•\-]\s+", "", text)
    text = ADDRESS.sub("link", text)
    text = re.sub(r"\b\d[\d-]{5,}\d\b", "number", text)
    return re.sub(r"(?m)(?<=[^\s.!?:])[ \t]*$", ".", text.strip())


def grade(text: str) -> float:
    """Flesch-Kincaid grade level of `text`."""
    return float(textstat.flesch_kincaid_grade(plain(text)))
