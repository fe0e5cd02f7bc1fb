"""The spaCy tokenizer and phrase matchers of the request parser, built once per process."""

from __future__ import annotations

import threading
from collections import defaultdict

from bot.programs.request_parse.lexicon import (
    CASED_CITY_ALIASES,
    CITY_ALIASES,
    KNOWN_CITY_ZIPS,
    LANGUAGES,
)
from bot.programs.request_parse.tables import places, vocabulary
from bot.programs.request_parse.text import norm_phrase


class Matchers:
    """spaCy blank("en") tokenizer and PhraseMatchers, built once per process."""

    def __init__(self) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self.nlp = spacy.blank("en")
        vocab = vocabulary()
        known = places()
        self.topic = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.topic_exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.language = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.city = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.state = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        make = self.nlp.make_doc
        self.topic.add("BLOCK", [make(p) for p in vocab.not_topics])
        by_topic: dict[str, list[str]] = defaultdict(list)
        for phrase, key in vocab.phrase_to_topic.items():
            by_topic[key].append(phrase)
        for key, phrases in by_topic.items():
            cased = [v for p in phrases if "." in p for v in (p.upper(), p.title())]
            self.topic.add(key, [make(p) for p in phrases + cased])
        for phrase, key in vocab.exact_to_topic.items():
            self.topic_exact.add(key, [make(phrase)])
        for code, names in LANGUAGES.items():
            self.language.add(code, [make(norm_phrase(n)) for n in names])
        names = [k for k, (_, count) in known.cities.items() if count >= KNOWN_CITY_ZIPS]
        # Tokens depend on case ("St. Louis" is two tokens, "st. louis" three): both forms.
        names += [n.title() for n in names if "." in n]
        self.city.add("CITY", list(self.nlp.tokenizer.pipe(names)))
        self.city.add("ALIAS", [make(a) for a in CITY_ALIASES])
        self.city_exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.city_exact.add("ALIAS", [make(a) for a in CASED_CITY_ALIASES])
        self.state.add("STATE", [make(v) for n in known.state_names
                                 for v in ((n, n.upper()) if "." in n else (n,))])


_lock = threading.Lock()
_matchers: Matchers | None = None


def get_matchers() -> Matchers:
    """The process's matchers, built on first use."""
    global _matchers
    with _lock:
        if _matchers is None:
            _matchers = Matchers()
        return _matchers


def warm_up() -> None:
    """Load every table now (a pipeline component calls this at load, not on a message)."""
    get_matchers()
