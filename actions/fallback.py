"""When the assistant is not sure what was meant: "Did you mean …?" with the two most
likely choices as buttons, plus the menu (a two-stage fallback: the person picks, or says it
again). Never "I did not get that" twice in a row: the second time, the menu itself.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import response_buttons, send
from bot import catalog
from bot.replies import Button, Reply, payload

MIN_CONFIDENCE = 0.08  # a guess below this is noise, not a choice worth offering
OFFERED = 2
FALLBACK_ACTIONS = frozenset({"action_fallback", "action_default_fallback"})


def guesses(tracker: Tracker, limit: int = OFFERED) -> list[str]:
    """The most likely intents a person could pick from a button, best first."""
    labels = catalog.table("fallback", "labels")
    found: list[str] = []
    titles: set[str] = set()
    for item in tracker.latest_message.get("intent_ranking") or []:
        name = item.get("name")
        if name not in labels or (item.get("confidence") or 0) < MIN_CONFIDENCE:
            continue
        if labels[name] in titles:  # two intents with one button ("Skills and jobs")
            continue
        found.append(name)
        titles.add(labels[name])
        if len(found) == limit:
            break
    return found


def repeated(tracker: Tracker) -> bool:
    """True when the assistant's answer to the previous message was already a fallback."""
    seen_user = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            if seen_user:
                return False
            seen_user = True
            continue
        if seen_user and kind == "action" and event.get("name") != "action_listen":
            return event.get("name") in FALLBACK_ACTIONS
    return False


def did_you_mean(dispatcher: CollectingDispatcher, tracker: Tracker,
                 domain: dict[str, Any]) -> None:
    """Offer the likely choices, or (a second time in a row) the menu."""
    if repeated(tracker):
        dispatcher.utter_message(text=catalog.text("fallback", "again"),
                                 buttons=response_buttons(domain, "utter_menu"))
        return
    choices = guesses(tracker)
    if not choices:
        dispatcher.utter_message(response="utter_please_rephrase")
        return
    send(dispatcher, [choices_reply(choices)])


def choices_reply(choices: list[str], language: str | None = None) -> Reply:
    """"Did you mean …?" with a button per likely intent, and the menu."""
    labels = catalog.table("fallback", "labels", language)
    targets = catalog.table("fallback", "payload", language)
    buttons = [Button(labels[name], payload(targets.get(name, name))) for name in choices]
    buttons.append(Button(catalog.text("fallback", "menu_button", language), payload("menu")))
    return Reply(catalog.text("fallback", "did_you_mean", language), buttons)
