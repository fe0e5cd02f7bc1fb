"""Figures of the skills-and-jobs and program-search replies, for `make eval`.

- How long a full assessment takes: the number of taps (every question answered) and an
  estimate in minutes: reading each question at 150 words a minute (a slow phone reader)
  plus 1.5 s to find and tap the button. Target: under 5 minutes. Reading the result
  afterwards is counted apart (`assessment_result_minutes_est`).
- Reading grade (Flesch-Kincaid) of every text these features send: the catalogs
  (data/catalog/texts/assess, programs), the interest statements, the plain job lines,
  and replies generated for typical answers (a result, a job in detail, the profile,
  result cards and program details for the sample catalog). The same for talking to a
  person (data/catalog/texts/handoff and the replies built from it).
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

_REPO = str(Path(__file__).resolve().parent.parent)
if _REPO not in sys.path:  # `python bench/assessment_figures.py` without PYTHONPATH
    sys.path.insert(0, _REPO)

from bot import catalog  # noqa: E402
from bot.config import ROOT  # noqa: E402
from bot.domain_info import pick  # noqa: E402
from bot.readability import grade  # noqa: E402

SECONDS_PER_TAP = 1.5
WORDS_PER_MINUTE = 150.0


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def full_round() -> dict[str, float]:
    """Taps and estimated minutes for a person who answers every question."""
    from actions.assessment import _matches
    from bot.assess import flow, present

    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    data = flow.new_state()
    step, taps, words = flow.first_step(data), 0, 0
    while step is not None:
        if flow.is_item(step):
            text = present.item_question(step).text
            data = flow.record_answer(step, 3, data)
        elif step == flow.EXPERIENCE:
            text = present.experience_question().text
            data = flow.record_answer(step, "x", data, (["cooking"], []))
        elif step == flow.CONFIRM:
            text = present.confirm_question(data).text
        else:
            text = pick(domain["responses"][f"utter_ask_assess_{step}"], "en")["text"]
            data = flow.record_answer(step, flow.VALUES[step][0], data)
        taps += 1
        words += len(text.split())
        step = flow.following_step(step, data)
    profile = flow.profile_of(data)
    shown = replace(flow.AssessState.from_profile(profile), answers=data.answers,
                    parts=data.parts)
    result = present.result(shown, _matches(profile))
    result_words = sum(len(reply.text.split()) for reply in result)
    minutes = (taps * SECONDS_PER_TAP) / 60 + words / WORDS_PER_MINUTE
    print(f"Full assessment: {taps} taps, {words} words of questions, about {minutes:.1f} "
          f"minutes; then a result of {result_words} words "
          f"({result_words / WORDS_PER_MINUTE:.1f} minutes to read)")
    return {"assessment_taps": taps, "assessment_minutes_est": round(minutes, 2),
            "assessment_result_minutes_est": round(result_words / WORDS_PER_MINUTE, 2)}


def _catalog(area: str) -> dict[str, str]:
    """One area's English sentences in the text catalog (placeholders left as words)."""
    texts = {}
    for index, value in enumerate(_strings(catalog.contents(area))):
        # Short labels ("no Social Security number needed") are parts of sentences and are
        # graded there, in the generated cards and details.
        if len(value.split()) > 5:
            texts[f"catalog:{area}[{index}]"] = value.replace("{", "").replace("}", "")
    return texts


