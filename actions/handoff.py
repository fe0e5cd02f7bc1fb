"""Talking to a person: ask for a counselor, choose what is shared, send, cancel, and come
back to the assistant.

Thin adapters: every ticket change goes through bot.handoff.store; the summary and the chat
shared come from bot.handoff.summary; texts from bot.handoff.present.

Contract with the Telegram bridge: after a share choice, the reply carries
`{"handoff_ticket": <id>}` as a custom message, so the bridge knows where counselor replies
go. The bridge takes the person's next typed message as the note, submits the draft and
sends `/handoff_send` (the same intent as "Send without a note": the request is then
already waiting, so the reply is where it stands); when a counselor chat ends it sends
`/handoff_ended`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.common import Action, entity, send
from bot import catalog
from bot.config import load_settings
from bot.db.runtime import run_in_session_async
from bot.dialogue import HANDOFF_TURNS, INTERRUPTIONS, resume_point
from bot.handoff import present, store, summary
from bot.handoff.models import SHARES, Ticket

TICKET_KEY = "handoff_ticket"  # the custom message the bridge reads
SHARE_ENTITY = "share"
DEFAULT_CHANNEL = "telegram"


def _today() -> dt.date:
    return dt.date.today()


def _channel(tracker: Tracker) -> str:
    """Where the person is: the bridge may say so in the message metadata; Rasa's REST
    channel (which the bridge and the terminal use) says nothing useful."""
    metadata = tracker.latest_message.get("metadata") or {}
    named = metadata.get("channel") or tracker.get_latest_input_channel()
    if not named or named == "rest":
        return DEFAULT_CHANNEL
    return str(named)[:16]


@dataclass(frozen=True)
class Standing:
    """Where a person's request stands, read in one session."""

    status: str | None  # None (no open request), draft, waiting or active
    ticket_id: int | None = None
    number: int = 0  # place in line while waiting
    wait: int | None = None  # usual wait in minutes, when known
    next_shift: bool = False  # nobody on duty now (or it was sent after hours)


def _standing(session: Session, ticket: Ticket | None) -> Standing:
    if ticket is None:
        return Standing(None)
    on_duty = store.counselors_on_duty(session) > 0
    return Standing(ticket.status, ticket.id, store.position(session, ticket),
                    store.usual_wait_minutes(session) if on_duty else None,
                    ticket.after_hours or not on_duty)


def _say_standing(dispatcher: CollectingDispatcher, standing: Standing) -> None:
    """A request already open: where it stands."""
    if standing.status == "active":
        send(dispatcher, [present.active()])
    else:
        send(dispatcher, [present.waiting(standing.number, standing.wait,
                                           standing.next_shift)])


class ActionHandoffStart(Action):
    """"Talk to a person": who answers and when, then exactly what each choice would
    share; a request already open says where it stands instead."""

    def name(self) -> str:
        return "action_handoff_start"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        sender, settings, today = tracker.sender_id, load_settings(), _today()

        def work(session: Session) -> tuple[str | None, Standing, bool, summary.Summary | None]:
            ticket = store.open_ticket(session, sender)
            if ticket is not None and ticket.status in ("waiting", "active"):
                return ticket.status, _standing(session, ticket), False, None
            on_duty = store.counselors_on_duty(session) > 0
            built = summary.build(session, sender, settings.data_key_file, today)
            return (ticket.status if ticket else None), Standing(None), on_duty, built

        status, standing, on_duty, built = await run_in_session_async(work)
        if built is None:
            _say_standing(dispatcher, standing)
            return []
        if status is None:  # a draft: the person saw all this already
            send(dispatcher, present.intro(*present.organisation_and_hours(settings), on_duty))
        send(dispatcher, [present.share_choice(built)])
        return []


class ActionHandoffShare(Action):
    """The share choice: record the consent, start the request, offer to add a note."""

    def name(self) -> str:
        return "action_handoff_share"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        share = (entity(tracker, SHARE_ENTITY) or "").strip().lower()
        sender, settings, today = tracker.sender_id, load_settings(), _today()
        key_file = settings.data_key_file
        transcript = summary.transcript(tracker.events) if share == "full" else None
        channel = _channel(tracker)

        def work(session: Session) -> tuple[Standing, summary.Summary]:
            ticket = store.open_ticket(session, sender)
            if ticket is not None and ticket.status != "draft":
                return _standing(session, ticket), summary.Summary()
            built = summary.build(session, sender, key_file, today)
            if share not in SHARES:
                return Standing(None), built
            on_duty = store.counselors_on_duty(session) > 0
            # Counselors read the summary in their own language; the person's own words
            # (their note, the chat) are kept as they wrote them.
            with catalog.speaking(settings.counselor_language):
                shared = summary.build(session, sender, key_file, today).sealed() \
                    if share in ("summary", "full") else None
            draft = store.create_draft(
                session, sender, share, key_file=key_file, summary=shared,
                transcript=transcript, after_hours=not on_duty, channel=channel)
            return Standing("draft", draft.id), built

        standing, built = await run_in_session_async(work)
        if standing.status in ("waiting", "active"):
            _say_standing(dispatcher, standing)
            return []
        if standing.ticket_id is None:  # not one of the choices: ask again
            dispatcher.utter_message(text=present.share_unknown())
            send(dispatcher, [present.share_choice(built)])
            return []
        dispatcher.utter_message(json_message={TICKET_KEY: standing.ticket_id})
        send(dispatcher, [present.chosen(share, built)])
        return []


class ActionHandoffSend(Action):
    """Send the request: "Send without a note" (a button or typed), or the bridge has
    already submitted it with the note (it sends handoff_send too). Then where it stands."""

    def name(self) -> str:
        return "action_handoff_send"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        sender, key_file = tracker.sender_id, load_settings().data_key_file

        def work(session: Session) -> Standing:
            ticket = store.open_ticket(session, sender)
            if ticket is not None and ticket.status == "draft":
                # Still a draft: "Send without a note", or the bridge could not keep the
                # note. Sending it now is better than leaving it to expire.
                store.submit(session, ticket, None, key_file)
                session.flush()
            return _standing(session, ticket)

        standing = await run_in_session_async(work)
        if standing.status is None:
            send(dispatcher, [present.no_request()])
        elif standing.status == "active":
            send(dispatcher, [present.active()])
        else:
            send(dispatcher, [present.sent(standing.number, standing.wait,
                                            standing.next_shift)])
        return []


class ActionHandoffCancel(Action):
    """Withdraw a request no counselor has taken yet."""

    def name(self) -> str:
        return "action_handoff_cancel"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        sender = tracker.sender_id

        def work(session: Session) -> str:
            ticket = store.open_ticket(session, sender)
            if ticket is None:
                return "none"
            if ticket.status == "active":
                return "active"
            store.cancel(session, sender)
            return "cancelled"

        outcome = await run_in_session_async(work)
        dispatcher.utter_message(text=present.cancelled(outcome))
        if outcome != "active":
            dispatcher.utter_message(response="utter_menu")
        return []


class ActionHandoffResume(Action):
    """Back from a counselor chat (the bridge says so): go on where the person was."""

    def name(self) -> str:
        return "action_handoff_resume"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        dispatcher.utter_message(text=present.resumed())
        point = resume_point(tracker.events, INTERRUPTIONS | HANDOFF_TURNS)
        if point is None:
            dispatcher.utter_message(response="utter_menu")
        else:
            dispatcher.utter_message(text=point["text"], buttons=point.get("buttons") or [])
        return []
