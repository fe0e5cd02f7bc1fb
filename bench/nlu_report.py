"""The readable NLU report of `make eval`: reports/nlu_eval.md and reports/nlu_confusion.png.

bench/eval.py passes what it measured on the held-out sets: Rasa's intent report, every
(text, expected, predicted) intent of tests/nlu/heldout.yml, and the entity result of
bench/entity_eval.py. The confusion matrix is drawn with matplotlib's Agg backend (no
display needed); the cross-validation table of `make nlu-compare` is added when
reports/nlu_compare.json exists.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bench.entity_eval import FREE_TEXT_TYPES, Result
from bot.config import ROOT

MARKDOWN = ROOT / "reports" / "nlu_eval.md"
CONFUSION_PNG = ROOT / "reports" / "nlu_confusion.png"
COMPARE = ROOT / "reports" / "nlu_compare.json"

Row = tuple[str, str, str]  # (text, expected intent, predicted intent)
SUMMARY_KEYS = ("macro avg", "weighted avg", "micro avg", "accuracy")


def per_intent(report: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Rasa's intent report without its summary rows."""
    return {k: v for k, v in report.items()
            if isinstance(v, dict) and "f1-score" in v and k not in SUMMARY_KEYS}


def confused_pairs(rows: Sequence[Row]) -> list[tuple[tuple[str, str], int, list[str]]]:
    """(expected, predicted) pairs of the errors, most frequent first, with their texts."""
    texts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for text, expected, predicted in rows:
        if expected != predicted:
            texts[(expected, predicted)].append(text)
    counts = Counter({pair: len(found) for pair, found in texts.items()})
    return [(pair, count, texts[pair]) for pair, count in counts.most_common()]


