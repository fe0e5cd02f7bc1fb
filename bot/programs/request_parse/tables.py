"""The request parser's tables, built once, lazily: the topics of topics.yml with the phrases
and typos that name them, and the ZIP codes, cities and states of the ZIP data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import yaml

from bot.config import ROOT
from bot.programs.request_parse.lexicon import (
    EXTRA_CITIES,
    FUZZY_MIN_PHRASE,
    FUZZY_MIN_WORD,
    NOT_CITIES,
)
from bot.programs.request_parse.text import fold, norm_phrase
from bot.us_states import ALIASES, STATES

TOPICS_FILE = ROOT / "data" / "catalog" / "programs" / "topics.yml"


@dataclass(frozen=True)
class Topic:
    """A training topic of topics.yml."""

    key: str
    label: str
    phrases: tuple[str, ...]
    occupations: tuple[str, ...]
    exact_case: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """topics.yml read for matching: every phrase, typo target and word list of its header."""

    topics: dict[str, Topic]
    phrase_to_topic: dict[str, str]          # folded lowercase phrase -> key
    exact_to_topic: dict[str, str]           # phrase as typed -> key
    fuzzy_words: dict[str, str]              # one-word phrases of 6+ letters -> key
    # (words, position) -> [(the word at that position, key)] for phrases of 2-4 words, so a
    # window with one misspelt word ("medical assisant") finds its phrase
    fuzzy_multi: dict[tuple[tuple[str, ...], int], list[tuple[str, str]]]
    not_topics: tuple[str, ...]
    not_typos: frozenset[str]
    needs_context: frozenset[str]   # phrases that name a topic only beside a context word
    context_words: frozenset[str]


def _phrase_variants(phrase: str) -> Iterator[str]:
    """The phrase and its plural (a final "s" on the last word)."""
    yield phrase
    last = phrase.split()[-1] if phrase.split() else ""
    if last.isalpha() and len(last) >= 3 and not last.endswith("s"):
        yield phrase + "s"


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """topics.yml, read once."""
    raw = yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8")) or {}
    topics: dict[str, Topic] = {}
    phrase_to_topic: dict[str, str] = {}
    exact_to_topic: dict[str, str] = {}
    exact_only: set[str] = set()
    for item in raw.get("topics", []):
        exact_only.update(norm_phrase(p) for p in item.get("exact_only") or ())
        key = str(item["key"])
        topic = Topic(
            key=key,
            label=str(item.get("label") or key),
            phrases=tuple(str(p) for p in item.get("phrases") or ()),
            occupations=tuple(str(o) for o in item.get("occupations") or ()),
            exact_case=tuple(str(p) for p in item.get("exact_case") or ()),
        )
        topics[key] = topic
        phrase_to_topic.setdefault(norm_phrase(key.replace("_", " ")), key)
        for phrase in topic.phrases:
            for variant in _phrase_variants(norm_phrase(phrase)):
                phrase_to_topic.setdefault(variant, key)
        for phrase in topic.exact_case:
            exact_to_topic[fold(phrase)] = key
    # Typos are caught for the one-word phrases as written (not the plurals added above).
    fuzzy = {}
    for topic in topics.values():
        for phrase in map(norm_phrase, topic.phrases):
            if (" " not in phrase and phrase.isalpha() and len(phrase) >= FUZZY_MIN_PHRASE
                    and phrase not in exact_only):
                fuzzy.setdefault(phrase, topic.key)
    multi: dict[tuple[tuple[str, ...], int], list[tuple[str, str]]] = defaultdict(list)
    for phrase, key in phrase_to_topic.items():
        words = phrase.split()
        if 2 <= len(words) <= 4 and all(w.isalpha() for w in words):
            for i, word in enumerate(words):
                if len(word) >= FUZZY_MIN_WORD - 1:
                    multi[(tuple(words[:i] + ["?"] + words[i + 1:]), i)].append((word, key))
    return Vocabulary(
        topics=topics,
        phrase_to_topic=phrase_to_topic,
        exact_to_topic=exact_to_topic,
        fuzzy_words=fuzzy,
        fuzzy_multi=dict(multi),
        not_topics=tuple(norm_phrase(p) for p in raw.get("not_topics") or ()),
        not_typos=frozenset(norm_phrase(w) for w in raw.get("not_typos") or ()),
        needs_context=frozenset(norm_phrase(w) for w in raw.get("needs_context") or ()),
        context_words=frozenset(norm_phrase(w) for w in raw.get("context_words") or ()),
    )


def topics() -> dict[str, Topic]:
    """Every training topic by key, in the order of topics.yml (read once)."""
    return vocabulary().topics


@dataclass(frozen=True)
class Places:
    """The ZIP data read for matching."""

    zips: frozenset[str]
    # folded lowercase city name -> (canonical name, most ZIPs in one state)
    cities: dict[str, tuple[str, int]]
    # state code -> folded lowercase city name -> canonical name (every city in the data)
    by_state: dict[str, dict[str, str]]
    state_names: dict[str, str]   # folded lowercase name or alias -> code


def _city_keys(name: str) -> Iterator[str]:
    """Folded lowercase spellings of a canonical city name ("Saint Louis" -> "st louis" ...)."""
    base = norm_phrase(name.replace("-", " ").replace(".", ""))
    yield base
    words = base.split()
    swaps = {"saint": ("st", "st."), "fort": ("ft", "ft."), "mount": ("mt", "mt."),
             "sainte": ("ste", "ste.")}
    if words and words[0] in swaps:
        for short in swaps[words[0]]:
            yield " ".join([short, *words[1:]])
    if len(words) == 2:
        yield "-".join(words)
    if base.startswith("mc "):
        yield "mc" + base[3:]


@lru_cache(maxsize=1)
def places() -> Places:
    """The ZIP data, read once."""
    from bot.programs.geo import zip_entries  # a fresh list: the package's cache stays empty

    counts: dict[tuple[str, str], int] = defaultdict(int)
    zips = set()
    for entry in zip_entries():
        zips.add(entry["zip_code"])
        counts[(entry["city"], entry["state"])] += 1
    for city, (state, count) in EXTRA_CITIES.items():
        counts[(city, state)] = count
    cities: dict[str, tuple[str, int]] = {}
    by_state: dict[str, dict[str, str]] = defaultdict(dict)
    for (city, state), count in counts.items():
        for key in _city_keys(city):
            by_state[state].setdefault(key, city)
            if norm_phrase(city) in NOT_CITIES:
                continue
            known = cities.get(key)
            if known is None or count > known[1]:
                cities[key] = (city, count)
    state_names = {name: code for code, name in STATES.items()}
    state_names.update(ALIASES)
    return Places(frozenset(zips), cities, dict(by_state), state_names)
