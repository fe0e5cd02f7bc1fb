"""One answer, skip, "why do you ask?" or "stop" goes to the questions that are open.

Every set of questions is a `QuestionFlow` (actions/common.py) registered in `FLOWS`; the
three actions below only choose which one. Two sets can be open at once (skills and jobs
paused while the person asks about clearing a record); a button's entity names its own
questions, and typed words go to the questions asked last (slot `active_flow`). With none
open, an answer goes to record relief: a place named means "tell me about it".
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import assessment, relief
from actions.common import Action, QuestionFlow, send
from bot.db.runtime import run_in_session_async
from bot.handoff import present as handoff_present
from bot.handoff import store

FLOWS: dict[str, QuestionFlow] = {flow.name: flow for flow in (assessment.FLOW, relief.FLOW)}
# Which flow an answer with no question open goes to.
DEFAULT = relief.FLOW
# When both are open and nothing else decides: the one asked last is `active_flow`;
# without it, record relief first (it is the shorter set).
ORDER = ("relief", "assess")


def open_flow(tracker: Tracker) -> QuestionFlow | None:
    """The questions this message answers, or None when no question is open."""
    names = {e.get("entity") for e in tracker.latest_message.get("entities", []) or []}
    open_ = {name: flow for name, flow in FLOWS.items() if tracker.get_slot(flow.step_slot)}
    for name in ("assess", "relief"):  # a button of an open flow names that flow
        if name in open_ and names & open_[name].entities:
            return open_[name]
    active = tracker.get_slot("active_flow")
    if active in open_:
        return open_[active]
    return next((open_[name] for name in ORDER if name in open_), None)


class ActionFlowNext(Action):
    """An answer or a skip for the open question."""

    def name(self) -> str:
        return "action_flow_next"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        return await (open_flow(tracker) or DEFAULT).answer(dispatcher, tracker, domain)


class ActionFlowWhy(Action):
    """Why the open question is asked, then the question again."""

    def name(self) -> str:
        return "action_flow_why"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        return await (open_flow(tracker) or DEFAULT).why(dispatcher, tracker, domain)


class ActionFlowStop(Action):
    """Stop the open questions."""

    def name(self) -> str:
        return "action_flow_stop"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        flow = open_flow(tracker)
        if flow is None:
            # "actually, cancel that, I changed my mind" after asking for a counselor: the
            # request is what may be taken back, so ask (a draft or waiting one only).
            sender = tracker.sender_id
            status = await run_in_session_async(
                lambda session: getattr(store.open_ticket(session, sender), "status", None))
            if status in ("draft", "waiting"):
                send(dispatcher, handoff_present.stop_with_request())
                return []
        return await (flow or DEFAULT).stop(dispatcher, tracker, domain)


class ActionLanguageChanged(Action):
    """The person chose a language: say so in it, then ask the open question again in it
    (or show the menu when none is open)."""

    def name(self) -> str:
        return "action_language_changed"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        dispatcher.utter_message(response="utter_language_changed")
        flow = open_flow(tracker)
        if flow is not None:
            return await flow.resume(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_menu")
        return []
