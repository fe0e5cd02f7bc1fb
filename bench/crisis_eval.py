"""Recall and false alarms of the crisis safety net on the evaluation lists.

Run from the repository root: `python bench/crisis_eval.py` (or with a list's path as
argument). For each list (`tests/eval/crisis.yml`, the tuning list, and
`tests/eval/crisis_fresh.yml`, never used for tuning) it prints the recall on `crisis:`,
the false-positive rate on `not_crisis:`, every miss and every false alarm, and the time
per message.

`evaluate(classify, path)` is the reusable part: another script can pass any
`text -> bool` (e.g. the full NLU pipeline) and get the same figures on the same lists.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

_REPO = str(Path(__file__).resolve().parent.parent)
if _REPO not in sys.path:  # `python bench/crisis_eval.py` without PYTHONPATH
    sys.path.insert(0, _REPO)

from bot.config import ROOT  # noqa: E402
from bot.safety.crisis import find_crisis  # noqa: E402

LISTS = (ROOT / "tests" / "eval" / "crisis.yml", ROOT / "tests" / "eval" / "crisis_fresh.yml")


def load(path: str | Path) -> tuple[list[str], list[str]]:
    """The `crisis:` and `not_crisis:` messages of an evaluation list."""
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    lists = []
    for key in ("crisis", "not_crisis"):
        items = data.get(key) or []
        odd = [item for item in items if not isinstance(item, str)]
        if odd:  # YAML reads a bare yes/no/on/off as a boolean: quote such messages
            raise ValueError(f"{path}: {key} holds non-text items {odd!r}; quote them")
        lists.append(items)
    return lists[0], lists[1]


def evaluate(classify: Callable[[str], bool], path: str | Path) -> dict[str, Any]:
    """Run classify on every message of the list at path.

    Returns {"recall", "false_positive_rate", "misses", "false_alarms", "n_crisis",
    "n_not_crisis", "seconds_per_message"}; misses are crisis messages classify said False
    to, false alarms are ordinary messages it said True to.
    """
    crisis, not_crisis = load(path)
    started = time.perf_counter()
    misses = [text for text in crisis if not classify(text)]
    false_alarms = [text for text in not_crisis if classify(text)]
    elapsed = time.perf_counter() - started
    total = len(crisis) + len(not_crisis)
    return {
        "recall": (len(crisis) - len(misses)) / len(crisis) if crisis else 1.0,
        "false_positive_rate": len(false_alarms) / len(not_crisis) if not_crisis else 0.0,
        "misses": misses,
        "false_alarms": false_alarms,
        "n_crisis": len(crisis),
        "n_not_crisis": len(not_crisis),
        "seconds_per_message": elapsed / total if total else 0.0,
    }


def pipeline_figures(parse: Callable[[str], dict[str, Any]], paths: Iterable[Path] = LISTS,
                     prefix: str = "") -> dict[str, float]:
    """Recall and false alarms of the full pipeline (model + safety net) on crisis lists,
    printed with every miss; figures are named `<prefix><file stem>_recall` and so on.

    parse: the loaded model's parse function (bench/entity_eval.pipeline)."""
    def answer(text: str) -> str:
        return parse(text)["intent"]["name"]

    figures: dict[str, float] = {}
    for path in paths:
        key = f"{prefix}{path.stem}"
        # Help: the full crisis resources, or the safety check (911 and hotline in one line).
        helped = evaluate(lambda t: answer(t) in ("crisis", "crisis_check"), path)
        alarm = evaluate(lambda t: answer(t) == "crisis", path)
        print(f"\nCrisis detection, full pipeline, {path.relative_to(ROOT)}:")
        print(f"  recall (resources or safety check) {helped['recall']:.3f}; "
              f"full-alarm recall {alarm['recall']:.3f}")
        print(f"  false alarms (full resources) {alarm['false_positive_rate']:.3f}; "
              f"safety check or alarm on ordinary messages {helped['false_positive_rate']:.3f}")
        for text in helped["misses"]:
            print(f"  missed: {text}")
        for text in alarm["false_alarms"]:
            print(f"  false alarm: {text}")
        figures[f"{key}_recall"] = round(helped["recall"], 3)
        figures[f"{key}_false_positive_rate"] = round(alarm["false_positive_rate"], 3)
        figures[f"{key}_check_or_alarm_rate"] = round(helped["false_positive_rate"], 3)
    return figures


def _net(text: str) -> bool:
    return find_crisis(text) is not None


def report(path: Path, result: dict[str, Any]) -> str:
    """A readable summary of one list's result."""
    lines = [
        f"== {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}",
        f"recall               {result['recall']:.3f}  "
        f"({result['n_crisis'] - len(result['misses'])}/{result['n_crisis']})",
        f"false-positive rate  {result['false_positive_rate']:.3f}  "
        f"({len(result['false_alarms'])}/{result['n_not_crisis']})",
        f"time per message     {result['seconds_per_message'] * 1000:.3f} ms",
    ]
    lines += [f"  miss:        {text!r}" for text in result["misses"]]
    for text in result["false_alarms"]:
        found = find_crisis(text)
        why = f"  [{found.category}: {found.matched!r}]" if found else ""
        lines.append(f"  false alarm: {text!r}{why}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    paths = [Path(arg).resolve() for arg in argv] or [p for p in LISTS if p.exists()]
    find_crisis("warm up")  # load the tokenizer once, outside the timing
    for path in paths:
        print(report(path, evaluate(_net, path)))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
