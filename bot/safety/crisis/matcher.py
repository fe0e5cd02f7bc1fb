"""Step 3 of the crisis net and its entry points: the spaCy layer, loaded once, the
regular expressions, and `find_crisis` / `is_crisis`.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from typing import Any

from bot.safety.crisis.guards import Hit, fear_hits, guarded, mask_idioms, phrase_guard, token_guard
from bot.safety.crisis.lexicon import EMOJI
from bot.safety.crisis.normalize import KNOWN, canonical_words, normalize
from bot.safety.crisis.patterns import (
    CATEGORY_OF_PATTERN,
    KIND_OF_PATTERN,
    PHRASES,
    SUBJECT_OF_PATTERN,
    TOKEN_PATTERNS,
    subject_start,
)
from bot.safety.crisis.phrases import DANGER_NOW, IDIOMS, PRIORITY, REGEXES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CrisisMatch:
    """Why a message was flagged: the category and the matched words."""

    category: str
    matched: str


_LOCK = threading.Lock()
_state: dict[str, Any] | None = None


def _load() -> dict[str, Any]:
    """The blank spaCy vocabulary and matchers, built once (thread-safe).

    Built in a local dict and published with one assignment, so a reader never sees half
    of it; afterwards it is only read (the vocabulary already holds every word it will see).
    """
    global _state
    if _state is not None:
        return _state
    with _LOCK:
        if _state is not None:
            return _state
        state: dict[str, Any] = {"ok": False}
        try:
            import spacy
            from spacy.matcher import Matcher, PhraseMatcher
            from spacy.tokens import Doc

            nlp = spacy.blank("en")
            vocab = nlp.vocab
            for word in KNOWN | {"_"}:
                vocab[word]  # noqa: B018 - create every lexeme now: none are added later
            matcher = Matcher(vocab)
            for name, patterns in TOKEN_PATTERNS.items():
                matcher.add(name, patterns)
            phrase_matcher = PhraseMatcher(vocab, attr="LOWER")
            by_category: dict[str, list[Any]] = {}
            for phrase, category in PHRASES.items():
                by_category.setdefault(category, []).append(Doc(vocab, words=phrase.split()))
            for category, docs in by_category.items():
                phrase_matcher.add("phrase:" + category, docs)
            state.update(
                nlp=nlp, vocab=vocab, doc=Doc, matcher=matcher, phrases=phrase_matcher, ok=True
            )
        except Exception:  # pragma: no cover - the regexes still run without spaCy
            log.exception("crisis net: spaCy layer unavailable, using regular expressions only")
        state["regexes"] = [
            (name, category, re.compile(pattern)) for name, category, pattern in REGEXES
        ]
        state["idioms"] = [re.compile(pattern) for pattern in IDIOMS]
        _state = state
        return state


def warm_up() -> None:
    """Load the spaCy layer now (a few seconds), not on the first message."""
    _load()


def _hits(canonical: str, state: dict[str, Any]) -> list[Hit]:
    words = canonical.split()
    offsets: list[int] = []
    position = 0
    for word in words:
        offsets.append(position)
        position += len(word) + 1
    hits: list[Hit] = []
    if state.get("ok") and words:
        vocab = state["vocab"]
        masked = [w if w in KNOWN else "_" for w in words]
        doc = state["doc"](vocab, words=masked)
        for match_id, start, end in state["matcher"](doc):
            key = vocab.strings[match_id]
            kind = KIND_OF_PATTERN[key]
            subject = SUBJECT_OF_PATTERN.get(key)
            if subject is not None:
                found = subject_start(words, start, *subject)
                if found is None:
                    continue
                start = found
            if end - start > 16 or token_guard(kind, words, start, end):
                continue
            hits.append(
                Hit(kind, CATEGORY_OF_PATTERN[key], offsets[start], " ".join(words[start:end]))
            )
        for match_id, start, end in state["phrases"](doc):
            category = vocab.strings[match_id].split(":", 1)[1]
            phrase = " ".join(words[start:end])
            if phrase_guard(phrase, words, start, end):
                continue
            hits.append(Hit("phrase", category, offsets[start], phrase))
    for name, category, pattern in state["regexes"]:
        found = pattern.search(canonical)
        if found:
            hits.append(Hit(name, category, found.start(), found.group(0).strip()))
    hits.extend(fear_hits(words, offsets))
    return hits


def find_crisis(text: str | None) -> CrisisMatch | None:
    """Return the strongest crisis signal in `text`, or None.

    Self-harm comes first, then threats, being held, and "help now"; among equals the
    earliest in the message. Never raises: an unexpected error is logged and the regular
    expressions alone decide.
    """
    if not text or not isinstance(text, str):
        return None
    try:
        return _find(text, _load())
    except Exception:  # pragma: no cover - a bug here must not break the conversation
        log.exception("crisis net failed; falling back to regular expressions only")
        try:
            return _find(text, {**_load(), "ok": False})
        except Exception:
            log.exception("crisis net fallback failed")
            return None


def _find(text: str, state: dict[str, Any]) -> CrisisMatch | None:
    raw = text[:4096]  # Telegram's longest message
    for emoji, word in EMOJI.items():
        if emoji in raw:
            raw = raw.replace(emoji, word)
    clean = normalize(raw)
    if not clean:
        return None
    canonical = " ".join(canonical_words(clean))
    canonical = mask_idioms(canonical, state["idioms"])
    hits = guarded(_hits(canonical, state), canonical)
    # Shouted or stretched "HELP" / "helppp" / "help!!" is urgent on its own.
    if not hits and _urgent_help(text, clean):
        hits = [Hit("help_shout", DANGER_NOW, 0, "help")]
    if not hits:
        return None
    best = min(hits, key=lambda h: (PRIORITY[h.category], h.start))
    return CrisisMatch(category=best.category, matched=best.matched)


def _urgent_help(text: str, clean: str) -> bool:
    if re.search(r"\bh+e+l+p+\b", clean) and not re.search(r"\bhelp\b", clean):
        return True  # "heelp", "helpp"
    if re.search(r"\b(?:HELP|AYUDA|AYUDAME)\b", text) and not re.search(r"\bhelp\b\s+\w", clean):
        return True
    return bool(re.search(r"\b(?:help|ayuda)\s*!{2,}", text, re.IGNORECASE))


def is_crisis(text: str | None) -> bool:
    """True when the message shows a crisis signal."""
    return find_crisis(text) is not None
