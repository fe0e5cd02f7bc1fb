"""The assessment as pure functions: which question comes next, what an answer means, and
how the answers become a profile. The action only reads and writes two slots:
`assess_step` (the open question) and `assess_data` (the answers so far, a JSON object).

Order: the interest statements (five-point buttons), then "what work have you done?" in
the person's own words, "did I get this right?", then what may hold them back. Every
question can be skipped; "stop" at any point gives a result from what was answered.
Started from a description of past work ("I used to cook"), the interest statements are
left out. Changing one part of a saved profile asks that part only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.assess.interests import ITEMS, SCALE, score
from bot.assess.match import Constraints

SKIPPED = "skipped"
EXPERIENCE = "experience"
CONFIRM = "confirm_skills"
ITEM_STEPS: tuple[str, ...] = tuple(item.id for item in ITEMS)
CONSTRAINT_STEPS: tuple[str, ...] = (
    "hours", "childcare", "transport", "id_documents", "work_auth", "education", "languages",
    "record",
)
PARTS: dict[str, tuple[str, ...]] = {
    "interests": ITEM_STEPS,
    "experience": (EXPERIENCE, CONFIRM),
    "constraints": CONSTRAINT_STEPS,
}
# The values each "what holds you back" question takes (the codes of bot.assess.match).
VALUES: dict[str, tuple[str, ...]] = {
    "hours": ("full", "part", "evenings", "weekends", "unsure"),
    "childcare": ("need", "have", "no_kids"),
    "transport": ("car", "transit", "walk", "none"),
    "id_documents": ("have", "some", "missing"),
    "work_auth": ("yes", "help", "unsure"),
    "education": ("none", "some_hs", "hs", "some_college", "degree"),
    "languages": ("en", "es", "both", "other"),
    "record": ("yes", "no", "unsure", "prefer_not"),
}
LANGUAGES = {"en": ("en",), "es": ("es",), "both": ("en", "es"), "other": ()}
MAX_EXPERIENCE_CHARS = 2000

_LIKERT_WORDS: list[tuple[str, int]] = [
    (r"\b(love|loves|loving|encanta|mucho|strongly like|really like|a lot)\b", 4),
    (r"\b(hate|hates|odio|strongly dislike|really dislike|not at all)\b", 0),
    (r"\b(not sure|unsure|maybe|idk|dunno|no se|no sé|meh|kinda|so so|so-so)\b", 2),
    (r"\b(dislike|don'?t like|dont like|do not like|no me gusta|not really|not for me|nah"
     r"|no)\b", 1),
    (r"\b(like|likes|yes|yeah|yep|sure|ok|okay|me gusta|si|sí)\b", 3),
]
_TYPED: dict[str, list[tuple[str, str]]] = {
    "hours": [(r"full|40|tiempo completo", "full"), (r"part|medio tiempo|few hours", "part"),
              (r"evening|night|noche", "evenings"), (r"weekend|saturday|sunday|fin de semana",
                                                      "weekends"),
              (r"not sure|unsure|idk|depends|no se", "unsure")],
    "childcare": [(r"no kids|no children|don'?t have kids|no tengo hijos|none", "no_kids"),
                  (r"need|help|yes|si|sí|necesito", "need"),
                  (r"have|covered|family|ok|fine", "have")],
    "transport": [(r"\bcar\b|drive|carro|auto", "car"),
                  (r"bus|train|transit|subway|metro|camion", "transit"),
                  (r"walk|bike|caminar", "walk"), (r"\bno\b|none|nothing|ninguno", "none")],
    "id_documents": [(r"missing|lost|taken|none|no id|don'?t have|no tengo", "missing"),
                     (r"some|part|algunos", "some"), (r"\byes\b|have|tengo|si|sí", "have")],
    "work_auth": [(r"help|need|ayuda|no\b", "help"), (r"not sure|unsure|idk|no se", "unsure"),
                  (r"\byes\b|have|fine|si|sí|tengo", "yes")],
    "education": [(r"college degree|bachelor|degree|universidad", "degree"),
                  (r"some college|community college|associate", "some_college"),
                  (r"\bged\b|high school|diploma|prepa", "hs"),
                  (r"some high|middle school|didn'?t finish|did not finish", "some_hs"),
                  (r"none|no school|never|ninguna", "none")],
    "languages": [(r"both|ambos|bilingual", "both"), (r"spanish|español|espanol", "es"),
                  (r"english|ingles|inglés", "en"), (r"other|otro|french|creole|chinese|"
                                                      r"vietnamese|arabic|russian", "other")],
    "record": [(r"prefer not|rather not|no quiero|pass", "prefer_not"),
               (r"not sure|unsure|idk|maybe|no se|no sé", "unsure"),
               (r"^(yes|yeah|yep|si|sí|i do|y)\b", "yes"), (r"^(no|nope|nah|n)\b", "no")],
}
_CONFIRM_WORDS = [(r"^(yes|yeah|yep|right|correct|that'?s right|si|sí|ok|okay)\b", "yes"),
                  (r"again|wrong|not right|no\b|nope", "again")]


def new_data(parts: Sequence[str] = ("interests", "experience", "constraints"),
             previous: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Answers for a new round of questions over `parts` (keeping what `previous` holds)."""
    data: dict[str, Any] = {
        "answers": {}, "skills": [], "titles": [], "constraints": {}, "told": False,
        "max_zone": 3,
    }
    if previous:
        for key in ("scores", "skills", "titles", "constraints", "max_zone"):
            if key in previous:
                data[key] = previous[key]
    data["parts"] = [part for part in PARTS if part in parts]
    if "interests" in parts:
        data.pop("scores", None)
    if "experience" in parts:
        data["skills"], data["titles"] = [], []
    if "constraints" in parts:
        data["constraints"] = {}
    return data


