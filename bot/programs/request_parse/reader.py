"""The reading of a request: every reader proposes candidates, the longest and best-ranked
win, and the look-alikes are reported so a model that tagged them can be overruled."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from bot.programs.request_parse.candidates import RANK, Candidate, Found, Reading, reject
from bot.programs.request_parse.cities import read_cities
from bot.programs.request_parse.fuzzy import fuzzy_phrase, fuzzy_topic
from bot.programs.request_parse.guards import (
    AFFORD_MORE,
    NEGATION_BEFORE,
    NOT_FORMAT_AFTER,
    NOT_FREE_AFTER,
    NOT_FREE_BEFORE,
    NOT_LANGUAGE_AFTER,
    NOT_MONEY_AFTER,
    NOT_SCHEDULE_AFTER,
    NOT_SCHEDULE_BEFORE,
    NOT_ZIP_AFTER,
    NOT_ZIP_BEFORE,
    ONLY_CAPITALISED_LANGUAGES,
    PHONE,
    WAGE_AFTER,
)
from bot.programs.request_parse.lexicon import (
    CHEAP_CEILING,
    FUZZY_MIN_WORD,
    MAX_CHARS,
    SPEAK_CUES,
)
from bot.programs.request_parse.matchers import Matchers, get_matchers
from bot.programs.request_parse.patterns import (
    BARE_AMOUNT,
    BETWEEN,
    CEILING_AFTER,
    CEILING_BEFORE,
    CHEAP,
    FORMAT_PATTERNS,
    FREE,
    MONEY,
    RANGE_TAIL,
    SCHEDULE_PATTERNS,
    ZIP,
)
from bot.programs.request_parse.tables import places, vocabulary
from bot.programs.request_parse.text import fold, lower_same_length, word_after, word_before


def parse(text: str | None) -> list[Found]:
    """Every search entity in text, in reading order; one per (type, value)."""
    return read(text).found


def read(text: str | None) -> Reading:
    """The entities of text and the look-alikes it rejected (see `Reading`)."""
    if not text or not isinstance(text, str):
        return Reading([], [])
    window = text[:MAX_CHARS]
    cased = fold(window)
    low = lower_same_length(cased)
    matchers = get_matchers()
    doc = matchers.nlp.make_doc(cased)
    candidates: list[Candidate] = []
    candidates += _phones(low)
    candidates += read_money(low)
    candidates += _zips(low)
    candidates += _formats(low)
    candidates += _schedules(low)
    candidates += _languages(doc, low, cased, matchers)
    candidates += _topic_phrases(doc, matchers)
    candidates += read_cities(doc, low, cased, matchers)
    candidates += _fuzzy_phrases(doc)
    chosen = _resolve([c for c in candidates if c.claims])
    chosen += _fuzzy_topics(doc, chosen)
    found: list[Found] = []
    seen: set[tuple[str, str]] = set()
    for item in sorted(chosen, key=lambda c: c.start):
        if item.value is None or (item.entity, item.value) in seen:
            continue
        seen.add((item.entity, item.value))
        found.append(Found(item.entity, item.value, item.start, item.end))
    rejected = [(c.entity, c.start, c.end) for c in candidates if c.value is None]
    return Reading(found, rejected)


def _resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Longest first, then by rank: keep the candidates that overlap nothing kept already."""
    taken = [False] * (max((c.end for c in candidates), default=0) + 1)
    kept: list[Candidate] = []
    for item in sorted(candidates, key=lambda c: (-(c.end - c.start), c.rank, c.start)):
        if any(taken[item.start:item.end]):
            continue
        for i in range(item.start, item.end):
            taken[i] = True
        kept.append(item)
    return kept


def _phones(low: str) -> list[Candidate]:
    return [Candidate("*", None, m.start(), m.end(), -1) for m in PHONE.finditer(low)]


def to_dollars(amount: str, thousands: str | None) -> str | None:
    """Whole dollars of an amount as typed ("1,200.50", "2" with "k"), or None if absurd."""
    try:
        value = Decimal(amount.replace(",", ""))
    except InvalidOperation:
        return None
    if thousands:
        value *= 1000
    whole = int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return str(whole) if 0 <= whole < 1_000_000 else None


