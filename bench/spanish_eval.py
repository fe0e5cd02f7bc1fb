"""The Spanish figures of `make eval` (issue 17), over sets never used in training.

- `es_intent_macro_f1`, `es_intent_accuracy`: the full pipeline on tests/nlu/es/heldout.yml
  (written from personas, apart from data/nlu/es/): macro-F1 over the intents of the set and
  those predicted, as `rasa test nlu` counts it.
- `es_entity_f1` (with precision and recall): entities of the same set plus
  tests/nlu/es/search_entities.yml, scored like bench/entity_eval.py (canonical values).
- `es_crisis_recall`, `es_crisis_false_positive_rate`: tests/eval/es/crisis.yml, the list the
  Spanish crisis net was tuned on (optimistic); `es_crisis_fresh_*`: tests/eval/es/
  crisis_fresh.yml, written apart and never tuned on. Recall counts the full resources or the
  safety check; false positives count the full alarm, as for English.
- `es_skills_precision`, `es_skills_recall`: bot.assess.skills on tests/eval/es/skills.yml.
- `language_detect_accuracy`: bot.language.choose on tests/eval/language_detect.yml (short
  phone messages, Spanish, English, Spanglish, with the language so far). Its misses were
  read and the detector was improved on them: this figure is optimistic.
  `language_detect_fresh_accuracy`: tests/eval/language_detect_fresh.yml, written later by
  conversation moment by a writer who saw only the labelling rules; its misses are never
  printed (only their number), so it cannot be tuned on.
- `translation_missing`: catalog keys, response variations and training examples missing for
  any supported language (bot.language.coverage); must be 0.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from bot.config import ROOT

ES_HELDOUT = ROOT / "tests" / "nlu" / "es" / "heldout.yml"
ES_SEARCH = ROOT / "tests" / "nlu" / "es" / "search_entities.yml"
ES_CRISIS = ROOT / "tests" / "eval" / "es" / "crisis.yml"
ES_CRISIS_FRESH = ROOT / "tests" / "eval" / "es" / "crisis_fresh.yml"
ES_SKILLS = ROOT / "tests" / "eval" / "es" / "skills.yml"
LANGUAGE_DETECT = ROOT / "tests" / "eval" / "language_detect.yml"
LANGUAGE_DETECT_FRESH = ROOT / "tests" / "eval" / "language_detect_fresh.yml"


def intents(parse: Callable[[str], dict[str, Any]]) -> dict[str, float]:
    """Held-out Spanish intents: accuracy and macro-F1, with the weakest intents printed."""
    from sklearn.metrics import f1_score

    from bench.entity_eval import load_examples

    examples = load_examples([ES_HELDOUT])
    gold = [x.intent for x in examples]
    predicted = [parse(x.text)["intent"]["name"] for x in examples]
    labels = sorted(set(gold) | set(predicted))
    macro = float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0))
    per = f1_score(gold, predicted, labels=labels, average=None, zero_division=0)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    print(f"\nSpanish held-out intents ({ES_HELDOUT.relative_to(ROOT)}, {len(gold)} examples): "
          f"accuracy {accuracy:.3f}, macro-F1 {macro:.3f}")
    for label, f1 in sorted(zip(labels, per, strict=True), key=lambda item: item[1])[:8]:
        print(f"  {label:<20} {f1:.3f}")
    return {"es_intent_accuracy": round(accuracy, 3), "es_intent_macro_f1": round(macro, 3)}


def entities(parse: Callable[[str], dict[str, Any]]) -> dict[str, float]:
    """Spanish entities of the full pipeline on both Spanish held-out sets."""
    from bench import entity_eval

    examples = entity_eval.load_examples([ES_HELDOUT, ES_SEARCH])
    result = entity_eval.run(entity_eval.MODEL, parse, examples,
                             "tests/nlu/es/heldout.yml + tests/nlu/es/search_entities.yml")
    return {f"es_{key}": value for key, value in entity_eval.figures(result).items()}


def crisis(parse: Callable[[str], dict[str, Any]]) -> dict[str, float]:
    """Spanish crisis recall and false alarms of the full pipeline, counted as for English."""
    from bench.crisis_eval import pipeline_figures

    return pipeline_figures(parse, (ES_CRISIS, ES_CRISIS_FRESH), prefix="es_")


def skills() -> dict[str, float]:
    """Skills from Spanish descriptions of past work."""
    from bench.skills_eval import evaluate

    figures = evaluate(ES_SKILLS)
    return {"es_skills_precision": figures["skills_precision"],
            "es_skills_recall": figures["skills_recall"]}


def _detect_misses(path: Any) -> tuple[list[dict[str, Any]], int]:
    from bot.language.choose import choose

    items = yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
    wrong = [item for item in items
             if choose(str(item["text"]), item.get("previous")).language != item["expected"]]
    return wrong, len(items)


def language_detection() -> dict[str, float]:
    """How often the reply language is the expected one on short phone messages: the
    development set (misses printed) and the fresh set (only the number of misses)."""
    wrong, total = _detect_misses(LANGUAGE_DETECT)
    accuracy = 1 - len(wrong) / total
    print(f"\nLanguage detection ({LANGUAGE_DETECT.relative_to(ROOT)}, {total} messages): "
          f"accuracy {accuracy:.3f}")
    for item in wrong:
        print(f"  {item['text']!r} (before: {item.get('previous')}) expected {item['expected']}")
    fresh_wrong, fresh_total = _detect_misses(LANGUAGE_DETECT_FRESH)
    fresh = 1 - len(fresh_wrong) / fresh_total
    print(f"Language detection, fresh set ({LANGUAGE_DETECT_FRESH.relative_to(ROOT)}, "
          f"{fresh_total} messages): accuracy {fresh:.3f}, {len(fresh_wrong)} misses (not shown)")
    return {"language_detect_accuracy": round(accuracy, 3),
            "language_detect_fresh_accuracy": round(fresh, 3)}


def translations() -> dict[str, float]:
    """Every missing translation of every supported language (must be 0)."""
    from bot import catalog
    from bot.language.coverage import missing

    gaps = [f"{language}: {item}" for language in catalog.supported()
            if language != catalog.DEFAULT_LANGUAGE for item in missing(language)]
    for gap in gaps:
        print(f"  missing translation {gap}")
    return {"translation_missing": len(gaps)}


def figures(parse: Callable[[str], dict[str, Any]]) -> dict[str, float]:
    """Every Spanish figure (parse: the loaded model's parse function)."""
    return {**intents(parse), **entities(parse), **crisis(parse), **skills(),
            **language_detection(), **translations()}
