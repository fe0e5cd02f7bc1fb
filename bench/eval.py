"""`make eval`: quality figures of the trained assistant, printed and merged into reports/eval.json.

- Intent understanding on the held-out set `tests/nlu/heldout.yml` (examples never used in
  training): accuracy, macro-F1, per-intent F1 and the most confused pairs; the confusion
  matrix is drawn to reports/nlu_confusion.png and everything NLU is summed up in
  reports/nlu_eval.md (bench/nlu_report.py).
- Entities of the full trained pipeline on both held-out sets (bench/entity_eval.py):
  `entity_precision`, `entity_recall`, `entity_f1` (micro over all types), per type printed.
- Crisis detection of the whole NLU pipeline (classifier + deterministic safety net) on the
  crisis evaluation lists (tests/eval/crisis.yml, and crisis_fresh.yml never used to tune):
  recall and false-positive rate, with every miss printed.
- Reading grade (Flesch-Kincaid, textstat) of every reply the assistant can send: the
  responses in domain.yml and the bridge's catalog texts; and of every message the
  record-relief flow generates (bench/relief_readability.py).
- Skills understood from free text (bench/skills_eval.py, tests/eval/skills.yml):
  `skills_precision`, `skills_recall`.
- Program-search entities of the full trained pipeline on held-out requests
  (bench/search_entities_eval.py, tests/nlu/search_entities.yml):
  `search_entities_precision`, `search_entities_recall`, per entity printed.
- Spanish (bench/spanish_eval.py): held-out intents and entities, the crisis lists, skills,
  the language detector on short phone messages, and `translation_missing`.
- The assessment's length (taps, estimated minutes) and the reading grade of every
  skills-and-jobs, program-search and talking-to-a-person text
  (bench/assessment_figures.py).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

_REPO = str(Path(__file__).resolve().parent.parent)
if _REPO not in sys.path:  # `python bench/eval.py` without PYTHONPATH
    sys.path.insert(0, _REPO)

from bench.common import merge_report  # noqa: E402
from bench.nlu_report import Row  # noqa: E402
from bot import catalog  # noqa: E402
from bot.config import ROOT  # noqa: E402
from bot.domain_info import responses, variation_language  # noqa: E402
from bot.readability import grade  # noqa: E402

REPORT = ROOT / "reports" / "eval.json"
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
MODEL = ROOT / "models" / "current.tar.gz"


def heldout_intents() -> tuple[dict[str, Any], list[Row]]:
    """Run `rasa test nlu` on the held-out set: its intent report and every
    (text, expected, predicted) intent."""
    with tempfile.TemporaryDirectory() as out:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2"}
        result = subprocess.run(
            [sys.executable, "-m", "rasa", "test", "nlu", "--nlu", str(HELDOUT),
             "--model", str(MODEL), "--out", out, "--successes", "--no-plot"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200,
        )
        if result.returncode != 0:
            print(result.stdout[-3000:], result.stderr[-3000:], file=sys.stderr)
            raise SystemExit("rasa test nlu failed")
        report = json.loads((Path(out) / "intent_report.json").read_text())
        rows = []
        for name in ("intent_successes.json", "intent_errors.json"):
            path = Path(out) / name
            for item in json.loads(path.read_text()) if path.exists() else []:
                rows.append((item["text"], item["intent"], item["intent_prediction"]["name"]))
    return report, rows


def nlu_heldout(report: dict[str, Any], rows: list[Row]) -> dict[str, float]:
    """Print and return the held-out intent figures; draw the confusion matrix."""
    from bench.nlu_report import per_intent, plot_confusion

    intents = per_intent(report)
    print("Held-out intents (tests/nlu/heldout.yml)")
    print(f"{'intent':<18} {'f1':>6} {'support':>8}")
    for name, row in sorted(intents.items(), key=lambda item: item[1]["f1-score"]):
        print(f"{name:<18} {row['f1-score']:>6.3f} {row['support']:>8}")
    pairs = Counter((expected, predicted) for _, expected, predicted in rows
                    if expected != predicted)
    if pairs:
        print("Most confused (expected -> predicted):")
        for (expected, predicted), count in pairs.most_common(8):
            print(f"  {expected} -> {predicted}: {count}")
    accuracy = float(report.get("accuracy", 0.0))
    macro = float(report["macro avg"]["f1-score"])
    print(f"intent accuracy {accuracy:.3f}, macro-F1 {macro:.3f}")
    print(f"confusion matrix: {plot_confusion(rows).relative_to(ROOT)}")
    return {"intent_accuracy": round(accuracy, 3), "intent_macro_f1": round(macro, 3)}


def reply_texts(language: str = catalog.DEFAULT_LANGUAGE) -> dict[str, str]:
    """Every text the assistant can send in one language: domain.yml's variations for it
    and the bridge's own texts, by where they come from."""
    texts = {}
    for name, variants in responses().items():
        for index, variant in enumerate(variants):
            of = variation_language(variant) or catalog.DEFAULT_LANGUAGE
            if variant.get("text") and of == language:
                texts[f"{name}[{index}]"] = variant["text"]
    for key, value in catalog.contents("messages", language).items():
        if isinstance(value, str) and not key.startswith("terminal_"):
            texts[f"{language}:{key}"] = value
    return texts


def _catalog_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _catalog_strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _catalog_strings(item)]
    return []


SENTENCE_WORDS = 8  # a text this long is read as a sentence


