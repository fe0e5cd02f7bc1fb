"""One answer, skip, "why do you ask?" or "stop" goes to the question that is open.

Two sets of questions can be open at once (skills and jobs paused while the person asks
about clearing a record); a button's entity names its own questions, and typed words go
to the questions asked last (slot `active_flow`).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import assessment
from actions.relief import ActionReliefExplainWhy, ActionReliefNext, ActionReliefStop

ASSESS_ENTITIES = {"likert", "assess_value", "assess_confirm", "assess_remove"}
RELIEF_ENTITIES = {"relief_record", "relief_offense", "relief_nexus", "relief_juvenile",
                   "relief_sentence_done"}


def open_flow(tracker: Tracker) -> str | None:
    """Which questions this message answers: "assess", "relief" or None (none open)."""
    names = {e.get("entity") for e in tracker.latest_message.get("entities", []) or []}
    assess_open = bool(tracker.get_slot(assessment.STEP))
    relief_open = bool(tracker.get_slot("relief_step"))
    if names & ASSESS_ENTITIES and assess_open:
        return "assess"
    if names & RELIEF_ENTITIES and relief_open:
        return "relief"
    active = tracker.get_slot(assessment.ACTIVE)
    if active == "assess" and assess_open:
        return "assess"
    if active == "relief" and relief_open:
        return "relief"
    if relief_open:
        return "relief"
    if assess_open:
        return "assess"
    return None


class ActionFlowNext(Action):
    """An answer or a skip for the open question."""

    def name(self) -> str:
        return "action_flow_next"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        if open_flow(tracker) == "assess":
            return await assessment.answer(dispatcher, tracker, domain)
        # Record relief, or no question open (a place named means "tell me about it").
        return await ActionReliefNext().run(dispatcher, tracker, domain)


class ActionFlowWhy(Action):
    """Why the open question is asked, then the question again."""

    def name(self) -> str:
        return "action_flow_why"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        if open_flow(tracker) == "assess":
            return assessment.explain_why(dispatcher, tracker)
        return await ActionReliefExplainWhy().run(dispatcher, tracker, domain)


class ActionFlowStop(Action):
    """Stop the open questions."""

    def name(self) -> str:
        return "action_flow_stop"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        if open_flow(tracker) == "assess":
            return await assessment.stop(dispatcher, tracker)
        return await ActionReliefStop().run(dispatcher, tracker, domain)