def plot_confusion(rows: Sequence[Row], path: Path = CONFUSION_PNG) -> Path:
    """Held-out intents, expected (rows) x predicted (columns), counts; PNG at path."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    labels = sorted({expected for _, expected, _ in rows} | {p for _, _, p in rows})
    index = {label: i for i, label in enumerate(labels)}
    matrix = np.zeros((len(labels), len(labels)), dtype=int)
    for _, expected, predicted in rows:
        matrix[index[expected], index[predicted]] += 1
    totals = matrix.sum(axis=1, keepdims=True)
    share = np.divide(matrix, totals, out=np.zeros(matrix.shape), where=totals > 0)

    size = max(8.0, 0.28 * len(labels) + 3)
    fig, ax = plt.subplots(figsize=(size, size), dpi=110)
    ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    for i in range(len(labels)):
        for j in range(len(labels)):
            if matrix[i, j]:
                ax.text(j, i, str(matrix[i, j]), ha="center", va="center", fontsize=6,
                        color="white" if share[i, j] > 0.6 else ("firebrick" if i != j
                                                                 else "black"))
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.set_xlabel("predicted intent")
    ax.set_ylabel("expected intent (tests/nlu/heldout.yml)")
    correct = int(np.trace(matrix))
    ax.set_title(f"Held-out intents: {correct}/{int(matrix.sum())} correct; "
                 "off-diagonal counts in red", fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path


def _cv_table() -> list[str]:
    if not COMPARE.exists():
        return []
    data = json.loads(COMPARE.read_text(encoding="utf-8"))
    lines = ["", f"## Pipelines by cross-validation (`make nlu-compare`, {data.get('measured')})",
             "", f"{data['folds']}-fold cross-validation on data/nlu, the same folds for "
             "every configuration; mean ± standard deviation over the folds. "
             "See docs/nlu.md.", "",
             "| configuration | intent accuracy | intent macro-F1 | entity F1 | s / fold |",
             "|---|---|---|---|---|"]
    for name, r in data["configs"].items():
        def cell(key: str, r: Mapping[str, Any] = r) -> str:
            return f"{r[key]['mean']:.3f} ± {r[key]['std']:.3f}"
        lines.append(f"| {name} | {cell('intent_accuracy')} | {cell('intent_macro_f1')} | "
                     f"{cell('entity_f1')} | {r['fold_seconds']['mean']:.0f} |")
    return lines


def write_markdown(report: Mapping[str, Any], rows: Sequence[Row], entities: Result,
                   figures: Mapping[str, Any], path: Path = MARKDOWN,
                   confusion: Path | None = CONFUSION_PNG, cap: int = 25) -> Path:
    """reports/nlu_eval.md: intents, confused pairs, entities (and the CV table if any)."""
    intents = per_intent(report)
    macro = report.get("macro avg", {})
    weighted = report.get("weighted avg", {})
    lines = [
        "# NLU evaluation",
        "",
        f"Written by `make eval` (bench/eval.py) on {time.strftime('%Y-%m-%d %H:%M')} with "
        "models/current.tar.gz. The held-out sets are never trained on. How to read it: "
        "docs/nlu.md.",
        "",
        "## Intents (tests/nlu/heldout.yml)",
        "",
        f"- examples: {len(rows)}, intents: {len(intents)}",
        f"- accuracy: **{report.get('accuracy', 0):.3f}**",
        f"- macro-F1: **{macro.get('f1-score', 0):.3f}** (weighted F1 "
        f"{weighted.get('f1-score', 0):.3f})",
        "- as `rasa test nlu` does, a fallback is undone: the intent the classifier ranked "
        "first is judged (the crisis safety net's override counts)",
        "",
        "| intent | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    for name, row in sorted(intents.items(), key=lambda item: (item[1]["f1-score"], item[0])):
        lines.append(f"| {name} | {row['precision']:.3f} | {row['recall']:.3f} | "
                     f"{row['f1-score']:.3f} | {row['support']} |")
    pairs = confused_pairs(rows)
    lines += ["", "## Most confused intents", ""]
    if pairs:
        lines += ["| expected | predicted | count | examples |", "|---|---|---|---|"]
        for (expected, predicted), count, texts in pairs[:15]:
            shown = "; ".join(f"“{t}”" for t in texts[:3]).replace("|", "\\|")
            lines.append(f"| {expected} | {predicted} | {count} | {shown} |")
    else:
        lines.append("No held-out intent was confused.")
    if confusion is not None:
        lines += ["", f"Confusion matrix: [{confusion.name}]({confusion.name})"]

    micro = entities.row()
    lines += [
        "", "## Entities (tests/nlu/heldout.yml + tests/nlu/search_entities.yml)", "",
        f"Full trained pipeline (CRF tagger, synonyms, search-entity parser), "
        f"{entities.messages} messages; (entity, value) pairs per message, values "
        "normalised (bench/entity_eval.py). Free-text types "
        f"({', '.join(sorted(FREE_TEXT_TYPES))}) are scored in every message; other types "
        "only where annotated.", "",
        f"- micro precision **{micro['precision']:.3f}**, recall **{micro['recall']:.3f}**, "
        f"F1 **{micro['f1']:.3f}** ({micro['support']} annotated, "
        f"{micro['tp'] + micro['fp']} found)",
        "",
        "| entity | precision | recall | F1 | annotated | found |",
        "|---|---|---|---|---|---|",
    ]
    for entity in entities.types():
        row = entities.row(entity)
        lines.append(f"| {entity} | {row['precision']:.3f} | {row['recall']:.3f} | "
                     f"{row['f1']:.3f} | {row['support']} | {row['tp'] + row['fp']} |")
    for title, errors in (("Missed", entities.misses), ("False positives", entities.extras)):
        if not errors:
            continue
        lines += ["", f"{title} ({len(errors)}{f', first {cap}' if len(errors) > cap else ''}):",
                  "", "```"]
        lines += [line.strip() for line in errors[:cap]]
        lines.append("```")

    other = {k: v for k, v in figures.items() if k.startswith(("crisis", "search_entities"))}
    if other:
        lines += ["", "## Other NLU figures (reports/eval.json)", ""]
        lines += [f"- `{key}`: {value}" for key, value in sorted(other.items())]
    lines += _cv_table()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