def _assessment_texts(language: str) -> dict[str, str]:
    """The assessment's own words in a language: statements, labels, occupation lines."""
    from bot.assess import translations

    data = translations._file(language)
    found = {f"assess-words/items/{key}": str(v) for key, v in data.get("items", {}).items()}
    for code, entry in data.get("occupations", {}).items():
        for field in ("summary", "prep"):
            found[f"assess-words/{code}/{field}"] = str(entry.get(field, ""))
    return found


def _area(name: str) -> str:
    """The part of the assistant a text belongs to, from its name."""
    if name.startswith("utter_") or name.startswith("es:"):
        return "replies"
    return name.split("/")[0].split("[")[0]


def spanish_reading_ease() -> dict[str, float]:
    """Fernández-Huerta reading ease (textstat, Spanish: 206.84 − 60 × syllables per word −
    1.02 × words per sentence) of every Spanish text: the responses' Spanish variations,
    every sentence of the Spanish catalog and the assessment's Spanish words (statements,
    occupation lines); placeholders read as "algo". On its scale 80-90 is "easy", 70-80
    "fairly easy", 60-70 "normal".

    The formula is made for passages: on a three-word button ("Habilidades y trabajos":
    23.8) it says nothing. So `es_reading_ease_mean` / `es_reading_ease_min` are over each
    part of the assistant read as one passage (its texts in a row, each a sentence);
    `es_reading_ease_sentence_min` and `es_reading_ease_sentences_below_60` are over the
    single texts of 8 words or more, the strictest view."""
    import re

    import textstat

    textstat.set_lang("es")
    texts = dict(reply_texts("es"))
    for area in catalog.areas():
        if "es" in catalog.languages(area) and area not in ("languages", "switching"):
            for index, text in enumerate(_catalog_strings(catalog.contents(area, "es"))):
                texts[f"{area}/es[{index}]"] = text
    texts.update(_assessment_texts("es"))
    sentences: dict[str, float] = {}
    passages: dict[str, list[str]] = {}
    for name, text in texts.items():
        plain = re.sub(r"\{[^}]*\}", "algo", text).strip()
        if not plain:
            continue
        if len(plain.split()) >= SENTENCE_WORDS:
            sentences[name] = float(textstat.fernandez_huerta(plain))
        passages.setdefault(_area(name), []).append(plain.rstrip(".:!?…") + ".")
    areas = {area: float(textstat.fernandez_huerta(" ".join(lines)))
             for area, lines in passages.items()}
    textstat.set_lang("en_US")
    if not areas:
        return {}
    print("\nSpanish reading ease (Fernández-Huerta), each part read as one passage:")
    for area, score in sorted(areas.items(), key=lambda item: item[1]):
        print(f"  {score:6.1f}  {area} ({len(passages[area])} texts)")
    hard = sorted((score, name) for name, score in sentences.items() if score < 60)
    print(f"Single texts of {SENTENCE_WORDS}+ words below 60 (\"normal\"): {len(hard)} "
          f"of {len(sentences)}")
    for score, name in hard[:15]:
        print(f"  {score:6.1f}  {name}: {texts[name][:80]!r}")
    mean = statistics.mean(areas.values())
    return {"es_reading_ease_mean": round(mean, 1),
            "es_reading_ease_min": round(min(areas.values()), 1),
            "es_reading_ease_sentence_min": round(min(sentences.values()), 1),
            "es_reading_ease_sentences_below_60": len(hard)}


def reading_grades() -> dict[str, float]:
    """Flesch-Kincaid grade of every reply; print those above grade 6."""
    grades = {name: grade(text) for name, text in reply_texts().items()}
    print("\nReading grade (Flesch-Kincaid) of every reply; above 6:")
    for name, level in sorted(grades.items(), key=lambda item: -item[1]):
        if level > 6:
            print(f"  {level:5.1f}  {name}")
    mean, top = statistics.mean(grades.values()), max(grades.values())
    print(f"{len(grades)} replies: mean grade {mean:.1f}, max {top:.1f}")
    return {"reading_grade_mean": round(mean, 1), "reading_grade_max": round(top, 1)}


def main() -> int:
    """Compute every figure, print them and merge them into reports/eval.json."""
    if not MODEL.is_file():
        print("No trained model: run `make train` first.", file=sys.stderr)
        return 2
    from bench import entity_eval
    from bench.assessment_figures import figures as assessment_figures
    from bench.crisis_eval import pipeline_figures as crisis_figures
    from bench.nlu_report import write_markdown
    from bench.relief_readability import figures as relief_figures
    from bench.search_entities_eval import evaluate as search_entities
    from bench.skills_eval import evaluate as skills
    from bench.spanish_eval import figures as spanish_figures

    report, rows = heldout_intents()
    figures = nlu_heldout(report, rows)
    # One loaded model for every figure of the full pipeline; a text is parsed once.
    with entity_eval.pipeline(MODEL) as parse_uncached:
        cache: dict[str, dict[str, Any]] = {}

        def parse(text: str) -> dict[str, Any]:
            if text not in cache:
                cache[text] = parse_uncached(text)
            return cache[text]

        figures.update(crisis_figures(parse))
        entities = entity_eval.run(MODEL, parse)
        figures.update(entity_eval.figures(entities))
        figures.update(search_entities(MODEL, parse))
        figures.update(spanish_figures(parse))
    figures.update({**reading_grades(), **relief_figures(), **skills(), **assessment_figures()})
    figures.update(spanish_reading_ease())
    merge_report(REPORT, figures)
    print(f"\nwritten to {REPORT.relative_to(ROOT)}: {json.dumps(figures)}")
    markdown = write_markdown(report, rows, entities, figures)
    print(f"NLU report: {markdown.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
