"""Small helpers every action module uses."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.replies import Reply

Handler = Callable[[CollectingDispatcher, Tracker, dict[str, Any]], Awaitable[list[EventType]]]


@dataclass(frozen=True)
class QuestionFlow:
    """A set of questions asked one at a time (skills and jobs, record relief), as the
    actions see it: the same five moves for each, registered in `actions.flows.FLOWS`.

    `step_slot` holds the open question; `entities` are the button entities that answer
    it (so a button from an older message still reaches its own questions).
    """

    name: str
    step_slot: str
    entities: frozenset[str]
    start: Handler  # ask the first question (or take what the message already says)
    answer: Handler  # store the answer to the open question, ask the next or give the result
    why: Handler  # why the open question is asked, then the question again
    stop: Handler  # stop the questions
    resume: Handler  # ask the open question again after something else came between


def send(dispatcher: CollectingDispatcher, replies: Iterable[Reply]) -> None:
    """Send the presenters' replies in order."""
    for reply in replies:
        dispatcher.utter_message(**reply.to_rasa())


def entity(tracker: Tracker, name: str) -> str | None:
    """The value of the first entity `name` of the latest message, if any."""
    for found in tracker.latest_message.get("entities", []) or []:
        if found.get("entity") == name and found.get("value"):
            return str(found["value"])
    return None
