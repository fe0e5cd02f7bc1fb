"""Rasa pipeline component: ask to rephrase when no word of a message is one we know.

Sparse char n-gram models are confidently wrong on gibberish ("blorp fnord" came out as
`choose_record` at 0.98). This component learns the training vocabulary and, when none of a
message's words is in it (allowing one typo per word), predicts `nlu_fallback` instead, so
the person is asked to say it in other words and shown the menu. The crisis safety net runs
after it and still wins.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extractOne
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.base import TrainedComponent

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def words_of(text: str) -> list[str]:
    """Lowercase words (letters only) of a text, long letter runs squeezed ("hiiii" -> "hii")."""
    return WORD.findall(re.sub(r"(.)\1{2,}", r"\1\1", text.lower()))


def is_known(word: str, vocabulary: frozenset[str], choices: list[str]) -> bool:
    """A word we trained on, or one typo away from one (words of four letters or more)."""
    if word in vocabulary:
        return True
    if len(word) < 4:
        return False
    match = extractOne(word, choices, scorer=Levenshtein.distance, score_cutoff=1)
    return match is not None


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class UnknownWordsFallback(TrainedComponent):
    """Predicts `nlu_fallback` for messages made only of words never seen in training."""

    FILE_NAME = "vocabulary.json"

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Confidence given to the fallback it predicts."""
        return {"confidence": 0.3}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        learned: Optional[List[str]] = None,
    ) -> None:
        super().__init__(config, model_storage, resource, learned)
        self._confidence = float(self._config["confidence"])
        self._use(learned or [])

    def _use(self, words: List[str]) -> None:
        self._vocabulary = frozenset(words)
        self._choices = sorted(self._vocabulary)

    def train(self, training_data: TrainingData) -> Resource:
        """Learn the vocabulary of the NLU examples and store it with the model."""
        vocabulary = set()
        for example in training_data.intent_examples:
            vocabulary.update(words_of(example.get(TEXT) or ""))
        self._use(sorted(vocabulary))
        return self.store(sorted(vocabulary))

    @classmethod
    def read(cls, path: Path) -> List[str]:
        return list(json.loads(path.read_text(encoding="utf-8")))

    def write(self, path: Path, learned: List[str]) -> None:
        path.write_text(json.dumps(learned), encoding="utf-8")

    def process(self, messages: List[Message]) -> List[Message]:
        """Set `nlu_fallback` when no word of the message is known."""
        if not self._vocabulary:
            return messages
        for message in messages:
            # Also when the FallbackClassifier already said `nlu_fallback` (the classifier
            # was unsure): its ranking still holds the made-up guesses, to be dropped.
            words = words_of(message.get(TEXT) or "")
            if not words or any(is_known(w, self._vocabulary, self._choices) for w in words):
                continue
            top = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME,
                   PREDICTED_CONFIDENCE_KEY: self._confidence}
            message.set(INTENT, top, add_to_output=True)
            # The classifier's guesses on words it never saw are noise: none is kept, so
            # "Did you mean …?" (actions/fallback.py) offers nothing made up.
            message.set(INTENT_RANKING_KEY, [top], add_to_output=True)
        return messages
