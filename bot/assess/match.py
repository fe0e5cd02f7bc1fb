"""Rank occupations for one person: interests, past work, and what their life allows.

`rank` scores every occupation the person could start soon and returns the best few, each
with plain reasons ("fits your interest in helping people", "uses what you know: cooking")
and notes ("Jobs in this field often check records. ...").

How the score is made (all parts 0-1):

- **Interest fit**: the person's area scores (`interests.score`) against the occupation's
  O*NET interest profile (OI levels 1-7). Both are centred over the areas the person
  answered and compared by cosine, so "likes S and C more than R" matches occupations that
  are more S and C than R, whatever the absolute levels. Occupations whose high-point
  letters (their top 1-3 areas) are areas the person liked get a bonus. With one area
  answered, or the same answer everywhere, the occupation's level in the answered areas
  (relative to its own mean) stands in for the cosine.
- **Past work**: occupations that the person's skills point to (`skills.yml`, most fitting
  first) and occupations of job titles they named (`extra_occupations`) get a strong boost,
  so they come first unless the interests clearly disagree.
- A small bonus for occupations with a plain entry (`plain.yml`): the common starting jobs,
  so the list is not led by rare ones ("Rock Splitters, Quarry").

Filters (never the background check, which is only a note):

- Job zone <= `max_zone` (3 by default: jobs one can start within about two years).
  Education "none" or "some_hs" caps it at 2 unless the caller widened `max_zone` above 3
  ("show me more jobs"), since zone 3 usually needs a diploma or a course after it.
- Transport "none" or "walk" drops occupations whose work is driving.
- `NOT_SUGGESTED` occupations (below) are only shown when the caller asks for them by code.

With neither interest scores nor skills nor titles there is nothing to match on, and the
result is an empty list: the caller says so and offers the questions, rather than showing
jobs that would look like a match but are not.

Ties are broken by O*NET-SOC code, so the same answers always give the same list.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot import catalog
from bot.assess import occupations as occupation_data
from bot.assess import translations
from bot.assess.interests import AREAS, top_areas
from bot.assess.occupations import Occupation
from bot.assess.skills import SKILLS

DEFAULT_MAX_ZONE = 3
LOW_EDUCATION_MAX_ZONE = 2
LOW_EDUCATION = ("none", "some_hs")
NO_DRIVING = ("none", "walk")
RECORD_NOTE_FOR = ("yes", "unsure")

# Occupations the assistant does not suggest from interest answers or skills: for people
# leaving sex trafficking, these titles are often the cover or the lure (modelling, dancing
# and massage jobs are common recruitment stories). A survivor advisory group should review
# this list; a person can still ask about them, and counselors can discuss them.
NOT_SUGGESTED = frozenset({
    "41-9012.00",  # Models
    "27-2031.00",  # Dancers
    "31-9011.00",  # Massage Therapists
})

# Weights of the parts of the score (see the module's docstring).
W_COSINE = 0.65
W_HIGH_POINT = 0.35
HIGH_POINT_WEIGHTS = (1.0, 0.6, 0.3)  # first, second, third high-point letter
W_INTEREST = 0.45  # when both interests and past work are known
W_SKILLS = 0.55
COMMON_BONUS = 0.05
TITLE_FIT = 1.0  # the person named this job
SKILL_FIT_FIRST = 0.9  # a skill's first (most fitting) occupation ...
SKILL_FIT_STEP = 0.08  # ... then a little less for each next one
SKILL_FIT_FLOOR = 0.6
SKILL_FIT_MORE = 0.1  # each further skill pointing to the same occupation

LANGUAGE_OCCUPATIONS = frozenset({"27-3091.00"})  # interpreters and translators


def reason(key: str, **params: object) -> str:
    """A reason or note in the language the turn speaks: the catalog's `assess` table
    `match_words` ("fits your interest in {area}", "uses what you know: {skill}")."""
    return str(catalog.table("assess", "match_words")[key]).format(**params)


@dataclass(frozen=True)
class Constraints:
    """What the person told about their life; every field may be skipped (None)."""

    hours: str | None = None  # "full", "part", "evenings", "weekends", "unsure"
    childcare: str | None = None  # "need", "have", "no_kids"
    transport: str | None = None  # "car", "transit", "walk", "none"
    id_documents: str | None = None  # "have", "missing", "some"
    work_auth: str | None = None  # "yes", "help", "unsure" ("help": may need help with papers)
    education: str | None = None  # "none", "some_hs", "hs", "some_college", "degree"
    languages: tuple[str, ...] = ()
    record: str | None = None  # "yes", "no", "unsure", "prefer_not"


@dataclass(frozen=True)
class Match:
    """One suggested occupation, its score (0-1) and why, in plain words."""

    occupation: Occupation
    score: float
    reasons: tuple[str, ...]  # "fits your interest in helping people", "uses what you know: ..."
    notes: tuple[str, ...]  # facts to know: record checks, driver's license, diploma


def effective_max_zone(max_zone: int, constraints: Constraints) -> int:
    """The highest job zone shown (see the module's docstring for the education cap)."""
    if constraints.education in LOW_EDUCATION and max_zone <= DEFAULT_MAX_ZONE:
        return min(max_zone, LOW_EDUCATION_MAX_ZONE)
    return max_zone


def _clean_scores(scores: Mapping[str, float] | None) -> dict[str, float]:
    if not scores:
        return {}
    clean = {}
    for area in AREAS:
        value = scores.get(area)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            clean[area] = min(1.0, max(0.0, float(value)))
    return clean


def _cosine(a: list[float], b: list[float]) -> float | None:
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    if norm < 1e-9:
        return None
    return sum(x * y for x, y in zip(a, b, strict=True)) / norm


def interest_fit(scores: Mapping[str, float], occupation: Occupation) -> float:
    """How well an occupation's interest profile fits the person's area scores (0-1)."""
    areas = [area for area in AREAS if area in scores]
    if not areas:
        return 0.0
    person = [scores[area] for area in areas]
    levels = [occupation.riasec[area] for area in areas]
    person_mean = sum(person) / len(person)
    cosine = None
    if len(areas) >= 2:
        level_mean = sum(levels) / len(levels)
        # None when the person gave the same answer everywhere: no direction to compare.
        cosine = _cosine([p - person_mean for p in person], [x - level_mean for x in levels])
    if cosine is None:
        # The occupation's level in the answered areas against its own mean over all six,
        # counted for the person if they liked those areas, against them if not.
        own_mean = sum(occupation.riasec.values()) / len(AREAS)
        relative = sum(x - own_mean for x in levels) / len(levels) / 3.0
        cosine = max(-1.0, min(1.0, relative * (person_mean - 0.5) * 2))
    bonus = 0.0
    for weight, letter in zip(HIGH_POINT_WEIGHTS, occupation.high_point, strict=False):
        if letter in scores:
            bonus += weight * max(0.0, (scores[letter] - 0.5) * 2)
    bonus /= sum(HIGH_POINT_WEIGHTS)
    return W_COSINE * (cosine + 1) / 2 + W_HIGH_POINT * bonus


def _skill_fits(skills: Iterable[str]) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Fit (0-1) of the occupations the skills point to, and which skills point there."""
    best: dict[str, float] = {}
    pointing: dict[str, list[str]] = {}
    for skill_id in dict.fromkeys(skills):  # each skill once, in order
        skill = SKILLS.get(skill_id)
        if skill is None:
            continue
        for position, code in enumerate(skill.occupations):
            fit = max(SKILL_FIT_FLOOR, SKILL_FIT_FIRST - SKILL_FIT_STEP * position)
            best[code] = max(best.get(code, 0.0), fit)
            pointing.setdefault(code, []).append(skill_id)
    fits = {code: min(1.0, best[code] + SKILL_FIT_MORE * (len(pointing[code]) - 1))
            for code in best}
    return fits, pointing


def _reasons(occupation: Occupation, liked: list[str], skill_ids: list[str], titled: bool,
             constraints: Constraints) -> tuple[str, ...]:
    reasons: list[str] = []
    if titled:
        reasons.append(reason("title"))
    for skill_id in skill_ids[:2]:
        reasons.append(reason("skill", skill=translations.skill_label(skill_id).lower()))
    interest_words = catalog.table("assess", "interest_words")
    for letter in occupation.high_point[:2]:
        if letter in liked:
            reasons.append(reason("interest", area=interest_words[letter]))
    if occupation.code in LANGUAGE_OCCUPATIONS and len(constraints.languages) >= 2:
        reasons.append(reason("languages"))
    return tuple(reasons)


def _notes(occupation: Occupation, constraints: Constraints) -> tuple[str, ...]:
    notes: list[str] = []
    if occupation.background_check and constraints.record in RECORD_NOTE_FOR:
        notes.append(reason("note_record"))
    if occupation.driving and constraints.transport != "car":
        notes.append(reason("note_driving"))
    if (constraints.education in LOW_EDUCATION
            and occupation.education not in ("", "no diploma needed")):
        notes.append(reason("note_diploma"))
    return tuple(notes)


def rank(
    scores: Mapping[str, float] | None,
    skills: Iterable[str] = (),
    constraints: Constraints = Constraints(),
    *,
    max_zone: int = DEFAULT_MAX_ZONE,
    limit: int = 5,
    extra_occupations: Iterable[str] = (),
) -> list[Match]:
    """The best `limit` occupations for these interests, skills and constraints, best first.

    `scores` are area scores 0-1 (`interests.score`), or None when the questions were
    skipped; `skills` are skill ids (`skills.extract`); `extra_occupations` are O*NET-SOC
    codes of job titles the person named. See the module's docstring for the rules.
    """
    clean = _clean_scores(scores)
    skill_list = [s for s in dict.fromkeys(skills) if s in SKILLS]
    titled = {code for code in extra_occupations if isinstance(code, str)}
    fits, pointing = _skill_fits(skill_list)
    for code in titled:
        fits[code] = TITLE_FIT
    if limit <= 0 or (not clean and not fits):
        return []

    top = max_zone if isinstance(max_zone, int) else DEFAULT_MAX_ZONE
    zone_limit = effective_max_zone(top, constraints)
    liked = top_areas(clean) if clean else []
    liked = [area for area in liked if clean.get(area, 0.0) > 0.5]
    candidates = occupation_data.load().values() if clean else (
        occupation for code in fits if (occupation := occupation_data.get(code)) is not None)
    language = catalog.current()

    scored: list[tuple[float, str, Occupation]] = []
    for occupation in candidates:
        code = occupation.code
        if occupation.job_zone > zone_limit:
            continue
        if occupation.driving and constraints.transport in NO_DRIVING:
            continue
        if code in NOT_SUGGESTED and code not in titled:
            continue
        if not translations.has_words(code, language):  # never an English job in Spanish
            continue
        skill_fit = fits.get(code, 0.0)
        if clean and fits:
            value = W_INTEREST * interest_fit(clean, occupation) + W_SKILLS * skill_fit
        elif clean:
            value = interest_fit(clean, occupation)
        else:
            value = skill_fit
        if occupation.summary:
            value += COMMON_BONUS
        scored.append((round(min(1.0, value), 4), code, occupation))

    scored.sort(key=lambda item: (-item[0], item[1]))
    return [
        Match(
            occupation=occupation,
            score=value,
            reasons=_reasons(occupation, liked, pointing.get(code, []), code in titled,
                             constraints),
            notes=_notes(occupation, constraints),
        )
        for value, code, occupation in scored[:limit]
    ]
