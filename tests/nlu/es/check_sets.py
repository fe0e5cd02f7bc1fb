"""Check the Spanish held-out sets: formats, counts, and no overlap with the training data.

    python tests/nlu/es/check_sets.py

Loads tests/nlu/es/heldout.yml and tests/nlu/es/search_entities.yml with Rasa's reader,
tests/eval/es/crisis_fresh.yml, tests/eval/es/skills.yml and tests/eval/language_detect.yml
with PyYAML; prints counts per intent / section; fails (exit 1) when a file does not load, a
count is below its minimum, a skill id or an entity value is unknown, or an example text
equals an example of data/nlu/*.yml (case and outer spaces ignored). It reads only the
English training files data/nlu/*.yml (not data/nlu/es/: these sets are written apart from it).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
SHARE = {"none", "summary", "full"}
SCHEDULES = {"evening", "weekend", "daytime", "part_time"}
FORMATS = {"online", "in_person"}


def norm(text: str) -> str:
    return " ".join(text.lower().split())


def load_rasa(path: Path):
    from rasa.shared.nlu.training_data.loading import load_data
    return load_data(str(path))


def training() -> tuple[set[str], Counter]:
    """Example texts of data/nlu/*.yml and how many examples each intent has there."""
    texts: set[str] = set()
    per_intent: Counter = Counter()
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for msg in load_rasa(path).intent_examples:
            texts.add(norm(msg.get("text")))
            per_intent[msg.get("intent")] += 1
    return texts, per_intent


def main() -> int:
    errors: list[str] = []
    train_texts, train_intents = training()
    topics = {t["key"] for t in yaml.safe_load(
        (ROOT / "data/catalog/programs/topics.yml").read_text())["topics"]}
    skill_ids = {s["id"] for s in yaml.safe_load(
        (ROOT / "data/catalog/occupations/skills.yml").read_text())["skills"]}

    def run(section) -> None:
        try:
            section()
        except FileNotFoundError as exc:
            errors.append(f"missing: {exc.filename}")
        except Exception as exc:  # noqa: BLE001 - a file that does not load
            errors.append(f"{section.__name__}: {type(exc).__name__}: {exc}")

    def no_overlap(name: str, texts) -> None:
        same = sorted({t for t in texts if norm(t) in train_texts})
        for t in same:
            errors.append(f"{name}: same text as data/nlu/*.yml: {t!r}")

    def check_entities(name: str, msg) -> None:
        for ent in msg.get("entities") or []:
            kind, value = ent["entity"], str(ent["value"])
            ok = {"occupation": value in topics, "schedule": value in SCHEDULES,
                  "program_format": value in FORMATS, "share": value in SHARE,
                  "cost": value == "free" or value.isdigit(),
                  "language": len(value) == 2 and value.islower(),
                  "location": value.isdigit() and len(value) == 5 or value[:1].isupper(),
                  }.get(kind, True)
            if not ok:
                errors.append(f"{name}: {kind}={value!r} is not canonical in {msg.get('text')!r}")

    # 1. heldout.yml: every trained intent, >= 16 each
    def section_1() -> None:
        path = ROOT / "tests/nlu/es/heldout.yml"
        data = load_rasa(path)
        counts = Counter(m.get("intent") for m in data.intent_examples)
        print(f"{path.relative_to(ROOT)}: {sum(counts.values())} examples, {len(counts)} intents")
        for intent in sorted(train_intents):
            print(f"  {intent:22} {counts[intent]:3}")
            if counts[intent] < 16:
                errors.append(f"heldout: {intent} has {counts[intent]} < 16 examples")
        for intent in set(counts) - set(train_intents):
            errors.append(f"heldout: intent {intent} is not in data/nlu/*.yml")
        for m in data.intent_examples:
            check_entities("heldout", m)
        no_overlap("heldout", [m.get("text") for m in data.intent_examples])
        seen = Counter(norm(m.get("text")) for m in data.intent_examples)
        dup = [t for t, n in seen.items() if n > 1]
        errors.extend([f"heldout: duplicate {t!r}" for t in dup])

    run(section_1)

    # 2. search_entities.yml: >= 60 requests, all search_programs
    def section_2() -> None:
        path = ROOT / "tests/nlu/es/search_entities.yml"
        data = load_rasa(path)
        ents = Counter(e["entity"] for m in data.intent_examples for e in m.get("entities") or [])
        print(f"{path.relative_to(ROOT)}: {len(data.intent_examples)} requests; "
              f"entities {dict(ents)}")
        if len(data.intent_examples) < 60:
            errors.append("search_entities: fewer than 60 requests")
        if {m.get("intent") for m in data.intent_examples} != {"search_programs"}:
            errors.append("search_entities: every request must be search_programs")
        for m in data.intent_examples:
            check_entities("search_entities", m)
        no_overlap("search_entities", [m.get("text") for m in data.intent_examples])

    run(section_2)

    # 3. crisis_fresh.yml
    def section_3() -> None:
        path = ROOT / "tests/eval/es/crisis_fresh.yml"
        crisis = yaml.safe_load(path.read_text())
        print(f"{path.relative_to(ROOT)}: crisis {len(crisis['crisis'])}, "
              f"not_crisis {len(crisis['not_crisis'])}")
        if len(crisis["crisis"]) < 60 or len(crisis["not_crisis"]) < 100:
            errors.append("crisis_fresh: needs >= 60 crisis and >= 100 not_crisis")
        both = {norm(t) for t in crisis["crisis"]} & {norm(t) for t in crisis["not_crisis"]}
        errors.extend([f"crisis_fresh: in both sections: {t!r}" for t in both])
        if not all(isinstance(t, str) for t in crisis["crisis"] + crisis["not_crisis"]):
            errors.append("crisis_fresh: every item must be a string")
        no_overlap("crisis_fresh", crisis["crisis"] + crisis["not_crisis"])

    run(section_3)

    # 4. skills.yml
    def section_4() -> None:
        path = ROOT / "tests/eval/es/skills.yml"
        items = yaml.safe_load(path.read_text())["items"]
        empty = sum(1 for i in items if not i["skills"])
        print(f"{path.relative_to(ROOT)}: {len(items)} items ({empty} with no skill), "
              f"skills used {len({s for i in items for s in i['skills']})}")
        if len(items) < 50:
            errors.append("skills: fewer than 50 items")
        for i in items:
            if i.get("set") != "fresh":
                errors.append(f"skills: not set: fresh: {i['text']!r}")
            for s in i["skills"]:
                if s not in skill_ids:
                    errors.append(f"skills: unknown skill id {s!r} in {i['text']!r}")
        no_overlap("skills", [i["text"] for i in items])

    run(section_4)

    # 5. language_detect.yml
    def section_5() -> None:
        path = ROOT / "tests/eval/language_detect.yml"
        items = yaml.safe_load(path.read_text())["items"]
        by = Counter(i["expected"] for i in items)
        follows = sum(1 for i in items if i["previous"] and i["expected"] == i["previous"])
        print(f"{path.relative_to(ROOT)}: {len(items)} items; expected {dict(by)}; "
              f"previous {dict(Counter(str(i['previous']) for i in items))}; "
                            f"expected == previous {follows}")
        if len(items) < 200:
            errors.append("language_detect: fewer than 200 items")
        for i in items:
            if set(i) - {"text", "previous", "expected"} or i["previous"] not in (
                    "en", "es", None) or i["expected"] not in ("en", "es"):
                errors.append(f"language_detect: bad item {i!r}")
        pairs = Counter((norm(str(i["text"])), i["previous"]) for i in items)
        errors.extend([f"language_detect: duplicate {p!r}" for p, n in pairs.items() if n > 1])

    run(section_5)

    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