def steps_of(data: Mapping[str, Any]) -> tuple[str, ...]:
    """The questions of this round, in order."""
    return tuple(step for part in data.get("parts", PARTS) for step in PARTS[part])


def first_step(data: Mapping[str, Any]) -> str | None:
    """Where a new round starts."""
    steps = steps_of(data)
    return steps[0] if steps else None


def following_step(step: str, data: Mapping[str, Any]) -> str | None:
    """The question after `step` (None when the round is over). "Did I get this right?"
    is asked only when something was understood."""
    steps = steps_of(data)
    if step not in steps:
        return None
    for candidate in steps[steps.index(step) + 1:]:
        if candidate == CONFIRM and not (data.get("skills") or data.get("titles")):
            continue
        return candidate
    return None


def is_item(step: str | None) -> bool:
    """Whether `step` is one of the interest statements."""
    return step in ITEM_STEPS


def item_number(step: str) -> int:
    """1-based position of an interest statement."""
    return ITEM_STEPS.index(step) + 1


def _entity(entities: Sequence[Mapping[str, Any]], name: str) -> str | None:
    for entity in entities:
        if entity.get("entity") == name and entity.get("value") is not None:
            return str(entity["value"]).strip().lower()
    return None


def _typed(text: str | None) -> str:
    typed = (text or "").strip().lower()
    return "" if typed.startswith("/") else typed


def parse_answer(step: str, intent: str | None, entities: Sequence[Mapping[str, Any]],
                 text: str | None) -> Any:
    """What the person's message answers to `step`: a value, SKIPPED, or None if unclear.

    Interest statements: 0-4. "What holds you back": a code of VALUES. Experience: the
    text itself. "Did I get this right?": "yes", "again", or ("remove", skill id).
    """
    if intent == "skip":
        return SKIPPED
    typed = _typed(text)
    if is_item(step):
        value = _entity(entities, "likert")
        if value is not None:
            return int(value) if value in {str(points) for points, _ in SCALE} else None
        for pattern, points in _LIKERT_WORDS:
            if typed and re.search(pattern, typed):
                return points
        return None
    if step == EXPERIENCE:
        return typed[:MAX_EXPERIENCE_CHARS] if typed else None
    if step == CONFIRM:
        removed = _entity(entities, "assess_remove")
        if removed:
            return ("remove", removed)
        value = _entity(entities, "assess_confirm")
        if value in ("yes", "again"):
            return value
        for pattern, meaning in _CONFIRM_WORDS:
            if typed and re.search(pattern, typed):
                return meaning
        return None
    value = _entity(entities, "assess_value")
    if value is not None:
        return value if value in VALUES.get(step, ()) else None
    for pattern, code in _TYPED.get(step, []):
        if typed and re.search(pattern, typed):
            return code
    return None


def record_answer(step: str, value: Any, data: Mapping[str, Any],
                  extracted: tuple[Sequence[str], Sequence[str]] | None = None) -> dict[str, Any]:
    """The answers with `value` for `step` stored. For the experience question, `extracted`
    is (skill ids, occupation codes) understood from the text; the text itself is not kept."""
    new = {**data, "answers": dict(data.get("answers", {})),
           "constraints": dict(data.get("constraints", {}))}
    if value == SKIPPED:
        if step in CONSTRAINT_STEPS:
            new["constraints"][step] = SKIPPED
        return new
    if is_item(step):
        new["answers"][step] = int(value)
    elif step == EXPERIENCE and extracted is not None:
        skills, titles = extracted
        new["skills"] = list(dict.fromkeys([*data.get("skills", []), *skills]))
        new["titles"] = list(dict.fromkeys([*data.get("titles", []), *titles]))
    elif step == CONFIRM and isinstance(value, tuple) and value[0] == "remove":
        new["skills"] = [s for s in data.get("skills", []) if s != value[1]]
        if value[1] == "titles":
            new["titles"] = []
    elif step in CONSTRAINT_STEPS:
        new["constraints"][step] = value
    return new


def answered_items(data: Mapping[str, Any]) -> int:
    """How many interest statements were answered."""
    return len(data.get("answers", {}))


def area_scores(data: Mapping[str, Any]) -> dict[str, float]:
    """Interest scores (0-1 per area) from this round's answers, or the saved ones."""
    answers = data.get("answers") or {}
    if answers:
        return score(answers)
    return dict(data.get("scores") or {})


def constraints_of(data: Mapping[str, Any]) -> Constraints:
    """The "what holds you back" answers as ranking constraints (skipped = unknown)."""
    raw = {k: v for k, v in (data.get("constraints") or {}).items() if v != SKIPPED}
    languages = LANGUAGES.get(raw.pop("languages", ""), ())
    known = {k: v for k, v in raw.items() if k in VALUES}
    return Constraints(languages=languages, **known)


def has_result(data: Mapping[str, Any]) -> bool:
    """Whether anything was answered that a result can be built on."""
    return bool(area_scores(data) or data.get("skills") or data.get("titles")
                or any(v != SKIPPED for v in (data.get("constraints") or {}).values()))


def profile_of(data: Mapping[str, Any]) -> dict[str, Any]:
    """What is kept about the person: area scores, understood skills and job titles, the
    constraint codes, the job-zone limit. No free text, no item-by-item answers."""
    return {
        "scores": {k: round(v, 3) for k, v in area_scores(data).items()},
        "skills": list(data.get("skills", [])),
        "titles": list(data.get("titles", [])),
        "constraints": {k: v for k, v in (data.get("constraints") or {}).items()},
        "max_zone": int(data.get("max_zone", 3)),
    }
