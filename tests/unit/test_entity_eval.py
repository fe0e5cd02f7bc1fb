"""The entity evaluation of `make eval` scores what it says it scores (no model needed)."""

import json

from bench import record_train_time
from bench.entity_eval import HELDOUT_FILES, canonical, load_examples, role_types, score
from bench.nlu_report import confused_pairs, plot_confusion, write_markdown


def test_values_are_normalised_like_the_assistant_uses_them():
    assert canonical("location", "atlanta") == canonical("location", "Atlanta")
    assert canonical("language", "spanish") == "es"
    assert canonical("cost", "$300") == "300"
    assert canonical("jurisdiction", "cali") == canonical("jurisdiction", "California") == "ca"
    assert canonical("legal_term", " Sealing ") == "sealing"


def test_free_text_types_are_false_positives_anywhere_other_types_only_where_annotated():
    result = score([
        ("a", [], [{"entity": "cost", "value": "free"}, {"entity": "share", "value": "none"}]),
        ("b", [{"entity": "share", "value": "full"}], [{"entity": "share", "value": "none"}]),
        ("c", [{"entity": "occupation", "value": "welding"}],
         [{"entity": "occupation", "value": "welding"}] * 2),
    ])
    assert (result.tp["occupation"], result.fp["cost"], result.fp["share"]) == (1, 1, 1)
    assert result.fn["share"] == 1 and result.messages == 3
    micro = result.row()
    assert (micro["tp"], micro["fp"], micro["fn"]) == (1, 2, 1)


def test_roles_count_for_the_types_that_carry_them():
    gold = [{"entity": "jurisdiction", "value": "ohio", "role": "case"}]
    assert score([("a", gold, [{"entity": "jurisdiction", "value": "OH", "role": "case"}])],
                 frozenset({"jurisdiction"})).row()["f1"] == 1.0
    assert score([("a", gold, [{"entity": "jurisdiction", "value": "ohio"}])],
                 frozenset({"jurisdiction"})).row()["f1"] == 0.0
    assert score([("a", gold, [{"entity": "jurisdiction", "value": "ohio"}])]).row()["f1"] == 1.0


def test_both_heldout_files_are_read_with_every_entity_type():
    examples = load_examples(HELDOUT_FILES)
    assert len(examples) > 600
    annotated = {e["entity"] for x in examples for e in x.entities}
    assert {"jurisdiction", "legal_term", "location", "occupation"} <= annotated
    assert role_types(examples) <= annotated


def test_report_and_confusion_matrix_are_written(tmp_path):
    rows = [("hi", "greet", "greet"), ("bye", "goodbye", "greet"), ("ciao", "goodbye", "goodbye")]
    assert confused_pairs(rows) == [(("goodbye", "greet"), 1, ["bye"])]
    report = {"greet": {"precision": 0.5, "recall": 1.0, "f1-score": 0.667, "support": 1},
              "goodbye": {"precision": 1.0, "recall": 0.5, "f1-score": 0.667, "support": 2},
              "accuracy": 0.667, "macro avg": {"f1-score": 0.667},
              "weighted avg": {"f1-score": 0.667}}
    png = plot_confusion(rows, tmp_path / "confusion.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    entities = score([("'x'", [{"entity": "cost", "value": "free"}], [])])
    text = write_markdown(report, rows, entities, {}, tmp_path / "nlu.md", png).read_text()
    assert "| goodbye | greet | 1 |" in text and "missed  cost='free'" in text


def test_train_seconds_are_merged(tmp_path):
    report = tmp_path / "eval.json"
    report.write_text('{"intent_f1": 0.9}')
    assert record_train_time.main(["187.6", "--report", str(report)]) == 0
    assert json.loads(report.read_text()) == {"intent_f1": 0.9, "train_seconds": 188}
