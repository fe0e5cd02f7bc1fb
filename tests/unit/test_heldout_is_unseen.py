"""The held-out sets stay held out: none of their messages is a training example.

`make eval` judges the model on messages it never saw. Short phone phrasings are written
the same way by different people ("exit pls"), so a new training example can repeat a
held-out line without anyone copying it; then the figures flatter the model. Messages of one
or two words ("bye now", "D.C.") are left out of the check: they coincide unavoidably and
teach nothing new either way. A failure names the held-out file and the training intent; the
messages of the untouched crisis list are not printed (tuning must not see them).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml
from rasa.shared.nlu.training_data.entities_parser import parse_training_example

ROOT = Path(__file__).resolve().parents[2]
HELD_OUT = [ROOT / "tests" / "nlu" / "heldout.yml", ROOT / "tests" / "nlu" / "search_entities.yml",
            ROOT / "tests" / "eval" / "crisis_fresh.yml"]
UNPRINTED = {"crisis_fresh.yml"}
MIN_WORDS = 3


def normal(text: str) -> str:
    """Lowercase, no accents, no punctuation, single spaces."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", "", text).split())


def nlu_messages(path: Path) -> list[tuple[str, str]]:
    """(intent or list name, plain text) of every example of a Rasa NLU file or of a list
    file (`name: [messages]`)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found = []
    if "nlu" not in data:
        return [(name, str(m)) for name, items in data.items() for m in (items or [])]
    for block in data["nlu"]:
        if "intent" not in block:
            continue
        for line in str(block["examples"]).splitlines():
            line = line.strip()
            if line.startswith("- "):
                text = parse_training_example(line[2:].strip(), block["intent"]).get("text")
                found.append((block["intent"], text))
    return found


def test_no_held_out_message_is_trained_on() -> None:
    training = {normal(text): f"{path.name}:{intent}"
                for path in sorted((ROOT / "data" / "nlu").glob("*.yml"))
                for intent, text in nlu_messages(path)}
    assert len(training) > 2000
    seen = []
    for path in HELD_OUT:
        messages = nlu_messages(path)
        assert messages, path
        for number, (_name, text) in enumerate(messages):
            key = normal(text)
            if len(key.split()) >= MIN_WORDS and key in training:
                shown = f"message {number}" if path.name in UNPRINTED else repr(text)
                seen.append(f"{path.name} {shown} is trained on in {training[key]}")
    assert not seen, "\n".join(seen)


def test_the_check_catches_a_repeat_whatever_the_spelling() -> None:
    assert normal("I'm   being HELD, against my will!") == normal("im being held against my will")
    assert normal("No sé qué hacer") == normal("no se que hacer")
