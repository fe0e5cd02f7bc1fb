"""Entities of the full trained NLU pipeline on the held-out sets: precision, recall and F1.

`python bench/entity_eval.py [--model PATH]` reads every example of tests/nlu/heldout.yml and
tests/nlu/search_entities.yml (annotated like Rasa NLU data, never trained on), runs each text
through the FULL trained pipeline (the CRF tagger, EntitySynonymMapper,
bot.nlu.search_entities.SearchEntityExtractor, the fallbacks and the crisis net; Agent.load +
parse_message, as `make eval` does) and compares the predicted entities with the annotated
ones, message by message. It prints precision, recall, F1 and support per entity type, then
every miss and every false positive (capped), and merges `entity_precision`,
`entity_recall` and `entity_f1` (micro over all types) into reports/eval.json.
bench/search_entities_eval.py gives the same comparison restricted to the six search types
(its `search_entities_*` figures are kept).

What is compared:
- A (entity, value) pair, plus the role for the entity types that carry a role annotation
  somewhere in the files (none do yet); offsets are not compared, and the same pair twice in
  one message counts once (a person is understood or not, whatever the span).
- Values after normalisation, applied to the annotation and the prediction alike:
  the six search types (location, cost, schedule, language, occupation, program_format) go
  through bot.programs.request_parse.normalise, the canonical values the search uses ("spanish"
  -> "es", "atlanta" -> "Atlanta", "$300" -> "300"; canonical values stay as they are);
  `jurisdiction` through bot.relief.places.to_code, the code the record-relief flow looks up
  ("cali", "California" -> "ca"); anything that does not normalise is kept as written.
  Then every value is compared case-insensitively, with white space collapsed.
- Which predictions can be false positives: entities of the free-text types, i.e. what a
  person types in their own words and the model must find (jurisdiction, legal_term and the
  six search types), are scored in every message, annotated or not, so an entity found in a
  message without annotations ("free" in "i'm free on weekends") is a false positive. The
  other types (share, likert, assess_*, relief_*, part, onet, program_id) are answers that
  normally arrive as button payloads; held-out lines are not annotated for them, so a
  prediction of such a type is scored only in a message annotated with that type. Annotated
  entities of any type are always scored (a missing one is a miss).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_REPO = str(Path(__file__).resolve().parent.parent)
if _REPO not in sys.path:  # `python bench/entity_eval.py` without PYTHONPATH
    sys.path.insert(0, _REPO)

from bench.common import merge_report  # noqa: E402
from bot.config import ROOT  # noqa: E402
from bot.programs.request_parse import ENTITY_TYPES, normalise  # noqa: E402

HELDOUT_FILES = (ROOT / "tests" / "nlu" / "heldout.yml",
                 ROOT / "tests" / "nlu" / "search_entities.yml")
MODEL = ROOT / "models" / "current.tar.gz"
REPORT = ROOT / "reports" / "eval.json"

# Types a person writes in their own words: scored in every message (see the docstring).
FREE_TEXT_TYPES = frozenset({"jurisdiction", "legal_term", *ENTITY_TYPES})
# How many misses and how many false positives are printed.
PRINT_CAP = 40

Key = tuple[str, str | None, str]  # (entity type, role or None, normalised value)


@dataclass(frozen=True)
class Example:
    """One held-out message and its annotated entities (as Rasa parses them)."""

    text: str
    intent: str
    entities: tuple[Mapping[str, Any], ...]


@dataclass
class Result:
    """Counts per entity type and the errors of one evaluation."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    messages: int = 0

    def types(self) -> list[str]:
        """Every entity type seen, annotated or predicted, by name."""
        return sorted(set(self.tp) | set(self.fp) | set(self.fn))

    def row(self, entity: str | None = None) -> dict[str, float]:
        """Precision, recall, F1 and support of one type, or micro over all (None)."""
        if entity is None:
            tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        else:
            tp, fp, fn = self.tp[entity], self.fp[entity], self.fn[entity]
        precision, recall, f1 = prf(tp, fp, fn)
        return {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn,
                "tp": tp, "fp": fp, "fn": fn}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (1.0 when there is nothing to find and nothing was found)."""
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load_examples(paths: Iterable[Path] = HELDOUT_FILES) -> list[Example]:
    """Every example of the annotated YAML files, entities of every type included."""
    from rasa.shared.nlu.training_data.entities_parser import parse_training_example

    examples: list[Example] = []
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for block in data.get("nlu", []):
            if "intent" not in block:
                continue
            for line in str(block.get("examples", "")).splitlines():
                line = line.strip()
                if not line.startswith("- "):
                    continue
                message = parse_training_example(line[2:].strip(), block["intent"])
                examples.append(Example(message.get("text"), block["intent"],
                                        tuple(message.get("entities") or ())))
    return examples


def canonical(entity: str, value: Any) -> str:
    """The value as compared: normalised like the assistant uses it, case-folded."""
    text = " ".join(str(value).split())
    if entity in ENTITY_TYPES:
        text = normalise(entity, text) or text
    elif entity == "jurisdiction":
        from bot.relief.places import to_code

        text = to_code(text) or text
    return text.casefold()


def role_types(examples: Iterable[Example]) -> frozenset[str]:
    """Entity types annotated with a role somewhere: their role is compared too."""
    return frozenset(e["entity"] for example in examples for e in example.entities
                     if e.get("role"))


def keys(entities: Iterable[Mapping[str, Any]], with_role: frozenset[str]) -> set[Key]:
    """The comparable (type, role, value) of entities, annotated or predicted."""
    return {(e["entity"], e.get("role") if e["entity"] in with_role else None,
             canonical(e["entity"], e.get("value", "")))
            for e in entities if e.get("entity")}


def score(triples: Iterable[tuple[str, Sequence[Mapping[str, Any]], Sequence[Mapping[str, Any]]]],
          with_role: frozenset[str] = frozenset()) -> Result:
    """Count hits, false positives and misses over (label, annotated, predicted) triples;
    label is how an error line names the message."""
    result = Result()
    for label, annotated, predicted_entities in triples:
        result.messages += 1
        gold = keys(annotated, with_role)
        scored = FREE_TEXT_TYPES | {entity for entity, _, _ in gold}
        predicted = {k for k in keys(predicted_entities, with_role) if k[0] in scored}
        for entity, _, _ in predicted & gold:
            result.tp[entity] += 1
        for key in sorted(predicted - gold, key=_order):
            result.fp[key[0]] += 1
            result.extras.append(f"  extra   {_show(key):<32} in {label}")
        for key in sorted(gold - predicted, key=_order):
            result.fn[key[0]] += 1
            result.misses.append(f"  missed  {_show(key):<32} in {label}")
    return result


def _order(key: Key) -> tuple[str, str, str]:
    return key[0], key[1] or "", key[2]


def _show(key: Key) -> str:
    entity, role, value = key
    return f"{entity}{'.' + role if role else ''}={value!r}"


def print_result(result: Result, label: str, cap: int = PRINT_CAP) -> None:
    """Per-type and micro figures, then the misses and false positives (at most cap each)."""
    print(f"\n{label}: {result.messages} messages")
    print(f"{'entity':<16} {'prec':>6} {'recall':>7} {'f1':>6} {'gold':>5} {'found':>6}")
    for entity in [*result.types(), None]:
        row = result.row(entity)
        print(f"{entity or 'micro':<16} {row['precision']:>6.3f} {row['recall']:>7.3f} "
              f"{row['f1']:>6.3f} {row['support']:>5} {row['tp'] + row['fp']:>6}")
    for name, lines in (("misses", result.misses), ("false positives", result.extras)):
        if not lines:
            continue
        print(f"{name} ({len(lines)}):")
        for line in lines[:cap]:
            print(line)
        if len(lines) > cap:
            print(f"  ... and {len(lines) - cap} more")


@contextmanager
def pipeline(model_path: Path = MODEL) -> Iterator[Callable[[str], dict[str, Any]]]:
    """parse(text) -> Rasa's parse result of the whole trained model, logging silenced."""
    import structlog
    from rasa.core.agent import Agent

    # Rasa 3.6 logs every parsed message through structlog at debug; none is needed here.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    logging.disable(logging.WARNING)
    loop = asyncio.new_event_loop()
    try:
        agent = Agent.load(str(model_path))

        def parse(text: str) -> dict[str, Any]:
            return loop.run_until_complete(agent.parse_message(text))

        yield parse
    finally:
        loop.close()
        logging.disable(logging.NOTSET)


