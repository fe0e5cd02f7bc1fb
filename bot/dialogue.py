"""Conversation helpers that work on tracker events and need no Rasa server."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

# Intents that interrupt a conversation and after which a person may want to go on.
INTERRUPTIONS = {
    "crisis", "crisis_check", "continue", "choose_safety", "privacy", "help", "bot_challenge",
}
# The turns of a request for a counselor (button presses, and what the Telegram bridge
# sends): coming back from a counselor goes on from before them.
HANDOFF_TURNS = {
    "choose_human", "handoff_share", "handoff_send", "handoff_cancel", "handoff_ended",
}
# Replies that belong to an interruption and so are never the point to go back to.
INTERRUPTION_REPLIES = {
    "utter_crisis",
    "utter_crisis_next",
    "utter_safety_check",
    "utter_nothing_to_continue",
    "utter_safety",
    "utter_privacy",
    "utter_help",
    "utter_iamabot",
}


def resume_point(events: Iterable[dict[str, Any]],
                 interruptions: Collection[str] = INTERRUPTIONS) -> dict[str, Any] | None:
    """The last bot message (text and buttons) sent before the latest interruption.

    Walks back over the trailing run of interrupting user turns (crisis, continue, ...; or
    `interruptions`) and returns the newest ordinary bot message before it; None when
    there is none.
    """
    history = list(events)
    cut = len(history)
    for index in range(len(history) - 1, -1, -1):
        event = history[index]
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent not in interruptions:
            break
        cut = index
    for event in reversed(history[:cut]):
        if event.get("event") != "bot" or not event.get("text"):
            continue
        if (event.get("metadata") or {}).get("utter_action") in INTERRUPTION_REPLIES:
            continue
        return {"text": event["text"], "buttons": (event.get("data") or {}).get("buttons") or []}
    return None
