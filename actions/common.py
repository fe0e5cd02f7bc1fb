"""Small helpers every action module uses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def send(dispatcher: CollectingDispatcher,
         messages: Iterable[tuple[str, list[dict[str, Any]]]]) -> None:
    """Send (text, buttons) messages in order."""
    for text, buttons in messages:
        dispatcher.utter_message(text=text, buttons=buttons)


def entity(tracker: Tracker, name: str) -> str | None:
    """The value of the first entity `name` of the latest message, if any."""
    for found in tracker.latest_message.get("entities", []) or []:
        if found.get("entity") == name and found.get("value"):
            return str(found["value"])
    return None
