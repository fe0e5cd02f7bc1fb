"""Training-program actions: search (in words, from a job, refined, paged, relaxed), one
program in detail, save / share / list / remove.

Thin adapters: the search is bot.programs.search; the request is built by
bot.programs.request from entities and the saved profile; texts by bot.programs.present.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import assessment
from actions.common import Action, send
from bot.assess.profile import load_profile
from bot.config import load_settings
from bot.db import saved
from bot.db.runtime import run_in_session_async
from bot.programs import misses, present, request
from bot.programs.program_view import get_programs
from bot.programs.search import search

QUERY, OFFSET, RELAX = "search_query", "search_offset", "search_relax"
PAGE = 3
KIND = "program"

log = logging.getLogger(__name__)


def _today() -> dt.date:
    return dt.date.today()


def _program_id(tracker: Tracker) -> int | None:
    for entity in tracker.latest_message.get("entities", []) or []:
        if entity.get("entity") == "program_id":
            try:
                return int(str(entity.get("value")))
            except ValueError:
                return None
    return None


async def _count_miss(query: dict[str, Any]) -> None:
    """Count a search that found nothing for the console (topic and place only, no person);
    a failure is logged and never reaches the person."""
    def work(session: Any) -> None:  # in the worker thread: the place tables may load
        misses.record_miss(session, misses.miss_topic(query), misses.miss_place(query))

    try:
        await run_in_session_async(work)
    except Exception as error:  # counting must never break the reply
        log.warning("could not count a search that found nothing (%s)", type(error).__name__)


async def _run_search(dispatcher: CollectingDispatcher, query: dict[str, Any],
                      offset: int, new_request: bool = False) -> list[EventType]:
    """Search, send the page; `new_request`: the person asked this search (not a "more" page
    or a relaxed re-run of it), so finding nothing is counted once for the console."""
    today = _today()
    result = await run_in_session_async(lambda session: search(
        session, request.to_query(query), today=today, limit=PAGE, offset=offset))
    asked = bool(query.get("occupations") or query.get("keywords"))
    send(dispatcher, present.results(result, offset, asked_topic=asked))
    if new_request and offset == 0 and not result.hits:
        await _count_miss(query)
    relax = result.relax.filter if (result.relax and not result.hits) else None
    return [SlotSet(QUERY, query), SlotSet(OFFSET, offset), SlotSet(RELAX, relax)]


class ActionSearchPrograms(Action):
    """Find programs for what was asked (plus the profile's needs); ask where if unknown."""

    def name(self) -> str:
        return "action_search_programs"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        if assessment.takes_text(tracker):
            # Words about past work ("I cooked and did hair") answer the open question.
            return await assessment.answer(dispatcher, tracker, domain)
        sender, key_file = tracker.sender_id, load_settings().data_key_file
        profile = await run_in_session_async(
            lambda session: load_profile(session, sender, key_file))
        entities = tracker.latest_message.get("entities", []) or []
        query = request.build(entities, profile, tracker.get_slot(QUERY))
        if request.needs_place(query):
            send(dispatcher, [present.ask_place()])
            return [SlotSet(QUERY, query), SlotSet(OFFSET, 0), SlotSet(RELAX, None)]
        return await _run_search(dispatcher, query, 0, new_request=True)


async def more_programs(dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: dict[str, Any]) -> list[EventType]:
    """The next page of the last search."""
    query = tracker.get_slot(QUERY)
    if not query or request.needs_place(query):
        dispatcher.utter_message(response="utter_programs_what")
        return []
    return await _run_search(dispatcher, query, int(tracker.get_slot(OFFSET) or 0) + PAGE)


class ActionMorePrograms(Action):
    """The next page of the last search."""

    def name(self) -> str:
        return "action_more_programs"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        return await more_programs(dispatcher, tracker, domain)


class ActionRelaxSearch(Action):
    """Drop the filter that removed the most, and search again."""

    def name(self) -> str:
        return "action_relax_search"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        query, field = tracker.get_slot(QUERY), tracker.get_slot(RELAX)
        if not query or not field:
            dispatcher.utter_message(response="utter_programs_what")
            return []
        return await _run_search(dispatcher, request.relaxed(query, field), 0)


async def _program(program_id: int | None) -> Any:
    if program_id is None:
        return None
    found = await run_in_session_async(lambda session: get_programs(session, [program_id]))
    return found[0] if found else None


class ActionProgramDetails(Action):
    """One program in full."""

    def name(self) -> str:
        return "action_program_details"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        program = await _program(_program_id(tracker))
        if program is None:
            dispatcher.utter_message(text=present.t(
                "details_gone" if _program_id(tracker) is not None else "which"))
            return []
        send(dispatcher, [present.details(program, _today())])
        return []


async def _keep(tracker: Tracker, share: bool) -> str:
    """Save the program named by the button (once); "saved", "already" or "missing"."""
    program = await _program(_program_id(tracker))
    if program is None:
        return "missing"
    sender, key_file = tracker.sender_id, load_settings().data_key_file

    def work(session: Any) -> str:
        items = saved.saved_items(session, sender, KIND, key_file)
        old = next((i for i in items if i.get("program_id") == program.id), None)
        if old is not None and (old.get("share") or not share):
            return "already"
        if old is not None:
            saved.remove_items(session, sender, KIND,
                               lambda item: item.get("program_id") == program.id, key_file)
        saved.save_item(session, sender, KIND, {"program_id": program.id, "key": program.key,
                                                "share": share}, key_file)
        return "saved"

    return await run_in_session_async(work)


class ActionSaveProgram(Action):
    """Keep a program in the person's list."""

    def name(self) -> str:
        return "action_save_program"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        outcome = await _keep(tracker, share=False)
        key = {"saved": "saved", "already": "saved_already", "missing": "which"}[outcome]
        send(dispatcher, [present.kept(key)])
        return []


class ActionShareProgram(Action):
    """Keep a program and mark it to share with a counselor (only with later consent)."""

    def name(self) -> str:
        return "action_share_program"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        outcome = await _keep(tracker, share=True)
        dispatcher.utter_message(text=present.t("which" if outcome == "missing" else "share"))
        return []


class ActionSavedPrograms(Action):
    """The saved list (programs no longer listed are left out)."""

    def name(self) -> str:
        return "action_saved_programs"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        sender, key_file = tracker.sender_id, load_settings().data_key_file

        def work(session: Any) -> list[Any]:
            items = saved.saved_items(session, sender, KIND, key_file)
            ids = list(dict.fromkeys(int(i["program_id"]) for i in items if "program_id" in i))
            return get_programs(session, ids)

        programs = await run_in_session_async(work)
        send(dispatcher, [present.saved_list(programs)])
        return []


class ActionRemoveProgram(Action):
    """Take a program off the saved list."""

    def name(self) -> str:
        return "action_remove_program"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        program_id = _program_id(tracker)
        if program_id is None:
            dispatcher.utter_message(text=present.t("which"))
            return []
        sender, key_file = tracker.sender_id, load_settings().data_key_file
        await run_in_session_async(lambda session: saved.remove_items(
            session, sender, KIND, lambda item: item.get("program_id") == program_id,
            key_file))
        send(dispatcher, [present.kept("removed")])
        return []
