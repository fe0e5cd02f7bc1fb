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

from bench.crisis_eval import load as load_crisis_list
from bench.entity_eval import HELDOUT_FILES, load_examples
from bot.config import ROOT

FRESH_CRISIS = ROOT / "tests" / "eval" / "crisis_fresh.yml"  # its messages are not printed
MIN_WORDS = 3


def normal(text: str) -> str:
    """Lowercase, no accents, no punctuation, single spaces."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", "", text).split())


def test_no_held_out_message_is_trained_on() -> None:
    training = {normal(example.text): f"{path.name}:{example.intent}"
                for path in sorted((ROOT / "data" / "nlu").glob("*.yml"))
                for example in load_examples([path])}
    assert len(training) > 2000
    held_out = {path.name: [e.text for e in load_examples([path])] for path in HELDOUT_FILES}
    held_out[FRESH_CRISIS.name] = [m for part in load_crisis_list(FRESH_CRISIS) for m in part]
    seen = []
    for name, messages in held_out.items():
        assert messages, name
        for number, text in enumerate(messages):
            key = normal(text)
            if len(key.split()) >= MIN_WORDS and key in training:
                shown = f"message {number}" if name == FRESH_CRISIS.name else repr(text)
                seen.append(f"{name} {shown} is trained on in {training[key]}")
    assert not seen, "\n".join(seen)


def test_the_check_catches_a_repeat_whatever_the_spelling() -> None:
    assert normal("I'm   being HELD, against my will!") == normal("im being held against my will")
    assert normal("No sé qué hacer") == normal("no se que hacer")
