"""Reading grade of every record-relief message the assistant can generate.

Run from the repository root: `python bench/relief_readability.py`. For all 52 relief
entries it generates the explanations for a few screener answer sets (every answer skipped,
typical and hard cases) and the direct "can I clear my record in X?" summary, plus the
glossary, and prints the Flesch-Kincaid grade (bot/readability.py, offline) of every
distinct message, then the mean and the max. Each message is graded as a person reads it:
without its citation lines ("Law: ..."), which are the law's own names, and with each web
or e-mail address read as one word (`bot.relief.explain.reading_text`).

The figures `relief_reading_grade_mean` and `relief_reading_grade_max` are merged into
reports/eval.json; `figures()` returns them without printing, for bench/eval.py.
"""

from __future__ import annotations

import statistics
import sys
from datetime import date
from pathlib import Path

_REPO = str(Path(__file__).resolve().parent.parent)
if _REPO not in sys.path:  # `python bench/relief_readability.py` without PYTHONPATH
    sys.path.insert(0, _REPO)

from bench.common import merge_report  # noqa: E402
from bot.config import ROOT  # noqa: E402
from bot.readability import grade  # noqa: E402
from bot.relief.explain import (  # noqa: E402
    GLOSSARY_TERMS,
    explain,
    glossary,
    reading_text,
    state_summary,
)
from bot.relief.knowledge import load_entries  # noqa: E402
from bot.relief.screening import screen  # noqa: E402
from bot.relief.terms import Answers, OffenseKind, RecordKind, YesNo  # noqa: E402

REPORT = ROOT / "reports" / "eval.json"
# Fixed days, so the figures do not change with the calendar: the entries' review date, and
# a day over a year later (which adds the "laws change, please check" note).
TODAY = date(2026, 11, 29)
DAYS = (TODAY, date(2028, 3, 1))

# (record, offense, trafficking_related, juvenile, sentence_done); None = skipped.
ANSWER_SETS: tuple[
    tuple[RecordKind | None, OffenseKind | None, YesNo | None, YesNo | None, YesNo | None], ...
] = (
    (None, None, None, None, None),
    (RecordKind.CONVICTION, OffenseKind.PROSTITUTION, YesNo.YES, YesNo.NO, YesNo.YES),
    (RecordKind.BOTH, OffenseKind.THEFT, YesNo.YES, YesNo.UNSURE, YesNo.NO),
    (RecordKind.CONVICTION, OffenseKind.VIOLENT, YesNo.YES, YesNo.YES, YesNo.NO),
    (RecordKind.ARREST, OffenseKind.DRUG_POSSESSION, YesNo.NO, YesNo.NO, None),
    (RecordKind.UNSURE, OffenseKind.UNSURE, YesNo.UNSURE, YesNo.UNSURE, YesNo.UNSURE),
    (RecordKind.CONVICTION, OffenseKind.OTHER_NONVIOLENT, YesNo.YES, None, YesNo.NO),
)


def answer_sets(code: str) -> list[Answers]:
    """The screener answer sets used for one jurisdiction."""
    return [
        Answers(code, record, offense, related, juvenile, done)
        for record, offense, related, juvenile, done in ANSWER_SETS
    ]


def messages(days: tuple[date, ...] = DAYS) -> list[str]:
    """Every distinct message the relief flow generates, in a stable order."""
    seen: dict[str, None] = {}
    for code, entry in load_entries().items():
        for today in days:
            for answers in answer_sets(code):
                for message in explain(screen(answers, entry, today), today):
                    seen.setdefault(message)
            for message in state_summary(entry, today):
                seen.setdefault(message)
    for term in GLOSSARY_TERMS:
        seen.setdefault(glossary(term))
    return list(seen)


def grades(days: tuple[date, ...] = DAYS) -> dict[str, float]:
    """The reading grade of each distinct message, as a person reads it."""
    return {message: grade(reading_text(message)) for message in messages(days)}


def figures() -> dict[str, float]:
    """{"relief_reading_grade_mean", "relief_reading_grade_max"}, rounded to 0.1."""
    values = list(grades().values())
    return {
        "relief_reading_grade_mean": round(statistics.mean(values), 1),
        "relief_reading_grade_max": round(max(values), 1),
    }


def main() -> int:
    """Print every message's grade (hardest first), the mean and max; merge the figures."""
    graded = grades()
    for message, level in sorted(graded.items(), key=lambda item: -item[1]):
        first = message.splitlines()[0][:70]
        print(f"{level:5.1f}  {len(message):4d} chars  {first}")
    values = list(graded.values())
    result = {
        "relief_reading_grade_mean": round(statistics.mean(values), 1),
        "relief_reading_grade_max": round(max(values), 1),
    }
    print(
        f"\n{len(values)} distinct messages: mean grade {result['relief_reading_grade_mean']}, "
        f"max {result['relief_reading_grade_max']}"
    )
    merge_report(REPORT, result)
    print(f"merged into {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
