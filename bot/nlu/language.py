"""Rasa pipeline component: the language to answer in, as the `reply_language` entity.

The `language` slot is filled from this entity (domain.yml), so responses pick their
variation by it and actions speak it. The Telegram bridge and the terminal chat decide the
language with the person's history (bot.language.choose) and pass it as REST metadata
(`{"language": "es"}`): that is used as it is. Without metadata (a bare REST client, the
evaluation, `rasa test`) the entity is set only when the words ask for a language
("english please"); otherwise the slot keeps its value (a channel without history should
pass its choice rather than have every message re-decided). Buttons carry the entity in their
payload (`/change_language{"reply_language": "es"}`), which Rasa reads without this step.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message

from bot import catalog
from bot.language import choose
from bot.language.choose import CHANGE_INTENT, ENTITY
from bot.language.detect import warm_up
from bot.nlu.base import EntityRuleComponent, replace_entity

EXTRACTOR_NAME = "LanguageReader"
METADATA_KEY = "language"
DECIDED = frozenset({"asked"})


def reply_language(text: str, metadata: Optional[Dict[Text, Any]],
                   intent: Optional[str] = CHANGE_INTENT) -> Optional[str]:
    """The language the channel chose, else the one the words of a `change_language`
    message ask for, else None."""
    given = (metadata or {}).get(METADATA_KEY)
    if isinstance(given, str) and given in catalog.supported():
        return given
    if intent != CHANGE_INTENT:
        return None
    chosen = choose(text)
    return chosen.language if chosen.reason in DECIDED else None


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class LanguageReader(EntityRuleComponent):
    """Sets `reply_language` from the channel's choice or from clear words."""

    @classmethod
    def warm_up(cls) -> None:
        warm_up()

    def rewrite(self, message: Message, text: str,
                entities: List[Dict[Text, Any]]) -> Optional[List[Dict[Text, Any]]]:
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        language = reply_language(text, message.get("metadata"), intent)
        if language is None:
            return None
        return replace_entity(entities, ENTITY, language, 0, 0, EXTRACTOR_NAME)
