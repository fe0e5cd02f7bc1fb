"""Rasa pipeline component: the six search entities of a training-program request, read
deterministically (bot.programs.request_parse) and merged with what the entity tagger (the CRF)
found.

Per entity type (location, cost, schedule, language, occupation, program_format):
- the parser found it: its entities replace the tagger's entities of that type (the tagger
  guesses spans and values; the parser's values are canonical and checked against the ZIP and
  topic data);
- the parser did not: the tagger's entities of that type are kept, their values normalised to the
  same canonical values ("atlanta" -> "Atlanta", "spanish" -> "es"), and dropped when they do
  not normalise (a span the tagger marked that is no place, topic or amount), when the parser read
  those words as another entity, or when it judged them not to be one in their context
  ("free" in "i'm free on weekends", "mobile" in "mobile phlebotomy").
A message classified `change_language` that asks for the language of the replies ("en
español por favor", "english please": bot.language.choose.requested_language) names no
language of instruction, so it gets no `language` entity. Other entities (jurisdiction,
legal_term, ...) pass through untouched. It runs on every message, whatever the intent,
after EntitySynonymMapper, so the tagger's values are already mapped.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
)
from rasa.shared.nlu.training_data.message import Message

from bot.language.choose import CHANGE_INTENT, requested_language
from bot.nlu.base import EntityRuleComponent
from bot.programs.request_parse import ENTITY_TYPES, normalise, read, warm_up

EXTRACTOR_NAME = "SearchEntityExtractor"
PROCESSORS = "processors"


def merge(text: Optional[str], entities: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """The tagger's entities merged with the parser's, as described in the module docstring."""
    reading = read(text or "")
    found_types = {f.entity for f in reading.found}
    # Words the parser already read as something else, or judged not to be an entity of a
    # type ("free" in "i'm free on weekends"): the tagger's tag on them is overruled.
    overruled = [(f.start, f.end, None) for f in reading.found]
    overruled += [(start, end, kind) for kind, start, end in reading.rejected]
    merged: List[Dict[Text, Any]] = []
    seen = set()
    for entity in entities:
        kind = entity.get(ENTITY_ATTRIBUTE_TYPE)
        if kind not in ENTITY_TYPES:
            merged.append(entity)
            continue
        if kind in found_types or _overlaps(entity, kind, overruled):
            continue
        value = _normalised(kind, entity, text or "")
        if value is None or (kind, value) in seen:
            continue
        seen.add((kind, value))
        processors = [*entity.get(PROCESSORS, []), EXTRACTOR_NAME]
        merged.append({**entity, ENTITY_ATTRIBUTE_VALUE: value, PROCESSORS: processors})
    for item in reading.found:
        merged.append({
            ENTITY_ATTRIBUTE_TYPE: item.entity,
            ENTITY_ATTRIBUTE_VALUE: item.value,
            ENTITY_ATTRIBUTE_START: item.start,
            ENTITY_ATTRIBUTE_END: item.end,
            "confidence_entity": 1.0,
            EXTRACTOR: EXTRACTOR_NAME,
        })
    return merged


def _overlaps(entity: Dict[Text, Any], kind: str,
              spans: List[Tuple[int, int, Optional[str]]]) -> bool:
    """Whether the entity's words overlap a span of any type (None), its type or "*"."""
    start, end = entity.get(ENTITY_ATTRIBUTE_START), entity.get(ENTITY_ATTRIBUTE_END)
    if not isinstance(start, int) or not isinstance(end, int):
        return False
    return any(s < end and start < e and other in (None, kind, "*") for s, e, other in spans)


def _normalised(kind: str, entity: Dict[Text, Any], text: str) -> Optional[str]:
    """The tagger's value in canonical form: its (synonym-mapped) value, else the text it covers."""
    value = entity.get(ENTITY_ATTRIBUTE_VALUE)
    start, end = entity.get(ENTITY_ATTRIBUTE_START), entity.get(ENTITY_ATTRIBUTE_END)
    span = text[start:end] if isinstance(start, int) and isinstance(end, int) else ""
    candidates = [str(value)] if value is not None else []
    if span:
        candidates.append(span)
        if kind == "location" and candidates[0].lower() == span.lower():
            # The same word as typed keeps the capital an everyday-word city needs ("Mobile").
            candidates.insert(0, span)
    for candidate in candidates:
        normal = normalise(kind, candidate)
        if normal is not None:
            return normal
    return None


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class SearchEntityExtractor(EntityRuleComponent):
    """Sets the search entities of a message from the deterministic parser (the vocabulary
    lives in data/catalog/programs/topics.yml)."""

    @classmethod
    def warm_up(cls) -> None:
        """Load the parser's tables now, not on the first message."""
        warm_up()

    def rewrite(self, message: Message, text: str,
                entities: List[Dict[Text, Any]]) -> Optional[List[Dict[Text, Any]]]:
        """Replace or normalise the search entities."""
        merged = merge(text, entities)
        languages = any(e.get(ENTITY_ATTRIBUTE_TYPE) == "language" for e in merged)
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if languages and intent == CHANGE_INTENT and requested_language(text):
            merged = [e for e in merged if e.get(ENTITY_ATTRIBUTE_TYPE) != "language"]
        return merged
