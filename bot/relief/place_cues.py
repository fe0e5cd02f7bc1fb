"""Which place of a message is where the case was and which is where the person lives.

Used by the NLU pipeline (bot/nlu/place_roles.py) and by the record-relief questions
(bot/relief/flow.py). Words and patterns only: no database, no knowledge base.
"""

from __future__ import annotations

import re
from typing import Any

# Roles of the `jurisdiction` entity when a message names two places ("arrested in ohio,
# i live in texas now"): where the case was decides the law, so it wins over where the
# person lives; a place without a role comes between them.
CASE_ROLE, HOME_ROLE = "case", "home"
# The words just before a place (back to the place before it) say which one it is; the
# classifier's roles alone were not enough (on new sentences it often swapped them, having
# learnt state names more than the words around them). The cue nearest the place wins.
_ROLE_CUES = (
    (HOME_ROLE, re.compile(
        r"\b(lives?|living|resides?|residing|stay(s|ing)?|mov(ed|e|ing) (over )?to|now|"
        r"these days|i'?m from|i am from|vivo|vive|vivimos|viviendo|ahora|me mud[eé] a|"
        r"mud[eé] a|soy de)\b")),
    (CASE_ROLE, re.compile(
        r"\b(arrest\w*|busted|caught|picked up|locked up|cases?|charge[sd]?|charges|"
        r"convict\w*|records?|court|sentenc\w*|happened|mov(ed|e|ing) from|caso|casos|"
        r"cargos?|arrestaron|detuvieron|condena\w*|antecedentes|fue en|pas[oó] en)\b")),
)
# "… ohio charge …": a record word right after the place.
_CASE_AFTER = re.compile(r"^\s*(charges?|case|conviction|arrest|record|court|felony|"
                         r"misdemeanor)\b")
_MOVED_TO = re.compile(r"^\W*(to|a)\W*$")


def _cue_role(text: str, start: int, end: int, previous_end: int) -> str | None:
    """The role the words around one place give it, or None when they say nothing."""
    before = text[previous_end:start].lower()
    found = [(match.end(), role) for role, pattern in _ROLE_CUES
             for match in pattern.finditer(before)]
    if found:
        return max(found)[1]
    if _CASE_AFTER.match(text[end:].lower()):
        return CASE_ROLE
    if previous_end and _MOVED_TO.match(before) and re.search(
            r"\b(mov(ed|e|ing)|me mud[eé])\b", text[:previous_end].lower()):
        return HOME_ROLE  # "moved from ohio to texas": the second place is the home
    return None


def place_roles(entities: list[dict[str, Any]], text: str | None) -> list[str | None]:
    """A role for each `jurisdiction` entity: from the words around it when the message
    says; else the classifier's role when two or more places are named; else none.
    Entities without offsets (buttons, tests) keep the role they carry."""
    places = [e for e in entities if e.get("entity") == "jurisdiction"]
    roles: list[str | None] = []
    previous_end = 0
    for entity in places:
        given = entity.get("role") if entity.get("role") in (CASE_ROLE, HOME_ROLE) else None
        start, end = entity.get("start"), entity.get("end")
        if not text or not isinstance(start, int) or not isinstance(end, int):
            roles.append(given)
            continue
        cue = _cue_role(text, start, end, previous_end)
        roles.append(cue if cue is not None else (given if len(places) > 1 else None))
        previous_end = end
    return roles