def read_money(low: str) -> list[Candidate]:
    """Costs: an amount with a sign or a unit, a bare number beside a ceiling word, a range,
    "free" and "cheap"; wages, counts and "i'm free" are rejected."""
    found: list[Candidate] = []
    spans: list[tuple[int, int]] = []
    for m in MONEY.finditer(low):
        amount, k = (m.group("a1"), m.group("k1")) if m.group("a1") else (m.group("a2"),
                                                                         m.group("k2"))
        end = m.end()
        tail = RANGE_TAIL.match(low[end:])
        if tail and not m.group("a2"):  # "$200-$500", "$200 to 500": the top of the range
            amount, k, end = tail.group("a"), tail.group("k") or k, end + tail.end()
        value = to_dollars(amount, k)
        if value is None or WAGE_AFTER.match(low[end:end + 20]):
            found.append(reject("cost", m.start(), end))
            spans.append((m.start(), end))
            continue
        if value == "0":
            value = "free"
        found.append(Candidate("cost", value, m.start(), end, RANK["cost"]))
        spans.append((m.start(), end))
    for m in BARE_AMOUNT.finditer(low):
        if any(s <= m.start() < e for s, e in spans):
            continue
        before, after = low[max(0, m.start() - 40):m.start()], low[m.end():m.end() + 20]
        if NOT_MONEY_AFTER.match(after) or WAGE_AFTER.match(after):
            found.append(reject("cost", m.start(), m.end()))  # "10 miles", "3 kids"
            continue
        if not (CEILING_BEFORE.search(before) or CEILING_AFTER.match(after)):
            continue
        if re.search(r"\bbetween\s*$", before):
            continue
        value = to_dollars(m.group("a"), m.group("k"))
        if value is None or value == "0" or len(m.group("a").replace(",", "")) > 6:
            continue
        found.append(Candidate("cost", value, m.start(), m.end(), RANK["cost"]))
    for m in BETWEEN.finditer(low):
        value = to_dollars(m.group("a"), m.group("k"))
        if value and not NOT_MONEY_AFTER.match(low[m.end():m.end() + 20]):
            found.append(Candidate("cost", value, m.start(), m.end(), RANK["cost"]))
    for m in FREE.finditer(low):
        before, after = low[max(0, m.start() - 40):m.start()], low[m.end():m.end() + 30]
        word = m.group(0)
        if (word == "free" and (NOT_FREE_BEFORE.search(before) or NOT_FREE_AFTER.match(after))
                or NEGATION_BEFORE.search(before) and not word.startswith(("no", "sin",
                                                                           "without"))):
            found.append(reject("cost", m.start(), m.end()))  # "i'm free", "not free"
            continue
        if ("afford" in word or "pay" in word) and AFFORD_MORE.match(after):
            continue
        found.append(Candidate("cost", "free", m.start(), m.end(), RANK["cost"]))
    for m in CHEAP.finditer(low):
        found.append(Candidate("cost", CHEAP_CEILING, m.start(), m.end(), RANK["cost"] + 1))
    # A ceiling beats "cheap" and "can't pay much" when both are said.
    if any(c.value not in (None, "free", CHEAP_CEILING) for c in found):
        found = [c for c in found if c.value != CHEAP_CEILING]
    return found


def _zips(low: str) -> list[Candidate]:
    known = places()
    found = []
    for m in ZIP.finditer(low):
        code = m.group("zip")
        before, after = low[max(0, m.start() - 30):m.start()], low[m.end():m.end() + 20]
        if (code not in known.zips or NOT_ZIP_BEFORE.search(before)
                or NOT_ZIP_AFTER.match(after) or NOT_MONEY_AFTER.match(after)):
            found.append(reject("location", m.start(), m.end()))
            continue
        found.append(Candidate("location", code, m.start(), m.end(), RANK["location_zip"]))
    return found


def _formats(low: str) -> list[Candidate]:
    found = []
    for value, pattern in FORMAT_PATTERNS:
        for m in pattern.finditer(low):
            before, after = low[max(0, m.start() - 40):m.start()], low[m.end():m.end() + 20]
            if value == "online" and (NOT_FORMAT_AFTER.match(after)
                                      or NEGATION_BEFORE.search(before)):
                found.append(reject("program_format", m.start(), m.end()))
                continue
            found.append(Candidate("program_format", value, m.start(), m.end(),
                                   RANK["program_format"]))
    return found


