"""Topics typed with a typo: "phlebotmy", "welsing", "customer servce"."""

from __future__ import annotations

from rapidfuzz.distance import OSA

from bot.programs.request_parse.lexicon import FUZZY_MIN_WORD, FUZZY_TWO_EDITS
from bot.programs.request_parse.tables import vocabulary
from bot.programs.request_parse.text import fold, lower_same_length


def fuzzy_phrase(words: list[str]) -> str | None:
    """The topic of a 2-4 word phrase typed with one misspelt word, or None."""
    vocab = vocabulary()
    if " ".join(words) in vocab.phrase_to_topic:
        return None  # exact: the phrase matcher has it
    for i, word in enumerate(words):
        if len(word) < FUZZY_MIN_WORD - 1 or word in vocab.not_typos:
            continue
        pattern = tuple(words[:i] + ["?"] + words[i + 1:])
        for target, key in vocab.fuzzy_multi.get((pattern, i), ()):
            if (target[0] == word[0] and target != word
                    and OSA.distance(word, target, score_cutoff=1) <= 1):
                return key
    return None


def fuzzy_topic(word: str) -> str | None:
    """The topic a one-word typo most likely means: same first letter, one edit (two from 10
    letters on), and not a real word listed in `not_typos`."""
    vocab = vocabulary()
    word = lower_same_length(fold(word))
    if word in vocab.phrase_to_topic and " " not in word:
        return vocab.phrase_to_topic[word]
    if word in vocab.not_typos or len(word) < FUZZY_MIN_WORD:
        return None
    limit = 1 if len(word) < FUZZY_TWO_EDITS else 2
    best: tuple[int, str] | None = None
    for phrase, key in vocab.fuzzy_words.items():
        if phrase[0] != word[0] or abs(len(phrase) - len(word)) > limit:
            continue
        distance = OSA.distance(word, phrase, score_cutoff=limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, key)
    return best[1] if best else None
