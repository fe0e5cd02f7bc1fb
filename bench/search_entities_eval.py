"""Search-request entities on the held-out set: precision, recall and F1, with every miss.

`python bench/search_entities_eval.py [--model PATH]` reads tests/nlu/search_entities.yml
(annotated like Rasa NLU data, never trained on), runs each text through the FULL trained NLU
pipeline (the CRF tagger, synonyms, bot.nlu.search_entities.SearchEntityExtractor, ...) and
compares the predicted (entity, value) pairs of the six search entity types with the annotated
ones, per message. Offsets are not compared; the same (entity, value) twice in one message
counts once (the extractor reports each pair once). For comparison it also prints the figures of the
deterministic parser alone (bot.programs.request_parse.parse, no model). The figures of the
full pipeline are merged into reports/eval.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

_REPO = str(Path(__file__).resolve().parent.parent)
if _REPO not in sys.path:  # `python bench/search_entities_eval.py` without PYTHONPATH
    sys.path.insert(0, _REPO)

from bench.common import merge_report  # noqa: E402
from bot.config import ROOT  # noqa: E402
from bot.programs.request_parse import ENTITY_TYPES, parse  # noqa: E402

HELDOUT = ROOT / "tests" / "nlu" / "search_entities.yml"
MODEL = ROOT / "models" / "current.tar.gz"
REPORT = ROOT / "reports" / "eval.json"

Pair = tuple[str, str]
Example = tuple[str, set[Pair]]


def load_examples(path: Path = HELDOUT) -> list[Example]:
    """(text, gold (entity, value) pairs) of every example of the annotated YAML file."""
    from rasa.shared.nlu.training_data.entities_parser import parse_training_example

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    examples: list[Example] = []
    for block in data.get("nlu", []):
        if "intent" not in block:
            continue
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if not line.startswith("- "):
                continue
            message = parse_training_example(line[2:].strip(), block["intent"])
            gold = {(e["entity"], str(e["value"])) for e in message.get("entities") or []
                    if e["entity"] in ENTITY_TYPES}
            examples.append((message.get("text"), gold))
    return examples


def score(examples: Iterable[Example], predict: Callable[[str], set[Pair]],
          label: str) -> dict[str, float]:
    """Print per-type and micro precision/recall/F1 and the misses; return the micro figures."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    errors: list[str] = []
    for text, gold in examples:
        predicted = {p for p in predict(text) if p[0] in ENTITY_TYPES}
        for entity, _ in predicted & gold:
            tp[entity] += 1
        for entity, value in sorted(predicted - gold):
            fp[entity] += 1
            errors.append(f"  extra   {entity}={value!r:<18} in {text!r}")
        for entity, value in sorted(gold - predicted):
            fn[entity] += 1
            errors.append(f"  missed  {entity}={value!r:<18} in {text!r}")
    print(f"\n{label}")
    print(f"{'entity':<16} {'prec':>6} {'recall':>7} {'f1':>6} {'gold':>5}")
    for entity in ENTITY_TYPES:
        p, r, f = _prf(tp[entity], fp[entity], fn[entity])
        print(f"{entity:<16} {p:>6.3f} {r:>7.3f} {f:>6.3f} {tp[entity] + fn[entity]:>5}")
    p, r, f = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    print(f"{'micro':<16} {p:>6.3f} {r:>7.3f} {f:>6.3f} {sum(tp.values()) + sum(fn.values()):>5}")
    for line in errors:
        print(line)
    return {"precision": p, "recall": r, "f1": f}


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def parser_only(examples: list[Example]) -> dict[str, float]:
    """The figures of the deterministic parser alone."""
    return score(examples, lambda text: {(f.entity, f.value) for f in parse(text)},
                 "Parser only (bot.programs.request_parse.parse, no model)")


def full_pipeline(examples: list[Example], model_path: Path,
                  parse: Callable[[str], dict] | None = None) -> dict[str, float]:
    """The figures of the whole trained NLU pipeline (parse: the loaded model's, if any)."""
    if parse is not None:
        return score(examples, lambda text: {(e["entity"], str(e["value"]))
                                             for e in parse(text).get("entities", [])},
                     f"Full NLU pipeline ({model_path.name})")
    import structlog
    from rasa.core.agent import Agent

    # Rasa 3.6 logs every parsed message through structlog at debug; none is needed here.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    logging.disable(logging.WARNING)
    try:
        agent = Agent.load(str(model_path))
        loop = asyncio.new_event_loop()
        try:
            def predict(text: str) -> set[Pair]:
                result = loop.run_until_complete(agent.parse_message(text))
                return {(e["entity"], str(e["value"])) for e in result.get("entities", [])}

            return score(examples, predict, f"Full NLU pipeline ({model_path.name})")
        finally:
            loop.close()
    finally:
        logging.disable(logging.NOTSET)


def evaluate(model_path: Path | None = None,
             parse: Callable[[str], dict] | None = None) -> dict[str, float]:
    """Micro precision, recall and F1 of the full pipeline on the held-out set (printed too).

    parse: a parse function of the already loaded model (bench/entity_eval.pipeline)."""
    examples = load_examples()
    parser_only(examples)
    figures = full_pipeline(examples, model_path or MODEL, parse)
    return {
        "search_entities_precision": round(figures["precision"], 3),
        "search_entities_recall": round(figures["recall"], 3),
        "search_entities_f1": round(figures["f1"], 3),
    }


def main(argv: list[str] | None = None) -> int:
    """Evaluate and merge the figures into reports/eval.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL, help="trained model (.tar.gz)")
    parser.add_argument("--parser-only", action="store_true",
                        help="only the parser's figures (no model needed, nothing written)")
    args = parser.parse_args(argv)
    if args.parser_only:
        parser_only(load_examples())
        return 0
    if not args.model.is_file():
        print(f"No trained model at {args.model}: run `make train` first.", file=sys.stderr)
        return 2
    figures = evaluate(args.model)
    merge_report(REPORT, figures)
    print(f"\nwritten to {REPORT}: {json.dumps(figures)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
