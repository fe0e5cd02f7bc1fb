"""Record-relief actions: the short screener, a direct question about a state, legal words.

Thin adapters: the decisions live in bot.relief (flow, screening, explain); these read
slots, call one function, and send the texts it returns.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions import assessment
from actions.common import Action, QuestionFlow, response_buttons
from actions.fallback import did_you_mean
from bot.config import load_settings
from bot.db import saved
from bot.db.runtime import run_in_session_async
from bot.relief import flow
from bot.relief.explain import GLOSSARY_TERMS, explain, glossary, legal_help, state_summary
from bot.relief.places import to_code
from bot.relief.screening import screen
from bot.relief.store import entries

RESET = [SlotSet(flow.STEP_SLOT, None), SlotSet(flow.ANSWERS_SLOT, None)]


def _today() -> dt.date:
    return dt.date.today()


def _send_all(dispatcher: CollectingDispatcher, texts: list[str],
              buttons: list[dict[str, Any]]) -> None:
    """Send texts in order; the buttons go under the last one."""
    for index, text in enumerate(texts):
        last = index == len(texts) - 1
        dispatcher.utter_message(text=text, buttons=buttons if last else [])


def _entity(tracker: Tracker, name: str) -> str | None:
    for entity in tracker.latest_message.get("entities", []) or []:
        if entity.get("entity") == name and entity.get("value"):
            return str(entity["value"])
    return None


def _place(tracker: Tracker) -> tuple[str | None, str | None]:
    """The place named in the last message and its role (bot.relief.flow.pick_place): where
    the case was wins over where the person lives."""
    message = tracker.latest_message
    return flow.pick_place(message.get("entities", []) or [], message.get("text"))


def _home_only_note(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Only where the person lives was named: say the law of the case's place decides."""
    if _place(tracker)[1] == flow.HOME_ROLE:
        dispatcher.utter_message(response="utter_relief_case_place_note")


def _answer_and_go_on(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType]:
    """Store the answer to the open question, then ask the next one or give the result."""
    step = tracker.get_slot("relief_step")
    message = tracker.latest_message
    value = flow.parse_answer(step, (message.get("intent") or {}).get("name"),
                              message.get("entities", []) or [], message.get("text"))
    if value is None:
        if step == "jurisdiction":
            dispatcher.utter_message(response="utter_relief_unknown_place")
        dispatcher.utter_message(response=f"utter_ask_relief_{step}")
        return []
    if step == "jurisdiction":
        _home_only_note(dispatcher, tracker)
    given = {**(tracker.get_slot(flow.ANSWERS_SLOT) or {}), step: value}
    events: list[EventType] = [SlotSet(flow.ANSWERS_SLOT, given)]
    following = flow.next_step(given)
    if following is not None:
        dispatcher.utter_message(response=f"utter_ask_relief_{following}")
        return events + [SlotSet("relief_step", following)]
    answers = flow.answers_from(given)
    done = events + [SlotSet("relief_step", None), SlotSet("active_flow", None)]
    if answers.jurisdiction is None:
        dispatcher.utter_message(response="utter_relief_no_place")
        dispatcher.utter_message(response="utter_relief_legal_help")
        _paused_note(dispatcher, tracker)
        return done + [SlotSet("relief_shown", None)]
    _send_all(dispatcher, _texts_for(flow.shown_key(answers)),
              response_buttons(domain, "utter_relief_next"))
    _paused_note(dispatcher, tracker)
    return done + [SlotSet("relief_shown", flow.shown_key(answers))]


