"""`make nlu-compare`: NLU pipelines compared by 3-fold cross-validation on data/nlu.

For each configuration in bench/nlu_configs/ (linear = config.yml's pipeline: a linear SVM
for intents and a CRF for entities; diet = the DIET pipeline used before; with `--configs`
also default = Rasa's default-style one, light = char n-grams and DIET without transformer,
blend = DIET and the linear classifier mixed, small_transformer = DIET with one small
transformer layer; all keep our custom components) it runs `rasa test nlu --cross-validation
--folds 3 --config bench/nlu_configs/<name>.yml --nlu <copy of data/nlu> --successes
--no-plot` and reads what Rasa writes:

- intents: accuracy and macro-F1 per test fold (mean and standard deviation over the folds),
  and the macro-F1 of Rasa's report over the pooled test folds (intent_report.json). Like
  `rasa test nlu`, a fallback prediction is undone, so these judge the classifier's ranking;
- entities: Rasa's token-level F1 per extractor ("micro avg" of DIETClassifier_report.json or
  CRFEntityExtractor_report.json: the entities the tagger found that survived
  bot.nlu.search_entities, and of
  SearchEntityExtractor_report.json), and the F1 of the final pipeline's (entity, value)
  pairs per test fold, scored exactly like bench/entity_eval.py (values normalised, the
  training data's synonyms applied to the annotations, free-text types only where not
  annotated; also with the roles ignored, `entity_f1_ignoring_roles` in the JSON);
- seconds per fold: wall time (training, then predicting the fold's training and test
  examples, as Rasa does) and training alone.

Rasa's folds come from StratifiedKFold(shuffle=True) without a seed, so the comparison runs
the Rasa CLI in a child process that seeds numpy's generator right before the folds are drawn
(`--rasa-cv`): every configuration is scored on the same three splits. The child also records
each fold's test texts and timings in folds.json. data/nlu is copied once at the start
(results/nlu_compare/data, its sha256 in the report), so that edits made during the long run
reach no configuration. Outputs stay in results/nlu_compare/<name>/.

Results: printed as a table, written to reports/nlu_compare.json and merged into
reports/eval.json as flat numbers `nlu_cv_<name>_<figure>`. Not part of `make eval` or
`make test`: each configuration trains three models (8 to 35 minutes a configuration on 2
shared cores; the three default ones took 72 minutes).
`--reuse` re-reads the outputs of an earlier run without training.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

_REPO = str(Path(__file__).resolve().parent.parent)
if _REPO not in sys.path:  # `python bench/nlu_compare.py` without PYTHONPATH
    sys.path.insert(0, _REPO)

from bench.common import merge_report  # noqa: E402
from bot.config import ROOT  # noqa: E402

CONFIG_DIR = ROOT / "bench" / "nlu_configs"
CONFIGS = ("linear", "diet", "default", "light", "blend", "small_transformer")
REQUIRED = ("linear", "diet")  # the others only on request: each takes 20-30 minutes
CHOSEN = "linear"  # config.yml's pipeline
DATA = ROOT / "data" / "nlu"
OUT = ROOT / "results" / "nlu_compare"
SNAPSHOT = OUT / "data"  # data/nlu as it was when the run started, for every configuration
REPORT = ROOT / "reports" / "nlu_compare.json"
EVAL_REPORT = ROOT / "reports" / "eval.json"
FOLDS = 3
FOLD_SEED = 7
FOLDS_FILE = "folds.json"


# --- the child: Rasa's CLI with seeded folds and timings ----------------------------------
def rasa_cv(out: Path, rasa_args: list[str]) -> None:
    """Run the Rasa CLI in this process, with seeded folds; record each fold in folds.json."""
    import numpy as np
    import rasa.model_training
    import rasa.nlu.test
    from rasa.__main__ import main as rasa_main

    original_folds = rasa.nlu.test.generate_folds
    original_train = rasa.model_training.train_nlu
    folds: list[dict[str, Any]] = []

    def write() -> None:
        (out / FOLDS_FILE).write_text(json.dumps(folds, indent=1), encoding="utf-8")

    def generate_folds(n: int, data: Any) -> Iterable[tuple[Any, Any]]:
        # StratifiedKFold(shuffle=True, random_state=None) draws from numpy's global
        # generator, and draws every fold at the first one: seeding here fixes all three.
        np.random.seed(FOLD_SEED)
        for train, test in original_folds(n, data):
            fold = {"train_examples": len(train.nlu_examples),
                    "test_texts": [example.get("text") for example in test.nlu_examples],
                    "started": time.time()}
            folds.append(fold)
            yield train, test
            fold["seconds"] = round(time.time() - fold.pop("started"), 1)
            write()

    def train_nlu(*args: Any, **kwargs: Any) -> Any:
        started = time.time()
        try:
            return original_train(*args, **kwargs)
        finally:
            folds[-1]["train_seconds"] = round(time.time() - started, 1)

    rasa.nlu.test.generate_folds = generate_folds
    rasa.model_training.train_nlu = train_nlu
    sys.argv = ["rasa", *rasa_args]
    rasa_main()


# --- the parent: run each configuration, read its outputs -----------------------------------
def run_config(name: str, folds: int) -> float:
    """Cross-validate one configuration in a child process; return its wall time (s)."""
    out = OUT / name
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.json"):
        old.unlink()
    command = [sys.executable, str(Path(__file__).resolve()), "--rasa-cv", str(out), "--",
               "test", "nlu", "--cross-validation", "--folds", str(folds),
               "--config", str(CONFIG_DIR / f"{name}.yml"), "--nlu", str(SNAPSHOT),
               "--out", str(out), "--successes", "--no-plot"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2",
           "RASA_TELEMETRY_ENABLED": "false", "PYTHONWARNINGS": "ignore"}
    print(f"\n[{time.strftime('%H:%M:%S')}] {name}: {folds}-fold cross-validation "
          f"(log: {(out / 'rasa.log').relative_to(ROOT)})", flush=True)
    started = time.monotonic()
    with (out / "rasa.log").open("w", encoding="utf-8") as log:
        result = subprocess.run(command, cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, check=False)
    seconds = time.monotonic() - started
    if result.returncode != 0 or not (out / "intent_report.json").exists():
        tail = (out / "rasa.log").read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"{name}: rasa test nlu failed ({result.returncode}):\n{tail}")
    (out / "wall_seconds.txt").write_text(f"{seconds:.1f}\n", encoding="utf-8")
    print(f"[{time.strftime('%H:%M:%S')}] {name}: done in {seconds / 60:.1f} min", flush=True)
    return seconds


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def _mean_std(values: list[float]) -> tuple[float, float]:
    return (statistics.mean(values), statistics.pstdev(values)) if values else (0.0, 0.0)


def synonyms() -> dict[str, str]:
    """The training data's entity synonyms (lowercase text -> value), as the mapper uses them."""
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_dict(training_data_paths=[str(SNAPSHOT)])
    return dict(importer.get_nlu_data().entity_synonyms)


