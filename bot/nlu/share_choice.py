"""Rasa pipeline component: the `share` entity of a typed share choice, read deterministically.

When a person asks for a counselor, the assistant asks what the counselor may see: nothing,
a summary, or the summary and this chat (`share`: none, summary, full; the buttons send the
entity themselves). Typed answers are short and varied ("just summary", "share all",
"todo por favor", "dont share anything") and DIET (the tagger before the CRF) missed about
half of them. For a message classified `handoff_share`, this component reads the choice from
a few words (English and Spanish, common typos) and replaces the tagger's `share` entity;
when the words say nothing, the tagger's entity stays. Other intents are left alone: the
choice only means something as an answer.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.base import EntityRuleComponent, replace_entity

SHARE = "share"
SHARE_INTENT = "handoff_share"
EXTRACTOR_NAME = "ShareChoiceExtractor"

_NONE = re.compile(r"\b(nothing|none|nada|ningun|ningún|ninguno|ninguna|no info|"
                   r"no information|no details?)\b")
# "el resumen nada más", "nomás el resumen": "only", not "nothing".
_ONLY = re.compile(r"\b(nada\s+m[aá]s|no\s+m[aá]s|nom[aá]s|nothing\s+else)\b")
# "anything" is the none choice only after a "not": "dont share anything".
_NOT_ANYTHING = re.compile(r"\b(don'?t|do not|not|no|never|nunca)\b[^.]*\b(anything)\b")
_SUMMARY = re.compile(r"\b(summary|summry|sumary|summery|sumarry|resumen|resúmen)\b")
_FULL = re.compile(r"\b(everything|everythin|everthing|evrything|all|todo|toda|full|whole|"
                   r"entire|completo|completa)\b")
# "the summary and the chat": the full choice, unless the chat is refused ("but not the chat").
_AND_CHAT = re.compile(r"\b(and|y|plus|with|con)\b[^.]*\b(chat|conversation|conversación|"
                       r"conversacion|messages|mensajes)\b")
_NOT_CHAT = re.compile(r"\b(not|no|sin|without)\b[^.]*\b(chat|conversation|conversación|"
                       r"conversacion|messages|mensajes)\b")


def read_share(text: Optional[str]) -> Optional[Tuple[str, int, int]]:
    """(value, start, end) of the share choice the words make, or None when they say none."""
    lowered = _ONLY.sub(lambda m: " " * len(m.group(0)), (text or "").lower())
    none = _NONE.search(lowered)
    if none:
        return "none", none.start(), none.end()
    negated = _NOT_ANYTHING.search(lowered)
    if negated:
        return "none", negated.start(2), negated.end(2)
    summary = _SUMMARY.search(lowered)
    full = _FULL.search(lowered)
    if summary and not full:
        if _AND_CHAT.search(lowered) and not _NOT_CHAT.search(lowered):
            return "full", summary.start(), summary.end()
        return "summary", summary.start(), summary.end()
    if full:
        return "full", full.start(), full.end()
    return None


def merge(text: Optional[str], entities: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """The tagger's entities with its `share` replaced by the words' choice, when they make one."""
    found = read_share(text)
    if found is None:
        return entities
    value, start, end = found
    return replace_entity(entities, SHARE, value, start, end, EXTRACTOR_NAME)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class ShareChoiceExtractor(EntityRuleComponent):
    """Sets the `share` entity of a typed share choice."""

    def rewrite(self, message: Message, text: str,
                entities: List[Dict[Text, Any]]) -> Optional[List[Dict[Text, Any]]]:
        """The share choice of a `handoff_share` message (other intents are left alone)."""
        if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) != SHARE_INTENT:
            return None
        return merge(text, entities)
