"""The pipeline component that reads a typed share choice (none, summary, full)."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.share_choice import ShareChoiceExtractor, read_share


@pytest.mark.parametrize(("text", "value"), [
    ("nothing please", "none"),
    ("dont share anything with them", "none"),
    ("no compartir nada", "none"),
    ("none of it", "none"),
    ("just the summary", "summary"),
    ("ok summry", "summary"),
    ("solo el resumen", "summary"),
    ("share the summary but not the chat", "summary"),
    ("the summary and the chat", "full"),
    ("share everything", "full"),
    ("share all", "full"),
    ("todo por favor", "full"),
    ("mandale el resumen nada mas", "summary"),
    ("nomas el resumen", "summary"),
    ("ningun dato, solo conectame", "none"),
    ("show them the whole chat", "full"),
])
def test_read_share(text: str, value: str) -> None:
    found = read_share(text)
    assert found is not None and found[0] == value
    start, end = found[1], found[2]
    assert 0 <= start < end <= len(text)


@pytest.mark.parametrize("text", ["send it", "anything is fine with me", ""])
def test_no_choice_in_the_words(text: str) -> None:
    assert read_share(text) is None


def message(text: str, intent: str, entities: list | None = None) -> Message:
    return Message(data={"text": text, "intent": {"name": intent, "confidence": 0.9},
                         "entities": entities or []})


def test_replaces_the_classifiers_share_for_a_share_choice() -> None:
    guessed = {"entity": "share", "value": "full", "start": 0, "end": 4}
    m = message("just summary", "handoff_share", [guessed])
    ShareChoiceExtractor({}).process([m])
    shares = [e for e in m.get("entities") if e["entity"] == "share"]
    assert [e["value"] for e in shares] == ["summary"]


def test_other_intents_are_left_alone() -> None:
    m = message("delete everything", "forget")
    ShareChoiceExtractor({}).process([m])
    assert m.get("entities") == []


def test_words_without_a_choice_keep_the_classifiers_entity() -> None:
    guessed = {"entity": "share", "value": "none", "start": 0, "end": 2}
    m = message("no thanks", "handoff_share", [guessed])
    ShareChoiceExtractor({}).process([m])
    assert m.get("entities") == [guessed]
