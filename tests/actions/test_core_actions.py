"""Core actions, run with a tracker built from JSON and a collecting dispatcher (no Rasa)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.core import ActionForget, ActionQuickExit, ActionResume, ActionWelcome
from bot.config import ROOT
from bot.db import users

DATA = ROOT / "tests" / "data"


def tracker_from(name: str) -> Tracker:
    """A tracker from a JSON fixture in tests/data."""
    state = json.loads((DATA / name).read_text())
    return Tracker(
        state["sender_id"], state["slots"], state["latest_message"], state["events"],
        False, None, state["active_loop"], state["latest_action_name"],
    )


def fresh_tracker(sender: str, active_loop: dict[str, Any] | None = None) -> Tracker:
    """A tracker of a conversation that just started."""
    return Tracker(sender, {}, {"text": "hi", "intent": {"name": "greet"}}, [], False, None,
                   active_loop or {}, "action_listen")


async def test_welcome_shows_privacy_notice_once_then_welcome_back(settings) -> None:  # type: ignore[no-untyped-def]
    first, second = CollectingDispatcher(), CollectingDispatcher()
    events = await ActionWelcome().run(first, fresh_tracker("person-a"), {})
    assert [m["response"] for m in first.messages] == ["utter_welcome", "utter_menu"]
    assert events == [{"event": "slot", "timestamp": None, "name": "welcomed", "value": True}]
    await ActionWelcome().run(second, fresh_tracker("person-a"), {})
    assert [m["response"] for m in second.messages] == ["utter_welcome_back", "utter_menu"]
    # Another person still gets the full notice.
    third = CollectingDispatcher()
    await ActionWelcome().run(third, fresh_tracker("person-b"), {})
    assert third.messages[0]["response"] == "utter_welcome"


def test_welcome_stores_only_the_pseudonymous_id(settings, session) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    asyncio.run(ActionWelcome().run(CollectingDispatcher(), fresh_tracker("abc123"), {}))
    assert users.has_seen_privacy_notice(session, "abc123")


async def test_quick_exit_signals_the_channel_and_ends_an_active_form() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionQuickExit().run(
        dispatcher, fresh_tracker("x", active_loop={"name": "some_form"}), {}
    )
    assert dispatcher.messages[0]["custom"] == {"quick_exit": True}
    assert dispatcher.messages[1]["response"] == "utter_quick_exit_done"
    assert {"event": "active_loop", "timestamp": None, "name": None} in events


async def test_quick_exit_without_form_changes_nothing_else() -> None:
    dispatcher = CollectingDispatcher()
    assert await ActionQuickExit().run(dispatcher, fresh_tracker("x"), {}) == []


async def test_forget_signals_erasure_and_resets_slots() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionForget().run(dispatcher, fresh_tracker("x"), {})
    assert dispatcher.messages[0]["custom"] == {"forget": True}
    assert dispatcher.messages[1]["response"] == "utter_forgotten"
    assert events == [{"event": "reset_slots", "timestamp": None}]


async def test_resume_after_crisis_repeats_the_question_before_it() -> None:
    dispatcher = CollectingDispatcher()
    await ActionResume().run(dispatcher, tracker_from("tracker_after_crisis.json"), {})
    assert dispatcher.messages[0]["text"] == "Sorry, I did not get that."
    assert dispatcher.messages[0]["buttons"] == [{"title": "Main menu", "payload": "/menu"}]


async def test_resume_with_nothing_before_says_so() -> None:
    dispatcher = CollectingDispatcher()
    await ActionResume().run(dispatcher, fresh_tracker("x"), {})
    assert dispatcher.messages[0]["response"] == "utter_nothing_to_continue"


@pytest.mark.parametrize("action", [ActionWelcome, ActionQuickExit, ActionResume, ActionForget])
def test_action_names_are_in_the_domain(action: type) -> None:
    import yaml

    domain = yaml.safe_load((DATA.parent.parent / "domain.yml").read_text())
    assert action().name() in domain["actions"]
