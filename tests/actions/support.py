"""Helpers for action tests: a tracker for one message, and running an action on it."""

from __future__ import annotations

from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.config import ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())


def tracker(sender: str, text: str, intent: str, slots: dict[str, Any] | None = None,
            entities: list[dict[str, Any]] | None = None) -> Tracker:
    """A tracker whose latest message is `text`, classified as `intent`."""
    message = {"text": text, "intent": {"name": intent}, "entities": entities or []}
    return Tracker(sender, slots or {}, message, [], False, None, {}, "action_listen")


async def run(action: Any, track: Tracker) -> tuple[dict[str, Any], list[dict]]:
    """Run the action; return the slots it set and the messages it sent."""
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, track, DOMAIN)
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}, dispatcher.messages
