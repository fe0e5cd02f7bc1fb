"""The linear intent classifier: learns intents, reads typos and unseen places, ranks with
calibrated confidences, survives being saved and loaded, and leaves empty messages alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.linear_intent import (
    TEMPERATURES,
    LinearIntentClassifier,
    entity_types,
    normalise,
    place_pattern,
)

EXAMPLES = {
    "greet": ["hi", "hello", "hey there", "good morning", "hola", "hi again", "hiya",
              "hello friend", "buenos dias", "hey"],
    "choose_record": ["can i clear my record in georgia", "expunge my record in texas",
                      "seal my arrest in ohio", "vacate my conviction in florida",
                      "my record in nevada", "record relief in new york",
                      "limpiar mi record en california", "get my charges sealed in utah",
                      "clear my arrest record in oregon", "expungement in maine"],
    "search_programs": ["find training near 30303", "classes near me", "programs in 60614",
                        "training courses in my area", "find a class near 90011",
                        "job training nearby", "cursos cerca de 10027",
                        "any programs around 33125", "show me classes", "training near 98118"],
}
LOOKUP = ["georgia", "Georgia", "texas", "ohio", "florida", "nevada", "new york", "california",
          "utah", "oregon", "maine", "kansas", "Kansas", "GA", "OH", "OK", "IN"]


def training_data() -> TrainingData:
    messages = [Message(data={"text": text, "intent": intent})
                for intent, texts in EXAMPLES.items() for text in texts]
    return TrainingData(messages, lookup_tables=[{"name": "jurisdiction",
                                                  "elements": LOOKUP}])


def trained(tmp_path: Path, **config: object) -> LinearIntentClassifier:
    tmp_path.mkdir(parents=True, exist_ok=True)
    storage = LocalModelStorage(tmp_path)
    resource = Resource("linear_intent")
    component = LinearIntentClassifier.create(config, storage, resource, None)  # type: ignore[arg-type]
    component.train(training_data())
    return LinearIntentClassifier.load(config, storage, resource, None)  # type: ignore[arg-type]


def parse(component: LinearIntentClassifier, text: str, **data: object) -> Message:
    message = Message(data={"text": text, **data})
    component.process([message])
    return message


def test_place_names_and_zip_codes_read_as_one_word_each() -> None:
    pattern = place_pattern(LOOKUP)
    assert normalise("Expunge in Kansas, zip 66101", pattern) == (
        "expunge in  placename , zip  zipcode ")
    assert normalise("new york record", pattern) == " placename  record"
    # Two-letter codes are everyday words too: "OK", "in" are left as typed (lowercased).
    assert normalise("OK i live IN georgia", pattern) == "ok i live in  placename "
    assert place_pattern(["GA", "OK"]) is None


def test_learns_intents_and_reads_typos_and_places_it_never_saw(tmp_path: Path) -> None:
    component = trained(tmp_path)
    # The place pattern survives saving and loading, compiled and case-insensitive.
    assert component._learned is not None and component._learned.places.search("KANSAS")
    assert parse(component, "helloo").get("intent")["name"] == "greet"
    # Kansas is in the lookup table but in no training example.
    assert parse(component, "expunj my recrd in kansas").get("intent")["name"] == "choose_record"
    assert parse(component, "clases near 30310").get("intent")["name"] == "search_programs"


def test_ranking_is_ordered_and_confidences_are_probabilities(tmp_path: Path) -> None:
    component = trained(tmp_path, ranking_length=2)
    message = parse(component, "hello")
    ranking = message.get("intent_ranking")
    assert len(ranking) == 2
    assert message.get("intent") == ranking[0]
    confidences = [r["confidence"] for r in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert 0.0 < sum(confidences) <= 1.0 + 1e-9
    full = trained(tmp_path / "full", ranking_length=0)
    assert sum(r["confidence"] for r in parse(full, "hello").get("intent_ranking")) == (
        pytest.approx(1.0))


def test_temperature_is_fitted_on_held_out_folds(tmp_path: Path) -> None:
    component = trained(tmp_path)
    assert component._learned is not None
    assert component._learned.temperature in TEMPERATURES


def test_blend_mixes_an_earlier_classifiers_ranking(tmp_path: Path) -> None:
    alone = trained(tmp_path / "alone")
    mixed = trained(tmp_path / "mixed", blend=0.5, ranking_length=0)
    earlier = {"intent": {"name": "search_programs", "confidence": 1.0},
               "intent_ranking": [{"name": "search_programs", "confidence": 1.0}]}
    own = {r["name"]: r["confidence"]
           for r in parse(alone, "hello", ranking_length=0).get("intent_ranking")}
    both = {r["name"]: r["confidence"]
            for r in parse(mixed, "hello", **earlier).get("intent_ranking")}
    assert both["greet"] == pytest.approx(0.5 * own["greet"])
    assert both["search_programs"] == pytest.approx(0.5 * own["search_programs"] + 0.5)
    assert sum(both.values()) == pytest.approx(1.0)


def test_empty_messages_and_an_untrained_component_change_nothing(tmp_path: Path) -> None:
    component = trained(tmp_path)
    before = {"name": "greet", "confidence": 0.9}
    for text in ("", "   "):
        assert parse(component, text, intent=before).get("intent") == before
    untrained = LinearIntentClassifier.load(
        {}, LocalModelStorage(tmp_path / "empty"), Resource("none"), None)  # type: ignore[arg-type]
    assert parse(untrained, "hello", intent=before).get("intent") == before


@pytest.mark.parametrize("weight", [0.0, 2.0])
def test_what_the_search_parser_reads_counts(tmp_path: Path, weight: float) -> None:
    """Naming what or how much makes a request a search, not the menu choice."""
    choose = ["i want a class", "are there any classes", "i want to study", "classes please",
              "can i take a course", "i need a class", "show me courses", "any courses",
              "a class", "courses"]
    search = ["are there free classes", "cna class", "free courses", "welding courses",
              "a cooking class", "cheap classes", "nursing course", "free class",
              "barber classes", "no cost course"]
    messages = [Message(data={"text": t, "intent": "choose_programs"}) for t in choose]
    messages += [Message(data={"text": t, "intent": "search_programs"}) for t in search]
    tmp_path.mkdir(parents=True, exist_ok=True)
    storage, resource = LocalModelStorage(tmp_path), Resource("linear_intent")
    component = LinearIntentClassifier.create({"entity_weight": weight}, storage, resource, None)  # type: ignore[arg-type]
    component.train(TrainingData(messages))
    component = LinearIntentClassifier.load({"entity_weight": weight}, storage, resource, None)  # type: ignore[arg-type]
    # A word never seen in training, which the parser reads as an occupation: with the
    # parser's types as features it is a search; from the words alone, the menu choice.
    assert entity_types("i need a forklift class") == "occupation"
    expected = "search_programs" if weight else "choose_programs"
    assert parse(component, "i need a forklift class").get("intent")["name"] == expected
    assert parse(component, "classes for me").get("intent")["name"] == "choose_programs"
