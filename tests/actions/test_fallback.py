"""'Did you mean …?': the two likeliest choices plus the menu; never twice in a row."""

from __future__ import annotations

from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import did_you_mean, guesses, repeated
from bot import catalog
from bot.config import ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def tracker(ranking: list[tuple[str, float]], events: list[dict[str, Any]] | None = None
            ) -> Tracker:
    latest = {"text": "hmm", "intent": {"name": "nlu_fallback", "confidence": 0.4},
              "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]}
    events = (events or []) + [{"event": "user", "text": "hmm", "parse_data": latest}]
    return Tracker("someone", {}, latest, events, False, None, {}, "action_listen")


def run(t: Tracker) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    did_you_mean(dispatcher, t, DOMAIN)
    return dispatcher.messages


def test_offers_the_two_likeliest_choices_and_the_menu() -> None:
    sent = run(tracker([("nlu_fallback", 0.45), ("choose_programs", 0.3),
                        ("inform", 0.2), ("choose_skills", 0.15), ("help", 0.1)]))
    assert sent[0]["text"] == catalog.text("fallback", "did_you_mean")
    assert [(b["title"], b["payload"]) for b in sent[0]["buttons"]] == [
        ("Training programs", "/choose_programs"), ("Skills and jobs", "/choose_skills"),
        ("Show the menu", "/menu")]


def test_never_offers_answers_crisis_or_noise() -> None:
    assert guesses(tracker([("crisis", 0.4), ("inform", 0.3), ("quick_exit", 0.2),
                            ("stop", 0.2), ("help", 0.05)])) == []
    sent = run(tracker([("crisis", 0.4), ("inform", 0.3)]))
    assert sent[0]["response"] == "utter_please_rephrase"


def test_two_intents_with_one_button_are_offered_once() -> None:
    assert guesses(tracker([("describe_experience", 0.3), ("choose_skills", 0.2),
                            ("privacy", 0.1)])) == ["describe_experience", "privacy"]
    sent = run(tracker([("describe_experience", 0.3), ("privacy", 0.2)]))
    assert sent[0]["buttons"][0] == {"title": "Skills and jobs", "payload": "/choose_skills"}


def test_the_second_time_in_a_row_shows_the_menu_not_sorry() -> None:
    before = [{"event": "user", "text": "blah"},
              {"event": "action", "name": "action_fallback"},
              {"event": "action", "name": "action_listen"}]
    t = tracker([("choose_programs", 0.3), ("help", 0.2)], before)
    assert repeated(t)
    sent = run(t)
    assert sent[0]["text"] == catalog.text("fallback", "again")
    assert "sorry" not in sent[0]["text"].lower() and "not sure" not in sent[0]["text"].lower()
    assert [b["payload"] for b in sent[0]["buttons"]][:2] == ["/choose_skills",
                                                             "/choose_programs"]


def test_after_an_ordinary_answer_it_is_a_first_time_again() -> None:
    before = [{"event": "user", "text": "blah"},
              {"event": "action", "name": "action_fallback"},
              {"event": "action", "name": "action_listen"},
              {"event": "user", "text": "menu"},
              {"event": "action", "name": "utter_menu"},
              {"event": "action", "name": "action_listen"}]
    assert not repeated(tracker([("help", 0.3)], before))


def test_every_offered_intent_exists_and_labels_read_easily() -> None:
    from bot.readability import grade

    intents = {i if isinstance(i, str) else next(iter(i)) for i in DOMAIN["intents"]}
    texts = catalog.contents("fallback")
    assert set(texts["labels"]) <= intents
    assert set(texts["payload"].values()) <= intents
    for text in (texts["did_you_mean"], texts["again"]):
        assert grade(text) <= 6