def run(model_path: Path = MODEL, parse: Callable[[str], dict[str, Any]] | None = None,
        examples: list[Example] | None = None,
        sets: str = "tests/nlu/heldout.yml + tests/nlu/search_entities.yml") -> Result:
    """Score the full pipeline on the held-out examples; print the figures and errors.

    parse: a parse function of the loaded model (`pipeline`), when the caller has one.
    sets: the files the examples come from, for the printout."""
    examples = load_examples() if examples is None else examples
    if parse is None:
        with pipeline(model_path) as own:
            return run(model_path, own, examples, sets)
    triples = [(f"{x.text!r} ({x.intent})", x.entities, parse(x.text).get("entities") or [])
               for x in examples]
    result = score(triples, role_types(examples))
    print_result(result, f"Entities, full NLU pipeline ({model_path.name}), {sets}")
    return result


def figures(result: Result) -> dict[str, float]:
    """The flat figures of reports/eval.json."""
    micro = result.row()
    return {"entity_precision": round(micro["precision"], 3),
            "entity_recall": round(micro["recall"], 3),
            "entity_f1": round(micro["f1"], 3)}


def evaluate(model_path: Path | None = None) -> dict[str, float]:
    """Micro precision, recall and F1 of the full pipeline (printed with the errors too)."""
    return figures(run(model_path or MODEL))


def main(argv: list[str] | None = None) -> int:
    """Evaluate and merge the figures into reports/eval.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL, help="trained model (.tar.gz)")
    args = parser.parse_args(argv)
    if not args.model.is_file():
        print(f"No trained model at {args.model}: run `make train` first.", file=sys.stderr)
        return 2
    result = evaluate(args.model)
    merge_report(REPORT, result)
    print(f"\nwritten to {REPORT.relative_to(ROOT)}: {json.dumps(result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