def analyse(name: str, synonym_map: Mapping[str, str]) -> dict[str, Any]:
    """The figures of one configuration, from the files its cross-validation wrote."""
    from sklearn.metrics import f1_score

    from bench.entity_eval import score

    out = OUT / name
    folds = _load(out / FOLDS_FILE)
    fold_of = {text: index for index, fold in enumerate(folds) for text in fold["test_texts"]}

    intents = _load(out / "intent_successes.json") + _load(out / "intent_errors.json")
    accuracy, macro = [], []
    for index in range(len(folds)):
        rows = [r for r in intents if fold_of.get(r["text"]) == index]
        gold = [r["intent"] for r in rows]
        predicted = [r["intent_prediction"]["name"] for r in rows]
        accuracy.append(sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(rows))
        macro.append(f1_score(gold, predicted, labels=sorted(set(gold)), average="macro",
                              zero_division=0))
    pooled = _load(out / "intent_report.json")

    # Every message with an annotated or a predicted entity is in some extractor's
    # successes or errors file; each record holds all of the final pipeline's entities.
    messages: dict[str, dict[str, Any]] = {}
    for path in sorted(out.glob("*_successes.json")) + sorted(out.glob("*_errors.json")):
        if path.name.startswith(("intent_", "response_")):
            continue
        for record in _load(path):
            messages.setdefault(record["text"], record)

    def mapped(entities: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [{**e, "value": synonym_map.get(str(e.get("value", "")).lower(), e.get("value"))}
                for e in entities]

    with_role = frozenset(e["entity"] for r in messages.values() for e in r.get("entities") or []
                          if e.get("role"))
    entity_f1, entity_p, entity_r, entity_f1_no_roles = [], [], [], []
    for index in range(len(folds)):
        triples = [(repr(text), mapped(r.get("entities") or []),
                    r.get("predicted_entities") or [])
                   for text, r in messages.items() if fold_of.get(text) == index]
        result = score(triples, with_role)
        micro = result.row()
        entity_f1.append(micro["f1"])
        entity_p.append(micro["precision"])
        entity_r.append(micro["recall"])
        entity_f1_no_roles.append(score(triples).row()["f1"])

    extractors = {}
    for path in sorted(out.glob("*_report.json")):
        if path.name in ("intent_report.json", "response_selection_report.json"):
            continue
        report = _load(path)
        row = report.get("micro avg") or report.get("weighted avg") or {}
        extractors[path.name.removesuffix("_report.json")] = round(row.get("f1-score", 0.0), 3)

    wall = (out / "wall_seconds.txt")
    figures: dict[str, Any] = {
        "intent_accuracy": _mean_std(accuracy),
        "intent_macro_f1": _mean_std(macro),
        "entity_f1": _mean_std(entity_f1),
        "entity_precision": _mean_std(entity_p),
        "entity_recall": _mean_std(entity_r),
        "entity_f1_ignoring_roles": _mean_std(entity_f1_no_roles),
        "fold_seconds": _mean_std([f.get("seconds", 0.0) for f in folds]),
        "train_seconds": _mean_std([f.get("train_seconds", 0.0) for f in folds]),
    }
    summary: dict[str, Any] = {
        key: {"mean": round(mean, 3), "std": round(std, 3)}
        for key, (mean, std) in figures.items()
    }
    summary["intent_macro_f1_pooled"] = round(pooled.get("macro avg", {}).get("f1-score", 0), 3)
    summary["entity_f1_token_by_extractor"] = extractors
    summary["folds"] = [{k: v for k, v in f.items() if k != "test_texts"} | {
        "test_examples": len(f["test_texts"]), "intent_accuracy": round(a, 3),
        "intent_macro_f1": round(m, 3), "entity_f1": round(e, 3)}
        for f, a, m, e in zip(folds, accuracy, macro, entity_f1, strict=True)]
    summary["wall_seconds"] = float(wall.read_text()) if wall.exists() else None
    return summary


def flat(results: Mapping[str, Mapping[str, Any]]) -> dict[str, float]:
    """The flat numbers merged into reports/eval.json."""
    figures: dict[str, float] = {}
    for name, r in results.items():
        prefix = f"nlu_cv_{name}_"
        for key in ("intent_macro_f1", "intent_accuracy", "entity_f1", "fold_seconds",
                    "train_seconds"):
            figures[prefix + key] = r[key]["mean"]
        figures[prefix + "intent_macro_f1_pooled"] = r["intent_macro_f1_pooled"]
        if not math.isnan(tagger_f1(r)):
            figures[prefix + "entity_f1_tagger_tokens"] = tagger_f1(r)
    return figures


def tagger_f1(result: Mapping[str, Any]) -> float:
    """Token-level F1 of the configuration's entity tagger (DIET or the CRF), as Rasa reports."""
    by_extractor = result["entity_f1_token_by_extractor"]
    for name in ("DIETClassifier", "CRFEntityExtractor"):
        if name in by_extractor:
            return float(by_extractor[name])
    return float("nan")


def print_table(results: Mapping[str, Mapping[str, Any]], folds: int) -> None:
    """One line per configuration: means over the folds (± standard deviation)."""
    print(f"\n{folds}-fold cross-validation on data/nlu (same folds for every configuration)")
    print(f"{'config':<18} {'intent acc':>14} {'macro-F1':>14} {'pooled':>7} "
          f"{'entity F1':>14} {'tagger tok F1':>13} {'s/fold':>7} {'train s':>8}")
    def cell(r: Mapping[str, Any], key: str) -> str:
        return f"{r[key]['mean']:.3f} ± {r[key]['std']:.3f}"

    for name, r in results.items():
        tagger = tagger_f1(r)
        print(f"{name:<18} {cell(r, 'intent_accuracy'):>14} {cell(r, 'intent_macro_f1'):>14} "
              f"{r['intent_macro_f1_pooled']:>7.3f} {cell(r, 'entity_f1'):>14} {tagger:>13.3f} "
              f"{r['fold_seconds']['mean']:>7.0f} {r['train_seconds']['mean']:>8.0f}")


def snapshot() -> None:
    """Copy data/nlu, so that edits during the long run do not reach some configurations."""
    shutil.rmtree(SNAPSHOT, ignore_errors=True)
    shutil.copytree(DATA, SNAPSHOT)
    print(f"data/nlu copied to {SNAPSHOT.relative_to(ROOT)} (sha256 {data_digest()[:12]})")


def data_digest() -> str:
    """sha256 over the snapshot's files (names and contents): which data was measured."""
    digest = hashlib.sha256()
    for path in sorted(SNAPSHOT.rglob("*.yml")):
        digest.update(str(path.relative_to(SNAPSHOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def check_current_copy() -> None:
    """Warn when the chosen configuration no longer holds config.yml's pipeline."""
    live = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    path = CONFIG_DIR / f"{CHOSEN}.yml"
    copy = yaml.safe_load(path.read_text(encoding="utf-8"))["pipeline"]
    if live != copy:
        print(f"WARNING: {path.relative_to(ROOT)} differs from config.yml's pipeline; "
              "copy it again.", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Cross-validate the configurations, print the table, write the reports."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--rasa-cv"]:
        rasa_cv(Path(argv[1]), argv[3:] if argv[2:3] == ["--"] else argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", nargs="+", default=list(REQUIRED), choices=CONFIGS,
                        help="configurations to compare (bench/nlu_configs/<name>.yml; "
                             f"default: {' '.join(REQUIRED)})")
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--reuse", action="store_true",
                        help="read the outputs of an earlier run in results/nlu_compare")
    args = parser.parse_args(argv)
    check_current_copy()
    if not args.reuse:
        snapshot()
        for name in args.configs:
            run_config(name, args.folds)
    synonym_map = synonyms()
    results = {name: analyse(name, synonym_map) for name in args.configs}
    print_table(results, args.folds)
    import rasa

    document = {
        "folds": args.folds, "fold_seed": FOLD_SEED, "data": "data/nlu",
        "data_sha256": data_digest(),
        "examples": sum(f["test_examples"] for f in results[args.configs[0]]["folds"]),
        "cpu_count": os.cpu_count(), "python": platform.python_version(),
        "rasa": rasa.__version__, "measured": time.strftime("%Y-%m-%d"),
        "configs": results,
    }
    REPORT.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    merge_report(EVAL_REPORT, flat(results))
    print(f"\nwritten to {REPORT.relative_to(ROOT)} and {EVAL_REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
