"""Small helpers every action module uses."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Action as RasaAction
from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot import catalog
from bot.domain_info import pick
from bot.replies import Reply

Handler = Callable[[CollectingDispatcher, Tracker, dict[str, Any]], Awaitable[list[EventType]]]


def language_of(tracker: Tracker) -> str:
    """The language of the person's replies: the `language` slot (English when unset)."""
    value = tracker.get_slot("language")
    return value if value in catalog.supported() else catalog.DEFAULT_LANGUAGE


def response_buttons(domain: dict[str, Any], response: str) -> list[dict[str, Any]]:
    """The buttons of a domain response, as its variation for the current language has them
    (to put under a message the action writes itself)."""
    variations = domain.get("responses", {}).get(response)
    if not variations:
        return []
    return [dict(b) for b in pick(variations, catalog.current()).get("buttons", [])]


class Action(RasaAction):
    """An action that speaks the person's language: every text the presenters take from
    the catalog during `act` is in it (bot.catalog.speaking), with no language passed
    down by hand. Responses (`response=`) pick their variation from the slot in Rasa."""

    @abstractmethod
    def name(self) -> str:
        """The action's name in domain.yml."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        with catalog.speaking(language_of(tracker)):
            return await self.act(dispatcher, tracker, domain)

    @abstractmethod
    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        """What the action does (its `run`, in the person's language)."""


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
