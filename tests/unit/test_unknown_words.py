"""Gibberish falls back; words we know, even with a typo, do not."""

from pathlib import Path

from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.unknown_words import UnknownWordsFallback, words_of


def trained(tmp_path: Path) -> UnknownWordsFallback:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("unknown_words")
    component = UnknownWordsFallback.create({}, storage, resource, None)  # type: ignore[arg-type]
    examples = [Message(data={"text": t, "intent": i}) for t, i in
                [("hello there", "greet"), ("show me the menu", "menu"),
                 ("i need training", "choose_programs"), ("hola", "greet")]]
    component.train(TrainingData(examples))
    return UnknownWordsFallback.load({}, storage, resource, None)  # type: ignore[arg-type]


def intent_after(component: UnknownWordsFallback, text: str, before: str = "greet") -> str:
    message = Message(data={"text": text, "intent": {"name": before, "confidence": 0.98},
                            "intent_ranking": [{"name": before, "confidence": 0.98}]})
    component.process([message])
    return message.get("intent")["name"]


def test_gibberish_becomes_fallback(tmp_path: Path) -> None:
    component = trained(tmp_path)
    assert intent_after(component, "blorp fnord") == "nlu_fallback"
    assert intent_after(component, "asdfgh jklqwe") == "nlu_fallback"
    assert intent_after(component, "jjjj kkkk") == "nlu_fallback"


def test_known_words_typos_and_short_words_are_left_alone(tmp_path: Path) -> None:
    component = trained(tmp_path)
    for text in ("hello", "helo", "menuu please", "trainin", "ok hello", "HOLA!!!", "/menu"):
        assert intent_after(component, text) == "greet", text


def test_empty_and_numbers_only_are_left_alone(tmp_path: Path) -> None:
    component = trained(tmp_path)
    assert intent_after(component, "") == "greet"
    assert intent_after(component, "30303") == "greet"
    assert intent_after(component, "👍👍") == "greet"


def test_words_of_squeezes_repeats_and_keeps_other_scripts() -> None:
    assert words_of("hiiiii Ayúdame!! 123 مرحبا") == ["hii", "ayúdame", "مرحبا"]


def test_gibberish_keeps_no_guesses_to_offer(tmp_path: Path) -> None:
    """"Did you mean …?" must not offer the classifier's made-up guesses for gibberish."""
    component = trained(tmp_path)
    message = Message(data={"text": "blorp fnord",
                            "intent": {"name": "choose_record", "confidence": 0.98},
                            "intent_ranking": [{"name": "choose_record", "confidence": 0.98}]})
    component.process([message])
    assert [r["name"] for r in message.get("intent_ranking")] == ["nlu_fallback"]


def test_gibberish_the_fallback_classifier_caught_keeps_no_guesses_either(
        tmp_path: Path) -> None:
    """The classifier unsure (so `nlu_fallback` already) still leaves its guesses in the
    ranking: for gibberish they are dropped too, so the person is asked to rephrase."""
    component = trained(tmp_path)
    message = Message(data={"text": "zxq blorp wib",
                            "intent": {"name": "nlu_fallback", "confidence": 0.45},
                            "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.45},
                                               {"name": "choose_human", "confidence": 0.22}]})
    component.process([message])
    assert message.get("intent")["name"] == "nlu_fallback"
    assert [r["name"] for r in message.get("intent_ranking")] == ["nlu_fallback"]
    # An unsure guess on known words keeps its ranking (for "Did you mean …?").
    message = Message(data={"text": "show me the menu",
                            "intent": {"name": "nlu_fallback", "confidence": 0.45},
                            "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.45},
                                               {"name": "menu", "confidence": 0.4}]})
    component.process([message])
    assert [r["name"] for r in message.get("intent_ranking")] == ["nlu_fallback", "menu"]
