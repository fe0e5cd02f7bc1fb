"""What the assistant says about talking to a person reads at grade 6 or below, keeps its
promises short, and gives the same crisis numbers as the crisis reply."""

from __future__ import annotations

import re

import pytest
import yaml

from bot import catalog
from bot.config import ROOT
from bot.handoff import present
from bot.handoff.summary import Summary
from bot.readability import grade

MAX_GRADE = 6
CATALOG = catalog.contents("handoff")
SAVED = Summary(profile=["x"], programs=["a", "b"], relief_places=["Georgia", "Texas"],
                relief=["y", "z"])
MESSAGES = [
    *present.intro("our partner organisation", "Monday to Friday, 9 am to 5 pm", True),
    *present.intro("our partner organisation", "Monday to Friday, 9 am to 5 pm", False),
    present.share_choice(SAVED), present.share_choice(Summary()),
    *(present.chosen(share, SAVED) for share in ("none", "summary", "full")),
    present.chosen("summary", Summary()),
    present.sent(1, 20, False), present.sent(4, None, True), present.waiting(2, 1, False),
    present.active(), present.no_request(), *present.stop_with_request(),
]


@pytest.mark.parametrize("text", [reply.text for reply in MESSAGES])
def test_every_reply_is_plain(text: str) -> None:
    assert grade(text) <= MAX_GRADE, text


@pytest.mark.parametrize("key", sorted(k for k, v in CATALOG.items()
                                       if isinstance(v, str) and len(v.split()) > 5))
def test_every_catalog_sentence_is_plain(key: str) -> None:
    assert grade(str(CATALOG[key]).replace("{", "").replace("}", "")) <= MAX_GRADE, key


def test_buttons_fit_on_a_phone() -> None:
    for reply in MESSAGES:
        for button in reply.buttons:
            assert len(button.title) <= 24 and len(button.payload.encode()) <= 64


def test_crisis_line_has_the_numbers_of_the_crisis_reply() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    crisis = domain["responses"]["utter_crisis"][0]["text"]
    numbers = re.findall(r"\b911\b|1-888-373-7888|\b233733\b", CATALOG["crisis_line"])
    assert set(numbers) == {"911", "1-888-373-7888", "233733"}
    assert all(number in crisis for number in numbers)
    assert "not the police" in CATALOG["crisis_line"]


def test_places_are_joined_in_plain_words() -> None:
    assert present.items(SAVED)[-1] == "your record-relief answers for Georgia and Texas"
    assert present.items(Summary()) == []
