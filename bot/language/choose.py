"""The language to answer a message in, from the message and the language so far.

In order: a language button; words that ask for a language ("english please", "¿hablas
español?", "en español por favor"); the message's own language when it is clear
(bot.language.detect); else the language the person had; else Telegram's language code
(only a hint: the app's language is not the person's words); else English. So "ok",
"hola ok", a ZIP or a Spanglish message that is neither never flip the language by
themselves, and the reply language changes only when the person clearly changes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bot import catalog
from bot.language.detect import detect, words

CHANGE_INTENT = "change_language"
ENTITY = "reply_language"
# A request names a language in a few words; a long message that names one is about
# something else ("i was born in mexico and speak spanish and english and …").
REQUEST_AT_MOST = 9
NEGATION_REACH = 3  # "no hablo ingles", "i don't really speak english", "no hablo mucho ingles"
WEAK_REACH = 2  # "my english is bad", "mi ingles es malo"


@dataclass(frozen=True)
class Choice:
    """The language and why: "button", "asked", "detected", "kept", "hint" or "default"."""

    language: str
    reason: str


def _plain(word: str) -> str:
    """Lower case without accents (people type "espanol" and "inglés" alike)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Every supported language's name in every supported language -> its code."""
    names: dict[str, str] = {}
    for said_in in catalog.supported():
        for code in catalog.supported():
            name = catalog.language_name(code, said_in, default="")
            if name:
                names[_plain(name)] = code
    return names


@lru_cache(maxsize=1)
def _words(key: str) -> frozenset[str]:
    """A word list of the `switching` area, every language's together (people mix)."""
    found: set[str] = set()
    for language in catalog.languages("switching"):
        found |= {_plain(w) for w in catalog.contents("switching", language).get(key, [])}
    return frozenset(found)


def requested_language(text: str) -> str | None:
    """The language a short message asks for, if it asks for one. A language named with a
    "not" ("no hablo inglés", "no spanish please", "my english is bad") asks for the other
    one when only one other is supported; one said to be weak ("my english is bad, spanish
please") is no request by itself."""
    tokens = [_plain(w) for w in words(text.replace("'", ""))]
    if not tokens or len(tokens) > REQUEST_AT_MOST or _words("about_classes") & set(tokens):
        return None
    names, negations = _names(), _words("negations") | {"dont", "cant"}
    weak = _words("weak_after")
    asked, refused, weakened = set(), set(), set()
    last_name = -1
    for index, token in enumerate(tokens):
        code = names.get(token)
        if code is None:
            continue
        # A "not" before reaches back to the previous language name at most.
        # A "not" before reaches back to the previous language name (and what it was
        # said to be) at most.
        before = tokens[max(0, index - NEGATION_REACH, last_name + 1):index]
        last_name = index
        if negations & set(before):
            refused.add(code)
        elif weak & set(tokens[index + 1:index + 1 + WEAK_REACH]):
            weakened.add(code)  # "my english is bad": not a wish, but not a request either
            last_name = index + WEAK_REACH
        else:
            asked.add(code)
    if len(asked) == 1:
        return asked.pop()
    others = set(catalog.supported()) - refused
    return others.pop() if not asked and refused and len(others) == 1 else None


_PAYLOAD = re.compile(r"^/(?P<intent>\w+)(?P<entities>\{.*\})?$", re.DOTALL)


def _button(text: str) -> str | None:
    """The language of a `/change_language{"reply_language": "es"}` payload."""
    match = _PAYLOAD.match(text.strip())
    if not match or match["intent"] != CHANGE_INTENT or not match["entities"]:
        return None
    try:
        value = json.loads(match["entities"]).get(ENTITY)
    except (ValueError, AttributeError):
        return None
    return value if value in catalog.supported() else None


def from_hint(hint: str | None) -> str | None:
    """A supported language from a code like Telegram's "es-MX" ("es"), if any."""
    code = (hint or "").split("-")[0].split("_")[0].lower()
    return code if code in catalog.supported() else None


def choose(text: str, previous: str | None = None, hint: str | None = None) -> Choice:
    """The language to answer `text` in (see the module's docstring for the order)."""
    supported = catalog.supported()
    if previous not in supported:
        previous = None
    if text.lstrip().startswith("/"):
        chosen = _button(text)
        if chosen:
            return Choice(chosen, "button")
    else:
        for reason, chosen in (("asked", requested_language(text)), ("detected", detect(text))):
            if chosen in supported:
                return Choice(chosen, reason)
    if previous:
        return Choice(previous, "kept")
    hinted = from_hint(hint)
    if hinted:
        return Choice(hinted, "hint")
    return Choice(catalog.DEFAULT_LANGUAGE, "default")
