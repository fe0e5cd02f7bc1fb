"""The record-relief screener as pure functions: which question comes next, and what an
answer (a button, a typed word, or "skip") means. The action only reads and writes slots."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.relief.place_cues import CASE_ROLE, HOME_ROLE, place_roles
from bot.relief.places import to_code
from bot.relief.terms import Answers, OffenseKind, RecordKind, YesNo

SKIPPED = "skipped"
# The questions, in order; each answer is stored in the slot `relief_<step>`.
# The questions in order; the answers so far live in one slot, `relief_answers`
# ({step: code or SKIPPED}), the open question in `relief_step`.
ANSWERS_SLOT, STEP_SLOT = "relief_answers", "relief_step"
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


# Where the case was wins over a place without a role, which wins over the home.
_ROLE_ORDER = {CASE_ROLE: 0, None: 1, HOME_ROLE: 2}


def pick_place(
    entities: list[dict[str, Any]], text: str | None = None
) -> tuple[str | None, str | None]:
    """The place a record question is about, as (entry code, role): the `case` place when
    one is named, else a place without a role, else the `home` place; (None, None) when no
    `jurisdiction` entity names a known place. `text` is the message, for the words
    around each place (see `place_cues.place_roles`)."""
    places = [e for e in entities or [] if e.get("entity") == "jurisdiction"]
    found: list[tuple[int, int, str, str | None]] = []
    roles = place_roles(places, text)
    for index, (entity, role) in enumerate(zip(places, roles, strict=True)):
        code = to_code(str(entity.get("value") or ""))
        if code is not None:
            found.append((_ROLE_ORDER[role], index, code, role))
    if not found:
        return None, None
    _, _, code, role = min(found)
    return code, role


def next_step(answers: Mapping[str, Any]) -> str | None:
    """The first question without an answer yet, or None when all are answered."""
    for step in STEPS:
        if not answers.get(step):
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


def answers_from(given: Mapping[str, Any]) -> Answers:
    """The screener's answers from the `relief_answers` slot ({step: code or SKIPPED}), with
    skipped ones as None (never guessed)."""

    def value(step: str) -> str | None:
        answer = given.get(step)
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
        return answers_from({step: part or None for step, part in zip(STEPS, parts, strict=True)})
    except ValueError:  # not a key we wrote: treat as nothing known
        return Answers()
