"""Rasa pipeline component: a linear intent classifier on word and character n-grams.

Why: on this data (about 2,900 short messages, 45 intents, typos, txt spelling, Spanish) a
linear support-vector machine on TF-IDF word 1–2-grams and character 1–5-grams inside word
boundaries classified better than DIET's transformer in cross-validation and on the held-out
set, and trains in seconds instead of minutes on 2 cores (docs/nlu.md, "Comparing
pipelines"). Place names of the `jurisdiction` lookup
table and 5-digit ZIP codes are replaced by a placeholder word first, so "expunge in Ohio"
and "expunge in Utah" read the same and an unseen state does not pull the intent. The
types of the search entities that the deterministic parser (bot.programs.request_parse) reads
in the text (a cost, an occupation, a place, a schedule…) are features too: "free cna classes
near me" names what and how much, so it is a search, not the menu choice "I want training".
The parser reads training and new messages alike (the annotations are not used: the
classifier must see in training what it will see later).

Confidences: the machine's scores are turned into probabilities by a softmax whose
temperature is fitted at training time on 3-fold cross-validated scores of the training
data (the temperature that gives the held-out folds the highest likelihood), so the
`FallbackClassifier` thresholds mean the same as a probability would.

With `blend` > 0 it runs after another intent classifier (DIET) and mixes that
classifier's ranking in: confidence = (1 − blend) × its own + blend × the other's.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import joblib
import numpy as np
import scipy.sparse as sparse
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from bot.nlu.base import TrainedComponent
from bot.programs.request_parse import read as read_search
from bot.programs.request_parse import warm_up as warm_up_parser

logger = logging.getLogger(__name__)

PLACE_TOKEN = " placename "
ZIP_TOKEN = " zipcode "
ZIP = re.compile(r"\b\d{5}\b")
TEMPERATURES = tuple(np.round(np.geomspace(0.02, 2.0, 41), 4))


def place_pattern(names: List[str]) -> Optional[re.Pattern[str]]:
    """A case-insensitive pattern for the place names of a lookup table.

    Two-letter postal codes are left out: many are everyday words ("in", "me", "ok", "OK").
    """
    longer = sorted({n.strip().lower() for n in names if len(n.strip()) > 2}, key=len,
                    reverse=True)
    if not longer:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in longer) + r")\b", re.I)


def normalise(text: str, places: Optional[re.Pattern[str]]) -> str:
    """Lowercase text with ZIP codes and known place names replaced by placeholder words."""
    text = ZIP.sub(ZIP_TOKEN, text)
    if places is not None:
        text = places.sub(PLACE_TOKEN, text)
    return text.lower()


def entity_types(text: str) -> str:
    """The search-entity types the parser reads in a text, space-separated ("" for none)."""
    return " ".join(sorted({found.entity for found in read_search(text).found}))


class Model:
    """The fitted vectorizers and machine, with the features they compute."""

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.words = TfidfVectorizer(analyzer="word", ngram_range=tuple(config["word_ngrams"]),
                                     sublinear_tf=True, token_pattern=r"(?u)\b\w+\b")
        self.chars = TfidfVectorizer(analyzer="char_wb",
                                     ngram_range=tuple(config["char_ngrams"]), sublinear_tf=True)
        self.entities = CountVectorizer(binary=True, token_pattern=r"\S+", lowercase=False)
        self.char_weight = float(config["char_weight"])
        self.entity_weight = float(config["entity_weight"])
        self.svm = LinearSVC(C=float(config["C"]), random_state=int(config["random_seed"]))
        self.temperature = 0.1
        self.places: Optional[re.Pattern[str]] = None  # compiled once; pickles as such

    @property
    def classes_(self) -> np.ndarray:
        return self.svm.classes_

    def features(self, texts: List[str], types: List[str]) -> sparse.csr_matrix:
        blocks = [self.words.transform(texts), self.char_weight * self.chars.transform(texts)]
        if self.entity_weight:
            blocks.append(self.entity_weight * self.entities.transform(types))
        return sparse.hstack(blocks).tocsr()

    def fit(self, texts: List[str], types: List[str], labels: np.ndarray) -> "Model":
        self.words.fit(texts)
        self.chars.fit(texts)
        # A placeholder keeps the vocabulary non-empty when the parser reads nothing at all.
        self.entities.fit([*types, "none"])
        self.svm.fit(self.features(texts, types), labels)
        return self

    def decision_function(self, texts: List[str], types: List[str]) -> np.ndarray:
        scores = self.svm.decision_function(self.features(texts, types))
        if scores.ndim == 1:  # two intents: one column of scores
            scores = np.column_stack([-scores, scores])
        return scores


def softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    """Row-wise softmax of scores / temperature."""
    z = scores / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class LinearIntentClassifier(TrainedComponent, IntentClassifier):
    """Intent by a linear SVM on TF-IDF word and character n-grams, calibrated confidences."""

    FILE_NAME = "linear_intent.joblib"

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Settings chosen by cross-validation on data/nlu (docs/nlu.md)."""
        return {
            "C": 1.0,  # the SVM's regularisation (larger fits the training data closer)
            "word_ngrams": [1, 2],
            "char_ngrams": [1, 5],  # char_wb: inside word boundaries
            "char_weight": 2.0,  # character features weigh twice the word features
            "entity_weight": 0.5,  # the parser's search-entity types (0: not used)
            "place_lookup": "jurisdiction",  # lookup table whose names become one word
            "ranking_length": 10,
            "blend": 0.0,  # weight of an earlier classifier's ranking (0: ignore it)
            "random_seed": 7,
        }

    @classmethod
    def warm_up(cls) -> None:
        """The search parser's tables (its entity types are features)."""
        warm_up_parser()

    @classmethod
    def read(cls, path: Path) -> Model:
        return joblib.load(path)

    def write(self, path: Path, learned: Model) -> None:
        joblib.dump(learned, path)

    # --- training -----------------------------------------------------------------------
    def _temperature(self, texts: List[str], types: List[str], labels: np.ndarray) -> float:
        """The softmax temperature that best predicts 3-fold cross-validated labels."""
        _, counts = np.unique(labels, return_counts=True)
        folds = int(min(3, counts.min()))
        if folds < 2:
            return 0.1
        splitter = StratifiedKFold(folds, shuffle=True,
                                   random_state=int(self._config["random_seed"]))
        scores: List[np.ndarray] = []
        truth: List[np.ndarray] = []
        for train, test in splitter.split(np.zeros(len(labels)), labels):
            model = Model(self._config).fit([texts[i] for i in train],
                                            [types[i] for i in train], labels[train])
            classes = list(model.classes_)
            fold_scores = model.decision_function([texts[i] for i in test],
                                                  [types[i] for i in test])
            scores.append(fold_scores)
            truth.append(np.array([classes.index(label) for label in labels[test]]))
        best, best_loss = 0.1, np.inf
        for temperature in TEMPERATURES:
            loss = 0.0
            for fold_scores, fold_truth in zip(scores, truth, strict=True):
                probabilities = softmax(fold_scores, float(temperature))
                loss -= np.log(probabilities[np.arange(len(fold_truth)), fold_truth]
                               + 1e-12).sum()
            if loss < best_loss:
                best, best_loss = float(temperature), loss
        return best

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the classifier on the NLU examples and store it with the model."""
        places = None
        for table in training_data.lookup_tables:
            if table.get("name") == self._config["place_lookup"]:
                places = place_pattern(list(table.get("elements") or []))
        examples = [e for e in training_data.intent_examples if e.get(TEXT)]
        labels = np.array([e.get(INTENT) for e in examples])
        if len(set(labels)) < 2:
            logger.warning("LinearIntentClassifier: fewer than two intents, nothing trained.")
            return self._resource
        texts = [normalise(e.get(TEXT), places) for e in examples]
        types = [entity_types(e.get(TEXT)) for e in examples]
        temperature = self._temperature(texts, types, labels)
        model = Model(self._config).fit(texts, types, labels)
        model.temperature = temperature
        model.places = places
        return self.store(model)

    # --- prediction ---------------------------------------------------------------------
    def process(self, messages: List[Message]) -> List[Message]:
        """Set each message's intent and intent ranking."""
        model = self._learned
        if model is None:
            return messages
        texts = [m.get(TEXT) for m in messages]
        todo = [i for i, t in enumerate(texts) if t and t.strip()]
        if not todo:
            return messages
        scores = model.decision_function([normalise(texts[i], model.places) for i in todo],
                                         [entity_types(texts[i]) for i in todo])
        probabilities = softmax(scores, model.temperature)
        classes = list(model.classes_)
        blend = float(self._config["blend"])
        for row, index in zip(probabilities, todo, strict=True):
            message = messages[index]
            mixed = dict(zip(classes, ((1.0 - blend) * row) if blend else row, strict=True))
            if blend:
                for entry in message.get(INTENT_RANKING_KEY) or []:
                    name = entry.get(INTENT_NAME_KEY)
                    if name in mixed:
                        mixed[name] += blend * float(entry.get(PREDICTED_CONFIDENCE_KEY, 0.0))
            self._set(message, mixed)
        return messages

    def _set(self, message: Message, confidences: Dict[str, float]) -> None:
        ranked = sorted(confidences.items(), key=lambda item: item[1], reverse=True)
        length = int(self._config["ranking_length"])
        ranking = [{INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: float(confidence)}
                   for name, confidence in (ranked[:length] if length > 0 else ranked)]
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
