"""The pipeline component: the parser's entities replace DIET's of the same type; DIET's others
are normalised or dropped; entities of other features pass through; odd messages are safe."""

from __future__ import annotations

from typing import Any

from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.search_entities import EXTRACTOR_NAME, SearchEntityExtractor


def diet(entity: str, value: str, text: str, word: str) -> dict[str, Any]:
    start = text.index(word)
    return {"entity": entity, "value": value, "start": start, "end": start + len(word),
            "confidence_entity": 0.9, "extractor": "DIETClassifier"}


def run(text: str | None, entities: list[dict[str, Any]],
        intent: str | None = None) -> list[dict[str, Any]]:
    message = Message(data={"text": text, "entities": entities,
                            **({"intent": {"name": intent}} if intent else {})})
    component = SearchEntityExtractor.create({}, None, None, None)  # type: ignore[arg-type]
    component.process([message])
    return message.get("entities") or []


def values(entities: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    return {(e["entity"], e["value"], e.get("extractor", "")) for e in entities}


def test_parser_entities_replace_diets_of_the_same_type() -> None:
    text = "cna classes near 30303 at night"
    out = run(text, [diet("occupation", "nursing", text, "cna"),
                     diet("location", "near 30303", text, "near 30303")])
    assert values(out) == {("occupation", "cna", EXTRACTOR_NAME),
                           ("location", "30303", EXTRACTOR_NAME),
                           ("schedule", "evening", EXTRACTOR_NAME)}
    zip_entity = next(e for e in out if e["entity"] == "location")
    assert text[zip_entity["start"]:zip_entity["end"]] == "30303"
    assert zip_entity["confidence_entity"] == 1.0


def test_diet_entities_of_types_the_parser_missed_are_normalised() -> None:
    text = "classes in smyrnah for blorp"  # a misspelt small town the parser does not know
    out = run(text, [diet("location", "atlanta", text, "smyrnah"),
                     diet("language", "spanish", text, "blorp")])
    assert ("location", "Atlanta", "DIETClassifier") in values(out)
    assert ("language", "es", "DIETClassifier") in values(out)
    kept = next(e for e in out if e["entity"] == "location")
    assert kept["processors"][-1] == EXTRACTOR_NAME


def test_diet_values_that_do_not_normalise_are_dropped() -> None:
    text = "help me with stuff"
    out = run(text, [diet("location", "stuff", text, "stuff"),
                     diet("cost", "lots", text, "help"),
                     diet("occupation", "blorp", text, "me")])
    assert out == []


def test_diet_is_overruled_where_the_parser_judged_the_words() -> None:
    text = "im free after 3, any class near mobile phlebotomy"
    out = run(text, [diet("cost", "free", text, "free")])
    assert ("cost", "free", "DIETClassifier") not in values(out)
    text = "i need childcare for my kids"
    assert run(text, [diet("occupation", "childcare", text, "childcare")]) == []
    text = "call me at 404-555-1234"
    assert run(text, [diet("location", "55512", text, "555-1234")]) == []


def test_diet_entity_on_words_the_parser_read_as_another_type_is_dropped() -> None:
    text = "classes in spanish"
    out = run(text, [diet("occupation", "spanish", text, "spanish")])
    assert values(out) == {("language", "es", EXTRACTOR_NAME)}


def test_everyday_word_city_counts_only_where_the_parser_accepts_it() -> None:
    text = "classes in mobile"
    assert run(text, [diet("location", "mobile", text, "mobile")]) == []
    text = "classes in Mobile"
    out = run(text, [diet("location", "mobile", text, "Mobile")])
    assert values(out) == {("location", "Mobile", EXTRACTOR_NAME)}


def test_other_entities_pass_through_untouched() -> None:
    text = "clear my record in georgia"
    jurisdiction = diet("jurisdiction", "georgia", text, "georgia")
    legal = {"entity": "legal_term", "value": "vacatur", "extractor": "DIETClassifier"}
    assert run(text, [jurisdiction, legal]) == [jurisdiction, legal]


def test_duplicate_diet_values_are_kept_once() -> None:
    text = "classes in blorp or blarp"
    out = run(text, [diet("language", "spanish", text, "blorp"),
                     diet("language", "es", text, "blarp")])
    assert [e["value"] for e in out] == ["es"]


def test_messages_without_text_or_entities_are_safe() -> None:
    for text in (None, ""):
        message = Message(data={"text": text, "entities": [{"entity": "location",
                                                            "value": "x"}]})
        SearchEntityExtractor({}).process([message])
        assert message.get("entities") == [{"entity": "location", "value": "x"}]
    message = Message(data={"intent": {"name": "greet"}})
    SearchEntityExtractor({}).process([message])
    assert message.get("entities") is None
    assert run("hello there", []) == []
    assert run("🙂" * 5000, []) == []


def test_entities_without_offsets_are_normalised_by_value() -> None:
    out = run("anything", [{"entity": "schedule", "value": "nights"}])
    assert out[0]["value"] == "evening"


def test_training_data_passes_through() -> None:
    data = TrainingData([Message(data={"text": "cna classes", "intent": "search_programs"})])
    assert SearchEntityExtractor({}).process_training_data(data) is data


def test_default_config_is_empty() -> None:
    assert SearchEntityExtractor.get_default_config() == {}


def test_a_request_for_the_reply_language_names_no_language_of_instruction() -> None:
    text = "en español por favor"
    assert not any(e["entity"] == "language" for e in run(
        text, [diet("language", "es", text, "español")], intent="change_language"))
    # A class taught in a language keeps its filter.
    for text in ("clases de cocina en español", "algo de computacion sin costo en español"):
        found = run(text, [diet("language", "es", text, "español")], intent="search_programs")
        assert ("language", "es") in {(e["entity"], e["value"]) for e in found}, text


def test_la_in_a_message_all_in_capitals_is_the_article_after_a_spanish_preposition() -> None:
    assert not any(e["entity"] == "location" for e in run("VENDIA COMIDA EN LA CALLE", []))
    found = {(e["entity"], e["value"]) for e in run("COOKING CLASSES IN LA", [])}
    assert ("location", "Los Angeles") in found
