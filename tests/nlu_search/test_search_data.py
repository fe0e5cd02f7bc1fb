"""The data behind the search entities: topics.yml is well formed, every annotated value in
the training and held-out NLU data is canonical, and no real word is misread as a typo."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.entities_parser import parse_training_example

from bot.config import ROOT
from bot.programs.request_parse import (
    ENTITY_TYPES,
    FORMATS,
    LANGUAGES,
    SCHEDULES,
    TOPICS_FILE,
    is_valid,
    normalise,
    topics,
)
from tests.nlu_search import typo_words

ANNOTATED = [ROOT / "data" / "nlu" / "programs.yml", ROOT / "tests" / "nlu" / "search_entities.yml",
             ROOT / "tests" / "nlu" / "heldout.yml"]
SOC = re.compile(r"^\d{2}-(?:\d{1,4}(?:\.\d{2})?)?$")  # "35-2014", "35-20", "29-", "15-1252.00"
KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def examples(path: Path) -> list[tuple[str, str, list[dict]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = []
    for block in data.get("nlu", []):
        if "intent" not in block:
            continue
        for line in str(block["examples"]).splitlines():
            line = line.strip()
            if line.startswith("- "):
                message = parse_training_example(line[2:].strip(), block["intent"])
                found.append((block["intent"], message.get("text"),
                              message.get("entities") or []))
    return found


def test_topics_file_is_well_formed() -> None:
    raw = yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8"))
    keys = [t["key"] for t in raw["topics"]]
    assert len(keys) == len(set(keys)) >= 30
    for topic in topics().values():
        assert KEY.match(topic.key), topic.key
        assert topic.label and topic.phrases, topic.key
        for code in topic.occupations:
            assert SOC.match(code), (topic.key, code)
    foundational = {k for k, t in topics().items() if not t.occupations}
    assert foundational == {"esl", "ged", "digital_skills"}


def test_each_phrase_names_one_topic() -> None:
    owners: dict[str, set[str]] = {}
    for topic in topics().values():
        for phrase in topic.phrases:
            owners.setdefault(" ".join(phrase.lower().split()), set()).add(topic.key)
    shared = {p: k for p, k in owners.items() if len(k) > 1}
    assert not shared


def test_topic_keys_and_phrases_normalise_to_their_topic() -> None:
    for topic in topics().values():
        assert normalise("occupation", topic.key) == topic.key
        for phrase in topic.phrases:
            assert normalise("occupation", phrase) == topic.key, (topic.key, phrase)


def test_every_canonical_value_is_valid() -> None:
    for code in LANGUAGES:
        assert is_valid("language", code)
    for value in SCHEDULES:
        assert is_valid("schedule", value)
    for value in FORMATS:
        assert is_valid("program_format", value)
    assert is_valid("cost", "free") and is_valid("cost", "500")


@pytest.mark.parametrize("path", ANNOTATED, ids=lambda p: p.name)
def test_annotated_values_are_canonical_and_match_their_words(path: Path) -> None:
    for _, text, entities in examples(path):
        for entity in entities:
            if entity["entity"] not in ENTITY_TYPES:
                continue
            value, words = str(entity["value"]), text[entity["start"]:entity["end"]]
            assert normalise(entity["entity"], value) == value, (text, entity)
            assert normalise(entity["entity"], words) == value, (text, entity)


def test_search_data_sizes() -> None:
    counts = Counter(intent for intent, _, _ in examples(ANNOTATED[0]))
    assert counts["search_programs"] >= 120
    assert counts["describe_experience"] >= 40
    for intent in ("save_program", "saved_programs", "more_results", "relax_search",
                   "update_profile", "show_profile", "delete_profile"):
        assert counts[intent] >= 25, intent
    held_out = examples(ANNOTATED[1])
    assert len(held_out) >= 100 and {i for i, _, _ in held_out} == {"search_programs"}


def test_held_out_requests_are_not_training_examples() -> None:
    training = {t.lower() for _, t, _ in examples(ANNOTATED[0])}
    for _, text, _ in examples(ANNOTATED[1]):
        assert text.lower() not in training, text


def test_no_real_word_is_read_as_a_topic_typo() -> None:
    """Run `python tests/nlu_search/typo_words.py --write` after adding phrases."""
    assert typo_words.misread() == {}

