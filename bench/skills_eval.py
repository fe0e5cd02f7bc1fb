"""Precision and recall of skill extraction on the held-out list `tests/eval/skills.yml`.

Run from the repository root: `python bench/skills_eval.py` (or with a list's path as
argument). Every item is a free-text description of past work with its gold skill ids; the
figures are micro-averaged over skill ids (each found id is right or wrong, each gold id is
found or missed). It prints every item with a miss or a wrong skill, the time per message,
and merges `skills_precision`, `skills_recall` and `skills_f1` (the whole list) into
reports/eval.json, plus `skills_fresh_precision` and `skills_fresh_recall`: the items marked
`set: fresh`, never used to tune the vocabulary, so the least flattering, most honest figure.

`evaluate(path)` returns the three figures without writing anything, for other scripts.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import yaml

_REPO = str(Path(__file__).resolve().parent.parent)
if _REPO not in sys.path:  # `python bench/skills_eval.py` without PYTHONPATH
    sys.path.insert(0, _REPO)

from bench.common import merge_report  # noqa: E402
from bot.assess.skills import SKILLS, extract, warm_up  # noqa: E402
from bot.config import ROOT  # noqa: E402

LIST = ROOT / "tests" / "eval" / "skills.yml"
REPORT = ROOT / "reports" / "eval.json"


def load(path: str | Path = LIST) -> list[tuple[str, tuple[str, ...], str]]:
    """(text, gold skill ids, set name) of every item; unknown ids are an error in the list."""
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    items = []
    for raw in data.get("items") or []:
        text, gold = raw.get("text"), tuple(raw.get("skills") or ())
        if not isinstance(text, str):
            raise ValueError(f"{path}: item text {text!r} is not a string; quote it")
        unknown = [skill for skill in gold if skill not in SKILLS]
        if unknown:
            raise ValueError(f"{path}: {text!r} names unknown skills {unknown}")
        items.append((text, gold, str(raw.get("set") or "tuning")))
    return items


def _scores(right: int, found: int, wanted: int) -> tuple[float, float, float]:
    precision = right / found if found else 1.0
    recall = right / wanted if wanted else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _run(path: str | Path) -> dict[str, Any]:
    items = load(path)
    warm_up()
    counts: dict[str, list[int]] = {}  # set name -> [right, found, wanted, items]
    misses: list[tuple[str, list[str], list[str], str]] = []
    started = time.perf_counter()
    for text, gold, name in items:
        got = set(extract(text).skills)
        expected = set(gold)
        for key in ("all", name):
            row = counts.setdefault(key, [0, 0, 0, 0])
            row[0] += len(got & expected)
            row[1] += len(got)
            row[2] += len(expected)
            row[3] += 1
        if got != expected:
            misses.append((text, sorted(expected - got), sorted(got - expected), name))
    elapsed = time.perf_counter() - started
    precision, recall, f1 = _scores(*counts.get("all", [0, 0, 0, 0])[:3])
    figures = {"skills_precision": precision, "skills_recall": recall, "skills_f1": f1}
    if "fresh" in counts:
        fresh_p, fresh_r, _f = _scores(*counts["fresh"][:3])
        figures.update(skills_fresh_precision=fresh_p, skills_fresh_recall=fresh_r)
    return {
        "figures": figures,
        "by_set": {name: (*_scores(*row[:3]), row[3]) for name, row in counts.items()},
        "misses": misses,
        "n_items": len(items),
        "seconds_per_message": elapsed / len(items) if items else 0.0,
    }


def evaluate(path: str | Path = LIST) -> dict[str, float]:
    """{"skills_precision", "skills_recall", "skills_f1"}, micro-averaged over skill ids.

    When the list marks items `set: fresh`, also "skills_fresh_precision" and
    "skills_fresh_recall" for those items alone.
    """
    return _run(path)["figures"]


def main(argv: list[str]) -> int:
    path = Path(argv[0]).resolve() if argv else LIST
    result = _run(path)
    figures = result["figures"]
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"== {name} ({result['n_items']} items)")
    for text, missed, wrong, set_name in result["misses"]:
        print(f"  {text!r}" + ("  [fresh]" if set_name == "fresh" else ""))
        if missed:
            print(f"      missed: {', '.join(missed)}")
        if wrong:
            print(f"      wrong:  {', '.join(wrong)}")
    print(f"{'set':<8} {'items':>5} {'precision':>9} {'recall':>7} {'f1':>6}")
    for set_name, (p, r, f, n) in sorted(result["by_set"].items()):
        print(f"{set_name:<8} {n:>5} {p:>9.3f} {r:>7.3f} {f:>6.3f}")
    print(f"time per message {result['seconds_per_message'] * 1000:.2f} ms")
    if path == LIST:
        merge_report(REPORT, figures)
        print(f"merged into {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
