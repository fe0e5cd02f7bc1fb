"""Which language a message is written in, offline.

py3langid's model ships inside its wheel (py3langid/data/model.plzma, read from the
installed package: nothing downloads) and is limited to the catalog's languages. On a
few words it guesses, so it is one vote beside the everyday words of each language (the
catalog's `switching` area, `common_words`): a language is named only when the message has
at least two words of letters and that language leads the others clearly. "ok", "hola
ok", "Miami", "33125", "cna" or a half-and-half "mi ex is outside" give None, and the
caller keeps the language it had.

Words are read as people type them: apostrophes join ("i'm" is "im", "dont"), one-letter
words count ("i", "u", "y", "q"), and a run of two or more capitalised words ("El Paso",
"Los Angeles", "San Antonio") is a name, not a language. Beside the word lists, a word's
spelling votes when no list knows it: ñ or an accent, or an ending like -ción, -mente,
-ando/-iendo, is Spanish; "th", "w", "sh", "ck", or an -ing ending is English (each
language's `spelling` in the `switching` area).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from bot import catalog

# Below this the model is guessing (its score for "ok" is 0.66 with two languages).
SURE = 0.95
MIN_WORDS = 2
LEAD = 2  # votes ahead of the next language, and at least twice its votes
# Words every language here uses the same way: they carry no language.
NEUTRAL = frozenset("""
ok okay oki okey k kk no sip yes si sí yeah ya hi hey bye lol jaja jajaja haha pls plz
please porfa xfa gracias thanks thx ty cna cdl ged esl ok. wifi email id usa
""".split())

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
NAME_RUN = 2  # capitalised words in a row that read as a name


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(catalog.supported()))
    return identifier


def _tokens(text: str) -> list[str]:
    """The words of letters as typed (apostrophes joined; numbers, emoji, ZIPs dropped)."""
    return [re.sub(r"['’]", "", w) for w in _WORD.findall(unicodedata.normalize("NFC", text))]


def words(text: str) -> list[str]:
    """The words of letters in a message, lower case (numbers, emoji, ZIPs dropped)."""
    return [w.lower() for w in _tokens(text)]


def _without_names(tokens: list[str]) -> list[str]:
    """The words outside runs of capitalised words ("vivo en El Paso" -> vivo, en)."""
    if all(t[:1].isupper() for t in tokens) and len(tokens) > 3:
        return tokens  # Every Word Capitalised (or shouting): a sentence, not a name
    kept: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if token[:1].isupper() and not token.isupper():
            run.append(token)
            continue
        if len(run) < NAME_RUN:
            kept += run
        run = []
        if token:
            kept.append(token)
    return kept


@lru_cache(maxsize=1)
def _spelling() -> dict[str, tuple[re.Pattern[str], ...]]:
    """Each language's spelling cues (regular expressions over a lower-case word)."""
    return {code: tuple(re.compile(str(p)) for p in
                        catalog.contents("switching", code).get("spelling", []))
            for code in catalog.supported()}


@lru_cache(maxsize=1)
def _common() -> dict[str, frozenset[str]]:
    """Each language's everyday words, without those two languages share."""
    lists = {code: {str(w).lower() for w in catalog.contents("switching", code)
                    .get("common_words", [])} for code in catalog.supported()}
    shared = {w for code, found in lists.items() for other, more in lists.items()
              if other != code for w in found & more}
    return {code: frozenset(found - shared) for code, found in lists.items()}


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    """Every word some language's list knows (their spelling does not vote)."""
    return frozenset().union(*_common().values())


def votes(text: str) -> dict[str, int]:
    """Each language's votes: its everyday words in the message, the spelling of words no
    list knows, plus one for the model's guess when it is sure."""
    meaningful = [w.lower() for w in _without_names(_tokens(text)) if w.lower() not in NEUTRAL]
    counts = {code: 0 for code in catalog.supported()}
    if len(meaningful) < MIN_WORDS:
        return counts
    common, spelling, known = _common(), _spelling(), _known()
    for code in counts:
        counts[code] = sum(w in common[code] for w in meaningful)
    for word in meaningful:
        if word in known:
            continue
        cued = [code for code, cues in spelling.items() if any(c.search(word) for c in cues)]
        if len(cued) == 1:
            counts[cued[0]] += 1
    language, score = _identifier().classify(" ".join(meaningful))
    if score >= SURE and language in counts:
        counts[str(language)] += 1
    return counts


def detect(text: str) -> str | None:
    """The message's language when it is clear, else None."""
    ranked = sorted(votes(text).items(), key=lambda item: -item[1])
    if not ranked:
        return None
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    return best if top >= LEAD and top - second >= LEAD and top >= 2 * second else None


def warm_up() -> None:
    """Load the model now (about 0.1 s) rather than on the first message."""
    _identifier()
