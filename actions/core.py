"""Actions of the conversation core: welcome, quick exit, going on after an interruption."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import Action
from actions.programs import more_programs
from bot.db import users
from bot.db.runtime import run_in_session_async
from bot.dialogue import resume_point

QUICK_EXIT_PAYLOAD = {"quick_exit": True}
# The delivery channel erases the person's data once this turn is stored (see bot.privacy).
FORGET_PAYLOAD = {"forget": True}


class ActionWelcome(Action):
    """Greets; shows the privacy notice the first time only, then the menu."""

    def name(self) -> str:
        return "action_welcome"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        sender = tracker.sender_id

        def _first_visit(session: Any) -> bool:
            seen = users.has_seen_privacy_notice(session, sender)
            users.mark_privacy_notice(session, sender)
            return not seen

        first = await run_in_session_async(_first_visit)
        dispatcher.utter_message(response="utter_welcome" if first else "utter_welcome_back")
        dispatcher.utter_message(response="utter_menu")
        return [SlotSet("welcomed", True)]


class ActionQuickExit(Action):
    """Ends any form and asks the delivery channel to delete the chat's messages."""

    def name(self) -> str:
        return "action_quick_exit"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(json_message=QUICK_EXIT_PAYLOAD)
        dispatcher.utter_message(response="utter_quick_exit_done")
        events: list[EventType] = []
        if tracker.active_loop_name:
            events += [ActiveLoop(None), SlotSet("requested_slot", None)]
        return events


class ActionForget(Action):
    """Confirmed "delete everything about me": the channel erases after this turn."""

    def name(self) -> str:
        return "action_forget"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(json_message=FORGET_PAYLOAD)
        dispatcher.utter_message(response="utter_forgotten")
        return [AllSlotsReset()]


class ActionResume(Action):
    """Repeats the last thing the assistant asked before an interruption (e.g. a crisis);
    "next" typed under a page of programs shows the next page."""

    def name(self) -> str:
        return "action_resume"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        point: dict[str, Any] | None = resume_point(tracker.events)
        typed = not (tracker.latest_message.get("text") or "").startswith("/")
        if typed and point and tracker.get_slot("search_query") and any(
                b.get("payload") == "/more_results" for b in point.get("buttons") or []):
            # "next" / "more" typed under a page of programs: the next page.
            return await more_programs(dispatcher, tracker, domain)
        if point is None:
            dispatcher.utter_message(response="utter_nothing_to_continue")
        else:
            dispatcher.utter_message(text=point["text"], buttons=point.get("buttons") or [])
        return []
