"""The assessment as pure functions: which question comes next, what an answer means, and
how the answers become a profile. The answers so far are an `AssessState` (frozen); the
action only reads and writes two slots: `assess_step` (the open question) and `assess_data`
(the state as a JSON object, `AssessState.to_slot()`).

Order: the interest statements (five-point buttons), then "what work have you done?" in
the person's own words, "did I get this right?", then what may hold them back. Every
question can be skipped; "stop" at any point gives a result from what was answered.
Started from a description of past work ("I used to cook"), the interest statements are
left out. Changing one part of a saved profile asks that part only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
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


@dataclass(frozen=True)
class AssessState:
    """The answers of one round of questions, as the flow sees them; never changed in place
    (`record_answer` returns a new one). Kept between turns in the `assess_data` slot as the
    JSON object of `to_slot()`."""

    parts: tuple[str, ...] = tuple(PARTS)
    answers: Mapping[str, int] = field(default_factory=dict)  # interest item id -> 0..4
    skills: tuple[str, ...] = ()  # skill ids understood from "what work have you done?"
    titles: tuple[str, ...] = ()  # O*NET-SOC codes of job titles named there
    constraints: Mapping[str, str] = field(default_factory=dict)  # step -> code or SKIPPED
    told: bool = False  # "nothing understood" was said once already
    max_zone: int = 3  # highest O*NET job zone shown
    scores: Mapping[str, float] | None = None  # saved area scores, kept when not re-asked

    @classmethod
    def from_slot(cls, value: Mapping[str, Any] | None) -> AssessState:
        """The state stored in the slot (a fresh full round when there is none)."""
        if not value:
            return new_state()
        scores = value.get("scores")
        return cls(
            parts=tuple(part for part in value.get("parts", PARTS) if part in PARTS),
            answers={str(k): int(v) for k, v in (value.get("answers") or {}).items()},
            skills=tuple(value.get("skills") or ()),
            titles=tuple(value.get("titles") or ()),
            constraints={str(k): str(v) for k, v in (value.get("constraints") or {}).items()},
            told=bool(value.get("told", False)),
            max_zone=int(value.get("max_zone", 3)),
            scores=dict(scores) if scores else None,
        )

    @classmethod
    def from_profile(cls, profile: Mapping[str, Any]) -> AssessState:
        """A saved profile seen as a finished round (for ranking jobs)."""
        return cls.from_slot({**profile, "answers": {}})

    def to_slot(self) -> dict[str, Any]:
        """The JSON object kept in the `assess_data` slot."""
        value: dict[str, Any] = {
            "answers": dict(self.answers), "skills": list(self.skills),
            "titles": list(self.titles), "constraints": dict(self.constraints),
            "told": self.told, "max_zone": self.max_zone, "parts": list(self.parts),
        }
        if self.scores is not None:
            value["scores"] = dict(self.scores)
        return value


def new_state(parts: Sequence[str] = ("interests", "experience", "constraints"),
              previous: Mapping[str, Any] | None = None) -> AssessState:
    """A new round of questions over `parts`, keeping what the saved profile `previous`
    holds for the other parts."""
    previous = previous or {}
    asked = tuple(part for part in PARTS if part in parts)
    scores = previous.get("scores")
    return AssessState(
        parts=asked,
        skills=() if "experience" in asked else tuple(previous.get("skills") or ()),
        titles=() if "experience" in asked else tuple(previous.get("titles") or ()),
        constraints={} if "constraints" in asked else dict(previous.get("constraints") or {}),
        max_zone=int(previous.get("max_zone", 3)),
        scores=None if "interests" in asked or not scores else dict(scores),
    )


def steps_of(state: AssessState) -> tuple[str, ...]:
    """The questions of this round, in order."""
    return tuple(step for part in state.parts for step in PARTS[part])


def first_step(state: AssessState) -> str | None:
    """Where a new round starts."""
    steps = steps_of(state)
    return steps[0] if steps else None


def following_step(step: str, state: AssessState) -> str | None:
    """The question after `step` (None when the round is over). "Did I get this right?"
    is asked only when something was understood."""
    steps = steps_of(state)
    if step not in steps:
        return None
    for candidate in steps[steps.index(step) + 1:]:
        if candidate == CONFIRM and not (state.skills or state.titles):
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


def record_answer(step: str, value: Any, state: AssessState,
                  extracted: tuple[Sequence[str], Sequence[str]] | None = None) -> AssessState:
    """The state with `value` for `step` stored. For the experience question, `extracted`
    is (skill ids, occupation codes) understood from the text; the text itself is not kept."""
    if value == SKIPPED:
        if step in CONSTRAINT_STEPS:
            return replace(state, constraints={**state.constraints, step: SKIPPED})
        return state
    if is_item(step):
        return replace(state, answers={**state.answers, step: int(value)})
    if step == EXPERIENCE and extracted is not None:
        skills, titles = extracted
        return replace(state, skills=tuple(dict.fromkeys([*state.skills, *skills])),
                       titles=tuple(dict.fromkeys([*state.titles, *titles])))
    if step == CONFIRM and isinstance(value, tuple) and value[0] == "remove":
        return replace(state, skills=tuple(s for s in state.skills if s != value[1]),
                       titles=() if value[1] == "titles" else state.titles)
    if step in CONSTRAINT_STEPS:
        return replace(state, constraints={**state.constraints, step: value})
    return state


def answered_items(state: AssessState) -> int:
    """How many interest statements were answered."""
    return len(state.answers)


def area_scores(state: AssessState) -> dict[str, float]:
    """Interest scores (0-1 per area) from this round's answers, or the saved ones."""
    if state.answers:
        return score(dict(state.answers))
    return dict(state.scores or {})


def constraints_of(state: AssessState) -> Constraints:
    """The "what holds you back" answers as ranking constraints (skipped = unknown)."""
    raw = {k: v for k, v in state.constraints.items() if v != SKIPPED}
    languages = LANGUAGES.get(raw.pop("languages", ""), ())
    known = {k: v for k, v in raw.items() if k in VALUES}
    return Constraints(languages=languages, **known)


def has_result(state: AssessState) -> bool:
    """Whether anything was answered that a result can be built on."""
    return bool(area_scores(state) or state.skills or state.titles
                or any(v != SKIPPED for v in state.constraints.values()))


def profile_of(state: AssessState) -> dict[str, Any]:
    """What is kept about the person: area scores, understood skills and job titles, the
    constraint codes, the job-zone limit. No free text, no item-by-item answers."""
    return {
        "scores": {k: round(v, 3) for k, v in area_scores(state).items()},
        "skills": list(state.skills),
        "titles": list(state.titles),
        "constraints": dict(state.constraints),
        "max_zone": state.max_zone,
    }