def _paused_note(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """When skills-and-jobs questions were left open, say how to go back to them."""
    if tracker.get_slot("assess_step"):
        dispatcher.utter_message(response="utter_assess_paused")


def _texts_for(key: str) -> list[str]:
    """The answer for a place and answers ("ga|conviction|…"), or a place's summary ("ga")."""
    today = _today()
    answers = flow.answers_from_key(key)
    entry = entries()[answers.jurisdiction]
    if "|" not in key:
        return state_summary(entry, today)
    return explain(screen(answers, entry, today), today)


async def start(dispatcher: CollectingDispatcher, tracker: Tracker,
                domain: dict[str, Any]) -> list[EventType]:
    """About clearing a record: with a place named, that place's summary; else the questions."""
    if _place(tracker)[0]:
        if tracker.get_slot(flow.STEP_SLOT) == "jurisdiction":
            # The place asked for by the open question: take it as the answer.
            return _answer_and_go_on(dispatcher, tracker, domain)
        return _summary(dispatcher, tracker, domain)
    dispatcher.utter_message(response="utter_relief_intro")
    dispatcher.utter_message(response=f"utter_ask_relief_{flow.STEPS[0]}")
    return RESET + [SlotSet(flow.STEP_SLOT, flow.STEPS[0]), SlotSet("active_flow", "relief")]


async def answer(dispatcher: CollectingDispatcher, tracker: Tracker,
                 domain: dict[str, Any]) -> list[EventType]:
    """An answer or a skip: store it and go on. With no question open, a place named means
    "tell me about this place"."""
    if tracker.get_slot(flow.STEP_SLOT):
        return _answer_and_go_on(dispatcher, tracker, domain)
    return _summary(dispatcher, tracker, domain)


async def why(dispatcher: CollectingDispatcher, tracker: Tracker,
              domain: dict[str, Any]) -> list[EventType]:
    """Why the open question is asked, then the question again."""
    step = tracker.get_slot(flow.STEP_SLOT)
    if not step:
        dispatcher.utter_message(response="utter_privacy")
        return []
    dispatcher.utter_message(response=f"utter_explain_relief_{step}")
    dispatcher.utter_message(response=f"utter_ask_relief_{step}")
    return []


async def stop(dispatcher: CollectingDispatcher, tracker: Tracker,
               domain: dict[str, Any]) -> list[EventType]:
    """Stop the questions and forget the answers given so far."""
    if tracker.get_slot(flow.STEP_SLOT):
        dispatcher.utter_message(response="utter_relief_stopped")
        _paused_note(dispatcher, tracker)
        return RESET + [SlotSet("active_flow", None)]
    dispatcher.utter_message(response="utter_menu")
    return []


async def resume(dispatcher: CollectingDispatcher, tracker: Tracker,
                 domain: dict[str, Any]) -> list[EventType]:
    """The open question again (or the start, when none is open)."""
    step = tracker.get_slot(flow.STEP_SLOT)
    if not step:
        return await start(dispatcher, tracker, domain)
    dispatcher.utter_message(response=f"utter_ask_relief_{step}")
    return [SlotSet("active_flow", "relief")]


FLOW = QuestionFlow(
    name="relief", step_slot=flow.STEP_SLOT,
    # A place may answer other things too: only the screener's own buttons count here.
    entities=frozenset(e for step, e in flow.ENTITY.items() if step != "jurisdiction"),
    start=start, answer=answer, why=why, stop=stop, resume=resume,
)


class ActionReliefStart(Action):
    """About clearing a record: with a place named, that place's summary; else the questions."""

    def name(self) -> str:
        return "action_relief_start"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        return await FLOW.start(dispatcher, tracker, domain)


class ActionReliefNext(Action):
    """An answer or a skip: store it and go on."""

    def name(self) -> str:
        return "action_relief_next"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        return await FLOW.answer(dispatcher, tracker, domain)


class ActionReliefExplainWhy(Action):
    """Why the open question is asked, then the question again."""

    def name(self) -> str:
        return "action_relief_explain_why"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        return await FLOW.why(dispatcher, tracker, domain)


class ActionReliefStop(Action):
    """Stop the questions and forget the answers given so far."""

    def name(self) -> str:
        return "action_relief_stop"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        return await FLOW.stop(dispatcher, tracker, domain)


def _summary(dispatcher: CollectingDispatcher, tracker: Tracker,
             domain: dict[str, Any]) -> list[EventType]:
    code = _place(tracker)[0] or to_code(tracker.latest_message.get("text"))
    if code is None:
        dispatcher.utter_message(response="utter_relief_which_place")
        return []
    _home_only_note(dispatcher, tracker)
    _send_all(dispatcher, _texts_for(code), response_buttons(domain, "utter_relief_next"))
    return [SlotSet("relief_shown", code)]


class ActionGlossary(Action):
    """What a legal word means, in plain words."""

    def name(self) -> str:
        return "action_glossary"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        term = (_entity(tracker, "legal_term") or "").lower().replace("-", "_").replace(" ", "_")
        if term not in GLOSSARY_TERMS:
            dispatcher.utter_message(response="utter_glossary_which")
            return []
        dispatcher.utter_message(text=glossary(term))
        dispatcher.utter_message(response="utter_relief_legal_help")
        return []


class ActionLegalHelp(Action):
    """"Where can I get free legal help?": for the place just asked about (or named now),
    that place's referrals; with no place known, the national ones and a way to say where."""

    def name(self) -> str:
        return "action_legal_help"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        code = _place(tracker)[0] or flow.answers_from_key(
            tracker.get_slot("relief_shown") or "").jurisdiction
        entry = entries().get(code) if code else None
        if entry is None:
            dispatcher.utter_message(response="utter_legal_help_where")
            dispatcher.utter_message(response="utter_relief_legal_help")
            return []
        _send_all(dispatcher, [legal_help(entry, _today())],
                  response_buttons(domain, "utter_relief_next"))
        return []


class ActionFallback(Action):
    """Unsure what was meant: a place typed for the open place question, or words about
    past work for the open skills question, still count; otherwise "Did you mean …?"
    (actions/fallback.py)."""

    def name(self) -> str:
        return "action_fallback"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        if tracker.get_slot("relief_step") == "jurisdiction" and to_code(
            tracker.latest_message.get("text")
        ):
            return _answer_and_go_on(dispatcher, tracker, domain)
        if assessment.takes_text(tracker):
            # Someone's own words about their work rarely look like anything trained.
            return await assessment.answer(dispatcher, tracker, domain)
        did_you_mean(dispatcher, tracker, domain)
        return []


class ActionReliefSave(Action):
    """Keep the last answer (what it was about, encrypted) so it can be seen again."""

    def name(self) -> str:
        return "action_relief_save"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        shown = tracker.get_slot("relief_shown")
        if not shown or flow.answers_from_key(shown).jurisdiction not in entries():
            dispatcher.utter_message(response="utter_relief_nothing_to_save")
            return []
        key_file = load_settings().data_key_file

        def work(session: Session) -> None:  # the same answer twice is kept once
            items = saved.saved_items(session, tracker.sender_id, "relief", key_file)
            if not any(item.get("shown") == shown for item in items):
                saved.save_item(session, tracker.sender_id, "relief", {"shown": shown}, key_file)

        await run_in_session_async(work)
        dispatcher.utter_message(response="utter_relief_saved")
        return []


class ActionReliefShowSaved(Action):
    """Show saved answers again, rebuilt from today's checked facts (newest first, 3 at most)."""

    def name(self) -> str:
        return "action_relief_show_saved"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        key_file = load_settings().data_key_file
        items = await run_in_session_async(lambda session: saved.saved_items(
            session, tracker.sender_id, "relief", key_file))
        places = entries()
        known = list(dict.fromkeys(
            item["shown"] for item in items
            if flow.answers_from_key(item.get("shown", "")).jurisdiction in places))
        if not known:
            dispatcher.utter_message(response="utter_relief_none_saved")
            return []
        texts: list[str] = []
        for key in known[:3]:
            texts.extend(_texts_for(key))
        _send_all(dispatcher, texts, response_buttons(domain, "utter_relief_next"))
        return []