def _generated_texts() -> dict[str, str]:
    from actions.assessment import _matches
    from bot.assess import flow, present
    from bot.assess.interests import ITEMS
    from bot.assess.occupations import load

    texts = _catalog("assess")
    for item in ITEMS:
        texts[f"item:{item.id}"] = item.text
    profiles = [
        {"scores": {"S": 0.9, "C": 0.8, "R": 0.2}, "skills": ["childcare", "cash_handling"],
         "titles": [], "constraints": {"hours": "part", "record": "unsure"}, "max_zone": 3},
        {"scores": {"R": 0.9, "I": 0.6}, "skills": ["cooking"], "titles": [],
         "constraints": {"transport": "none"}, "max_zone": 3},
    ]
    for n, profile in enumerate(profiles):
        matches = _matches(profile)
        for i, reply in enumerate(present.result(
                replace(flow.AssessState.from_profile(profile), parts=()), matches)):
            texts[f"result{n}[{i}]"] = reply.text
        for match in matches:
            texts[f"more:{match.occupation.code}"] = present.more_about(match.occupation).text
        texts[f"profile{n}"] = present.profile_view(profile).text
    for code, occupation in load().items():
        if occupation.job_zone <= 3:
            texts[f"job:{code}"] = f"{occupation.summary} {occupation.prep}"
    return texts


def _program_texts() -> dict[str, str]:
    """Result cards and details for the sample catalog, loaded into a temporary database."""
    import tempfile

    from bot.db.migrate import upgrade
    from bot.db.session import session_factory
    from bot.programs import present
    from bot.programs.search import search
    from bot.programs.search_query import Query
    from bot.programs.seed import load_sample

    texts = _catalog("programs")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/app.db"
        upgrade(url)
        factory = session_factory(url)
        with factory.begin() as session:
            load_sample(session)
        today = dt.date.today()
        with factory() as session:
            for n, query in enumerate([Query(keywords=("cooking",), zip="30303"),
                                       Query(online_only=True, language="es"),
                                       Query(city="Houston", state="TX", max_cost=0)]):
                result = search(session, query, today=today, limit=3)
                for i, reply in enumerate(present.results(result, 0)):
                    texts[f"cards{n}[{i}]"] = reply.text
                for hit in result.hits:
                    texts[f"details:{hit.program.key}"] = present.details(hit.program, today).text
    return texts


def _handoff_texts() -> dict[str, str]:
    """The handoff catalog and the replies built from it, for a person with something
    saved and for one with nothing, on duty and after hours."""
    from bot.handoff import present
    from bot.handoff.summary import Summary

    texts = _catalog("handoff")
    full = Summary(profile=["x"], programs=["a", "b"], relief_places=["Georgia"],
                   relief=["y"])
    messages = [*present.intro("our partner organisation", "Monday to Friday, 9 am to 5 pm",
                               on_duty=True),
                *present.intro("our partner organisation", "Monday to Friday, 9 am to 5 pm",
                               on_duty=False),
                present.share_choice(full), present.share_choice(Summary()),
                *(present.chosen(share, full) for share in ("none", "summary", "full")),
                present.sent(2, 15, next_shift=False), present.sent(1, None, next_shift=True),
                present.waiting(3, 1, next_shift=False), present.active(),
                present.no_request()]
    for index, reply in enumerate(messages):
        texts[f"handoff[{index}]"] = reply.text
    return texts


def reading() -> dict[str, float]:
    """Reading grade of every text these features send; print those above grade 6."""
    figures: dict[str, float] = {}
    for name, texts in (("assess", _generated_texts()), ("programs", _program_texts()),
                        ("handoff", _handoff_texts())):
        grades = {key: grade(text) for key, text in texts.items() if text.strip()}
        print(f"\nReading grade of {name} texts ({len(grades)}); above 6:")
        for key, level in sorted(grades.items(), key=lambda item: -item[1])[:15]:
            if level > 6:
                print(f"  {level:5.1f}  {key}")
        mean, top = statistics.mean(grades.values()), max(grades.values())
        print(f"{name}: mean grade {mean:.1f}, max {top:.1f}")
        figures[f"{name}_reading_grade_mean"] = round(mean, 1)
        figures[f"{name}_reading_grade_max"] = round(top, 1)
    return figures


def figures() -> dict[str, float]:
    """Every figure of this module."""
    return {**full_round(), **reading()}


if __name__ == "__main__":
    from bench.common import merge_report

    values = figures()
    merge_report(ROOT / "reports" / "eval.json", values)
    print(values)