def _schedules(low: str) -> list[Candidate]:
    found = []
    for value, pattern in SCHEDULE_PATTERNS:
        for m in pattern.finditer(low):
            before, after = low[max(0, m.start() - 20):m.start()], low[m.end():m.end() + 20]
            if (NOT_SCHEDULE_BEFORE.search(before) or NOT_SCHEDULE_AFTER.match(after)
                    or value != "part_time"
                    and re.search(r"\b(?:not|no|except|but not)\s+$", before)):
                found.append(reject("schedule", m.start(), m.end()))
                continue
            found.append(Candidate("schedule", value, m.start(), m.end(), RANK["schedule"]))
    return found


def _languages(doc: Any, low: str, cased: str, matchers: Matchers) -> list[Candidate]:
    found = []
    for match_id, a, b in matchers.language(doc):
        code = matchers.nlp.vocab.strings[match_id]
        span = doc[a:b]
        start, end = span.start_char, span.end_char
        word = low[start:end]
        after = word_after(low, end)
        before = word_before(low, start)
        if (after in NOT_LANGUAGE_AFTER
                or word in ONLY_CAPITALISED_LANGUAGES and not cased[start].isupper()
                or word in ("creole", "haitian") and before in ("louisiana", "cajun", "cape")
                # "explain it in plain english": a way of speaking, not a class
                or before in ("plain", "simple", "easy", "basic")
                # "i don't speak english": not the language wanted
                or NEGATION_BEFORE.search(low[max(0, start - 40):start])):
            found.append(reject("language", start, end))
            found.append(reject("occupation", start, end))
            continue
        if code == "en" and not (before in SPEAK_CUES or after in
                                 ("speaking", "speaker", "speakers", "only", "language")):
            # English as a subject: an English class (ESL), not the language of teaching.
            found.append(Candidate("occupation", "esl", start, end, RANK["language"]))
            continue
        found.append(Candidate("language", code, start, end, RANK["language"]))
    return found


def _topic_phrases(doc: Any, matchers: Matchers) -> list[Candidate]:
    vocab = vocabulary()
    found = []
    for matcher in (matchers.topic, matchers.topic_exact):
        for match_id, a, b in matcher(doc):
            key = matchers.nlp.vocab.strings[match_id]
            span = doc[a:b]
            value = None if key == "BLOCK" else key
            if value and span.text.lower() in vocab.needs_context and not _in_context(doc, a, b):
                value = None  # "childcare for my kids": claims the words, names no topic
            found.append(Candidate("occupation", value, span.start_char, span.end_char,
                                   RANK["occupation"]))
    return found


def _in_context(doc: Any, a: int, b: int) -> bool:
    """A word about learning or work among the 3 words before or the 2 after tokens a..b."""
    words = vocabulary().context_words
    near = [t.lower_ for t in doc[max(0, a - 3):a]] + [t.lower_ for t in doc[b:b + 2]]
    return any(w in words for w in near)


def _fuzzy_topics(doc: Any, chosen: list[Candidate]) -> list[Candidate]:
    """One-word topics typed with a typo ("phlebotmy", "welsing"), on words nothing else took."""
    vocab = vocabulary()
    taken = [(c.start, c.end) for c in chosen]
    found = []
    for token in doc:
        word = token.lower_
        if len(word) < FUZZY_MIN_WORD or not word.isalpha() or word in vocab.not_typos:
            continue
        start, end = token.idx, token.idx + len(token)
        if any(s < end and start < e for s, e in taken):
            continue
        key = fuzzy_topic(word)
        if key:
            found.append(Candidate("occupation", key, start, end, RANK["occupation"]))
    return found


def _fuzzy_phrases(doc: Any) -> list[Candidate]:
    """Phrases of 2-4 words with one word misspelt ("customer servce"): one edit, same first
    letter, the other words exact. Longer than a one-word phrase inside them, they win."""
    found = []
    for n in (2, 3, 4):
        for a in range(len(doc) - n + 1):
            words = [t.lower_ for t in doc[a:a + n]]
            if not all(w.isalpha() for w in words):
                continue
            key = fuzzy_phrase(words)
            if key:
                span = doc[a:a + n]
                found.append(Candidate("occupation", key, span.start_char, span.end_char,
                                       RANK["occupation"]))
    return found
