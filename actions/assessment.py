"""Skills-and-jobs actions: the assessment questions, the result, one job in detail, the
saved profile (show, change, delete).

Thin adapters: the decisions live in bot.assess (flow, match, present); these read slots,
call one function, send what it returns and store the profile.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import Action, QuestionFlow, entity, send
from bot.assess import flow, present
from bot.assess.match import rank
from bot.assess.occupations import get as get_occupation
from bot.assess.profile import delete_profile, load_profile, save_profile
from bot.assess.skills import extract, warm_up
from bot.config import load_settings
from bot.db.runtime import run_in_session_async

STEP, DATA, ACTIVE = "assess_step", "assess_data", "active_flow"
CLEARED = [SlotSet(STEP, None), SlotSet(DATA, None)]
SHOWN_JOBS = 3
# Build the skill matchers when the action server starts, not on someone's first answer.
warm_up()


def takes_text(tracker: Tracker) -> bool:
    """Whether this message is typed words for the open "what work have you done?" question.

    Such words look like many things to the classifier ("I cooked and did hair" reads like a
    search for cooking classes), so the actions those intents lead to check this first.
    """
    text = tracker.latest_message.get("text") or ""
    return (tracker.get_slot(STEP) == flow.EXPERIENCE and tracker.get_slot(ACTIVE) != "relief"
            and bool(text.strip()) and not text.startswith("/"))


def ask(dispatcher: CollectingDispatcher, step: str, state: flow.AssessState) -> None:
    """Ask the question of `step`."""
    if flow.is_item(step):
        send(dispatcher, [present.item_question(step)])
    elif step == flow.EXPERIENCE:
        send(dispatcher, [present.experience_question()])
    elif step == flow.CONFIRM:
        send(dispatcher, [present.confirm_question(state)])
    else:
        dispatcher.utter_message(response=f"utter_ask_assess_{step}")


def _matches(profile: dict[str, Any], max_zone: int | None = None, limit: int = SHOWN_JOBS,
             min_zone: int = 1) -> list[Any]:
    state = flow.AssessState.from_profile(profile)
    found = rank(flow.area_scores(state), profile.get("skills", []), flow.constraints_of(state),
                 max_zone=max_zone or int(profile.get("max_zone", 3)), limit=limit + 10,
                 extra_occupations=profile.get("titles", []))
    return [m for m in found if m.occupation.job_zone >= min_zone][:limit]


async def _load(sender: str) -> dict[str, Any] | None:
    key_file = load_settings().data_key_file
    return await run_in_session_async(lambda session: load_profile(session, sender, key_file))


# What each part of the questions fills in the profile (changing one part keeps the rest).
_PART_KEYS = {"interests": {"scores"}, "experience": {"skills", "titles"},
              "constraints": {"constraints"}}


async def finish(dispatcher: CollectingDispatcher, tracker: Tracker,
                 state: flow.AssessState) -> list[EventType]:
    """The result from what was answered; the profile is saved (minimal, sealed)."""
    profile = flow.profile_of(state)
    if state.parts and len(state.parts) < len(flow.PARTS):
        saved = await _load(tracker.sender_id) or {}
        asked = set().union(*(_PART_KEYS[part] for part in state.parts))
        # A part stopped before any answer leaves the saved one as it was.
        profile = {**saved, **{k: v for k, v in profile.items() if k in asked and v}}
    key_file = load_settings().data_key_file
    sender = tracker.sender_id
    await run_in_session_async(lambda session: save_profile(session, sender, profile, key_file))
    shown = replace(flow.AssessState.from_profile(profile), answers=state.answers,
                    parts=state.parts)
    send(dispatcher, present.result(shown, _matches(profile)))
    return [*CLEARED, SlotSet(ACTIVE, None)]


def start(dispatcher: CollectingDispatcher, parts: tuple[str, ...] = tuple(flow.PARTS),
          previous: dict[str, Any] | None = None, intro: bool = True) -> list[EventType]:
    """A new round of questions over `parts`."""
    state = flow.new_state(parts, previous)
    step = flow.first_step(state)
    if intro:
        dispatcher.utter_message(response="utter_assess_intro")
    ask(dispatcher, step, state)
    return [SlotSet(STEP, step), SlotSet(DATA, state.to_slot()), SlotSet(ACTIVE, "assess")]


async def answer(dispatcher: CollectingDispatcher, tracker: Tracker,
                 domain: dict[str, Any]) -> list[EventType]:
    """Store the answer to the open question, then ask the next one or give the result."""
    step = tracker.get_slot(STEP)
    state = flow.AssessState.from_slot(tracker.get_slot(DATA))
    message = tracker.latest_message
    value = flow.parse_answer(step, (message.get("intent") or {}).get("name"),
                              message.get("entities", []) or [], message.get("text"))
    if value is None:
        if step == flow.EXPERIENCE:
            dispatcher.utter_message(text=present.text("experience_none"))
        else:
            dispatcher.utter_message(response="utter_assess_unclear")
        ask(dispatcher, step, state)
        return [SlotSet(ACTIVE, "assess")]
    events: list[EventType] = [SlotSet(ACTIVE, "assess")]
    if step == flow.EXPERIENCE and value != flow.SKIPPED:
        found = extract(value)
        if not found.skills and not found.occupations and not state.told:
            # Nothing understood: say so once, and let them try again or skip.
            state = replace(state, told=True)
            dispatcher.utter_message(text=present.text("experience_none"))
            ask(dispatcher, step, state)
            return [*events, SlotSet(DATA, state.to_slot())]
        state = flow.record_answer(step, value, state, (found.skills, found.occupations))
    elif step == flow.CONFIRM and value == "again":
        state = replace(state, skills=(), titles=(), told=False)
        ask(dispatcher, flow.EXPERIENCE, state)
        return [*events, SlotSet(STEP, flow.EXPERIENCE), SlotSet(DATA, state.to_slot())]
    else:
        state = flow.record_answer(step, value, state)
    if step == flow.CONFIRM and isinstance(value, tuple) and (
            state.skills or state.titles):
        ask(dispatcher, step, state)  # something removed: show what is left
        return [*events, SlotSet(DATA, state.to_slot())]
    following = flow.following_step(step, state)
    if following is None:
        return events + await _end(dispatcher, tracker, state)
    ask(dispatcher, following, state)
    return [*events, SlotSet(STEP, following), SlotSet(DATA, state.to_slot())]


async def why(dispatcher: CollectingDispatcher, tracker: Tracker,
              domain: dict[str, Any]) -> list[EventType]:
    """Why the open question is asked, then the question again."""
    step = tracker.get_slot(STEP)
    state = flow.AssessState.from_slot(tracker.get_slot(DATA))
    if flow.is_item(step):
        dispatcher.utter_message(response="utter_explain_assess_items")
    elif step in (flow.EXPERIENCE, flow.CONFIRM):
        dispatcher.utter_message(response="utter_explain_assess_experience")
    else:
        dispatcher.utter_message(response=f"utter_explain_assess_{step}")
    ask(dispatcher, step, state)
    return []


async def stop(dispatcher: CollectingDispatcher, tracker: Tracker,
               domain: dict[str, Any]) -> list[EventType]:
    """Stop the questions: a result from what was answered, or a kind goodbye to them."""
    return await _end(dispatcher, tracker, flow.AssessState.from_slot(tracker.get_slot(DATA)))


async def _end(dispatcher: CollectingDispatcher, tracker: Tracker,
               state: flow.AssessState) -> list[EventType]:
    if flow.has_result(state):
        return await finish(dispatcher, tracker, state)
    dispatcher.utter_message(text=present.text("stopped_early"))
    dispatcher.utter_message(response="utter_menu")
    return [*CLEARED, SlotSet(ACTIVE, None)]


async def resume(dispatcher: CollectingDispatcher, tracker: Tracker,
                 domain: dict[str, Any]) -> list[EventType]:
    """Go on where the person left off: the open question again, and a way to start over."""
    dispatcher.utter_message(text=present.text("resumed"))
    ask(dispatcher, tracker.get_slot(STEP), flow.AssessState.from_slot(tracker.get_slot(DATA)))
    dispatcher.utter_message(response="utter_assess_start_over")
    return [SlotSet(ACTIVE, "assess")]


async def start_or_resume(dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: dict[str, Any]) -> list[EventType]:
    """Skills and jobs asked for: words about past work answer the open question; an open
    round goes on (unless "all over again" was asked); else a new round."""
    if takes_text(tracker):
        return await answer(dispatcher, tracker, domain)
    if tracker.get_slot(STEP) and entity(tracker, "part") != "all":
        return await resume(dispatcher, tracker, domain)
    return start(dispatcher)


FLOW = QuestionFlow(
    name="assess", step_slot=STEP,
    entities=frozenset({"likert", "assess_value", "assess_confirm", "assess_remove"}),
    start=start_or_resume, answer=answer, why=why, stop=stop, resume=resume,
)


class ActionAssessStart(Action):
    """Skills and jobs: start the questions, or go on where the person left off."""

    def name(self) -> str:
        return "action_assess_start"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        return await FLOW.start(dispatcher, tracker, domain)


class ActionAssessExperience(Action):
    """Someone describes work they have done, with no question open: take it as the answer
    to "what have you done?" and go on from there (no interest statements)."""

    def name(self) -> str:
        return "action_assess_experience"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        if tracker.get_slot(STEP):
            return await answer(dispatcher, tracker, domain)
        state = flow.new_state(("experience", "constraints"))
        found = extract(flow.parse_answer(flow.EXPERIENCE, None, [],
                                          tracker.latest_message.get("text")) or "")
        if not found.skills and not found.occupations:
            return start(dispatcher, ("experience", "constraints"))
        state = flow.record_answer(flow.EXPERIENCE, "text", state,
                                   (found.skills, found.occupations))
        ask(dispatcher, flow.CONFIRM, state)
        return [SlotSet(STEP, flow.CONFIRM), SlotSet(DATA, state.to_slot()),
                SlotSet(ACTIVE, "assess")]


class ActionOccupationMore(Action):
    """One job in more detail."""

    def name(self) -> str:
        return "action_occupation_more"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        occupation = get_occupation(entity(tracker, "onet") or "")
        if occupation is None:
            dispatcher.utter_message(response="utter_assess_which_job")
            return []
        send(dispatcher, [present.more_about(occupation)])
        return []


class ActionAssessWider(Action):
    """Jobs that need more school or training, on request."""

    def name(self) -> str:
        return "action_assess_wider"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        profile = await _load(tracker.sender_id)
        if not profile:
            send(dispatcher, [present.profile_view(None)])
            return []
        send(dispatcher, present.wider(_matches(profile, max_zone=5, min_zone=4)))
        return []


class ActionProfileShow(Action):
    """What is kept about the person, with ways to change or delete it."""

    def name(self) -> str:
        return "action_profile_show"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        send(dispatcher, [present.profile_view(await _load(tracker.sender_id))])
        return []


class ActionProfileUpdate(Action):
    """Change one part of the profile (or, with no part named, ask which)."""

    def name(self) -> str:
        return "action_profile_update"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        part = entity(tracker, "part")
        profile = await _load(tracker.sender_id)
        if part not in flow.PARTS or not profile:
            send(dispatcher, [present.profile_view(profile)])
            return []
        return start(dispatcher, (part,), profile, intro=False)


class ActionProfileDelete(Action):
    """Delete the saved profile (and any open questions)."""

    def name(self) -> str:
        return "action_profile_delete"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        sender = tracker.sender_id
        existed = await run_in_session_async(lambda session: delete_profile(session, sender))
        dispatcher.utter_message(
            text=present.text("profile_deleted" if existed else "profile_none_to_delete"))
        dispatcher.utter_message(response="utter_menu")
        return [*CLEARED, SlotSet(ACTIVE, None)]
