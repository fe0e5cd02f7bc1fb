"""The record-relief screener as pure functions: which question comes next, and what an
answer (a button, a typed word, or "skip") means. The action only reads and writes slots."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.relief.places import to_code
from bot.relief.screening import Answers, OffenseKind, RecordKind, YesNo

SKIPPED = "skipped"
# The questions, in order; each answer is stored in the slot `relief_<step>`.
STEPS = ("jurisdiction", "record", "offense", "nexus", "juvenile", "sentence_done")
# The entity a button of each question sends.
ENTITY = {
    "jurisdiction": "jurisdiction",
    "record": "relief_record",
    "offense": "relief_offense",
    "nexus": "relief_nexus",
    "juvenile": "relief_juvenile",
    "sentence_done": "relief_sentence_done",
}
ALLOWED: dict[str, frozenset[str]] = {
    "record": frozenset(k.value for k in RecordKind),
    "offense": frozenset(k.value for k in OffenseKind),
    "nexus": frozenset(k.value for k in YesNo),
    "juvenile": frozenset(k.value for k in YesNo),
    "sentence_done": frozenset(k.value for k in YesNo),
}
# Typed answers to button questions: a few plain words each (English and Spanish).
_TYPED = {
    "record": [(r"\bboth\b|\bambos\b", "both"), (r"\barrest", "arrest"),
               (r"\bconvict|\bguilty\b|\bcondena", "conviction"),
               (r"not sure|dont know|don't know|\bidk\b|no se", "unsure")],
    "offense": [(r"prostitut|solicit|loiter", "prostitution"),
                (r"drug|possession|droga", "drug_possession"),
                (r"theft|steal|stole|shoplift|robo", "theft"),
                (r"violen|assault|fight", "violent"),
                (r"not sure|dont know|don't know|\bidk\b|no se", "unsure")],
    "yesno": [(r"not sure|dont know|don't know|\bidk\b|no se|maybe", "unsure"),
              (r"^(yes|yeah|yep|si|sí|y)\b", "yes"), (r"^(no|nope|nah|n)\b", "no")],
}


# Roles of the `jurisdiction` entity when a message names two places ("arrested in ohio,
# i live in texas now"): where the case was decides the law, so it wins over where the
# person lives; a place without a role comes between them.
CASE_ROLE, HOME_ROLE = "case", "home"
_ROLE_ORDER = {CASE_ROLE: 0, None: 1, HOME_ROLE: 2}
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
    """The role of each `jurisdiction` entity as the words around it say (see `_roles`);
    also used by the NLU pipeline (bot/nlu/place_roles.py)."""
    return _roles(entities, text)


def _roles(entities: list[dict[str, Any]], text: str | None) -> list[str | None]:
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


def pick_place(
    entities: list[dict[str, Any]], text: str | None = None
) -> tuple[str | None, str | None]:
    """The place a record question is about, as (entry code, role): the `case` place when
    one is named, else a place without a role, else the `home` place; (None, None) when no
    `jurisdiction` entity names a known place. `text` is the message, for the words
    around each place (see `_roles`)."""
    places = [e for e in entities or [] if e.get("entity") == "jurisdiction"]
    found: list[tuple[int, int, str, str | None]] = []
    for index, (entity, role) in enumerate(zip(places, _roles(places, text), strict=True)):
        code = to_code(str(entity.get("value") or ""))
        if code is not None:
            found.append((_ROLE_ORDER[role], index, code, role))
    if not found:
        return None, None
    _, _, code, role = min(found)
    return code, role


def slot_name(step: str) -> str:
    """The slot holding the answer to `step`."""
    return f"relief_{step}"


def next_step(slots: Mapping[str, Any]) -> str | None:
    """The first question without an answer yet, or None when all are answered."""
    for step in STEPS:
        if not slots.get(slot_name(step)):
            return step
    return None


def parse_answer(
    step: str, intent: str | None, entities: list[dict[str, Any]], text: str | None
) -> str | None:
    """What the person's message answers to `step`: a code, SKIPPED, or None if unclear."""
    if intent == "skip":
        return SKIPPED
    if step == "jurisdiction":
        code, _ = pick_place(entities, text)
        return code if code is not None else to_code(text)
    for entity in entities:
        if entity.get("entity") == ENTITY[step]:
            value = str(entity.get("value", "")).strip().lower()
            return value if value in ALLOWED[step] else None
    typed = (text or "").strip().lower()
    if not typed or typed.startswith("/"):
        return None
    for pattern, value in _TYPED["yesno" if step in ("nexus", "juvenile", "sentence_done")
                                  else step]:
        if re.search(pattern, typed):
            return value
    return None


def answers_from(slots: Mapping[str, Any]) -> Answers:
    """The screener's answers, with skipped ones as None (never guessed)."""

    def value(step: str) -> str | None:
        answer = slots.get(slot_name(step))
        return None if answer in (None, SKIPPED) else str(answer)

    record, offense = value("record"), value("offense")
    nexus, juvenile, done = value("nexus"), value("juvenile"), value("sentence_done")
    return Answers(
        jurisdiction=value("jurisdiction"),
        record=RecordKind(record) if record else None,
        offense=OffenseKind(offense) if offense else None,
        trafficking_related=YesNo(nexus) if nexus else None,
        juvenile=YesNo(juvenile) if juvenile else None,
        sentence_done=YesNo(done) if done else None,
    )


def shown_key(answers: Answers) -> str:
    """A compact record of what an answer was about, for "save this" ("ga|conviction|…")."""
    parts = [answers.jurisdiction or "", *(
        value.value if value is not None else ""
        for value in (answers.record, answers.offense, answers.trafficking_related,
                      answers.juvenile, answers.sentence_done)
    )]
    return "|".join(parts)


def answers_from_key(key: str) -> Answers:
    """Back from `shown_key`; a bare place code means its summary (no answers)."""
    parts = (key.split("|") + [""] * len(STEPS))[: len(STEPS)]
    try:
        return answers_from(
            {slot_name(step): part or None for step, part in zip(STEPS, parts, strict=True)}
        )
    except ValueError:  # not a key we wrote: treat as nothing known
        return Answers()
