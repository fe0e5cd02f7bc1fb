"""Rasa pipeline component: the role of each `jurisdiction` place, read from the words around it.

Measured with DIET (the tagger before the CRF): it tagged the places well but, on new
sentences, often swapped the roles of two places ("arrested in arkansas but i live in
missouri" came out case=missouri, home=arkansas): it learned the state names more than the
words around them. The record-relief actions already decide from those
words (`bot.relief.place_cues.place_roles`); this component writes the same roles into the parse, so
what the NLU reports, what the evaluation scores and what the actions do agree:

- two places or more: the role the words give each one ("arrested in", "my case", "court" ->
  `case`; "i live in", "moved to", "now" -> `home`), else the tagger's role; when only one kind is
  known, a place without a role gets the other one ("in kentucky, but i live in ohio");
- one place: `home` when the words say the person lives there, otherwise no role (the
  annotation rule of data/nlu/relief.yml: a single place is the place asked about).
A two-letter code that is also an everyday word ("MI", "LA", "ME", "IN", "OR") is a place
only when written in capitals in a message that is not all capitals: "MI LISTA DE CURSOS"
and "EN LA CALLE" are no Michigan or Louisiana (the relief flow asks for the state rather
than answer about the wrong one). Other entities pass through untouched.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITY_ATTRIBUTE_ROLE
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.base import EntityRuleComponent
from bot.relief.place_cues import CASE_ROLE, HOME_ROLE, place_roles
from bot.us_states import WORDLIKE_CODES

PLACE = "jurisdiction"
EXTRACTOR_NAME = "PlaceRoles"


def is_everyday_word(text: Optional[str], entity: Dict[Text, Any]) -> bool:
    """Whether a place entity is a word-like state code that its message does not write as
    a code (lower case, or a message all in capitals)."""
    if not text or entity.get("start") is None or entity.get("end") is None:
        return False
    typed = text[int(entity["start"]):int(entity["end"])]
    if len(typed) != 2 or typed.lower() not in WORDLIKE_CODES:
        return False
    return not typed.isupper() or not any(c.islower() for c in text)


def with_roles(text: Optional[str], entities: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """The entities with the roles of their places set as the module docstring says."""
    entities = [e for e in entities
                if not (e.get("entity") == PLACE and is_everyday_word(text, e))]
    places = [e for e in entities if e.get("entity") == PLACE]
    if not places:
        return entities
    roles = place_roles(places, text)
    if len(places) == 1:
        roles = [role if role == HOME_ROLE else None for role in roles]
    else:
        known = {role for role in roles if role is not None}
        if len(known) == 1:
            other = CASE_ROLE if known == {HOME_ROLE} else HOME_ROLE
            roles = [role if role is not None else other for role in roles]
    chosen = dict(zip(map(id, places), roles, strict=True))
    result = []
    for entity in entities:
        if id(entity) not in chosen:
            result.append(entity)
            continue
        role = chosen[id(entity)]
        updated = {k: v for k, v in entity.items() if k != ENTITY_ATTRIBUTE_ROLE}
        if role is not None:
            updated[ENTITY_ATTRIBUTE_ROLE] = role
        if role != entity.get(ENTITY_ATTRIBUTE_ROLE):
            updated["processors"] = [*entity.get("processors", []), EXTRACTOR_NAME]
        result.append(updated)
    return result


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class PlaceRoles(EntityRuleComponent):
    """Sets the `case` / `home` role of each place from the words around it (the cue words
    live in bot/relief/flow.py)."""

    def rewrite(self, message: Message, text: str,
                entities: List[Dict[Text, Any]]) -> Optional[List[Dict[Text, Any]]]:
        """The places with their roles (messages without a place are left alone)."""
        if not any(e.get("entity") == PLACE for e in entities):
            return None
        return with_roles(text, entities)
