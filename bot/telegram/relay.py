"""The counselor relay, the person's side: while a counselor has a person's request (a
handoff ticket in state "active"), what the person types goes to the counselor, not to Rasa.

A typed text while the request is still a draft is its note. The database work is in
bot.telegram.handoff; the way back (counselor messages) is the outbox.
"""

from __future__ import annotations

import logging

from telegram.ext import ContextTypes

from bot.db.runtime import run_in_session_async
from bot.safety.crisis import is_crisis
from bot.telegram import handoff
from bot.telegram.conversation import converse, crisis_help
from bot.telegram.handoff import HANDOFF_ENDED, HANDOFF_SENT, Handoff
from bot.telegram.ordering import Turn
from bot.telegram.state import BridgeState, state_of

log = logging.getLogger(__name__)


async def current_ticket(state: BridgeState, sender: str) -> Handoff | None:
    """The person's open ticket, if any. If the database can't say, the message goes
    to the assistant, which still answers (and still gives crisis help)."""
    try:
        return await run_in_session_async(
            lambda s: handoff.current(s, sender), state.settings.database_url
        )
    except Exception as error:  # noqa: BLE001 - routing must never stop a turn
        log.warning("Handoff state unavailable: %s", type(error).__name__)
        return None


async def in_counselor_chat(state: BridgeState, sender: str) -> bool:
    """True while a counselor has this person's request."""
    ticket = await current_ticket(state, sender)
    return ticket is not None and ticket.active


async def send_note(
    context: ContextTypes.DEFAULT_TYPE, turn: Turn, ticket: Handoff, text: str
) -> bool:
    """A typed text while a request is a draft is its note: the request is sent and
    Rasa confirms it. False if the draft is gone (then Rasa gets the text)."""
    if is_crisis(text):
        await crisis_help(context, turn)  # and the note is kept all the same
    settings = state_of(context).settings
    key_file = settings.data_key_file
    sent = await run_in_session_async(
        lambda s: handoff.submit_note(s, ticket.ticket_id, turn.sender, text, key_file),
        settings.database_url,
    )
    if not sent:
        return False
    log.info("Handoff: ticket %s sent with a note", ticket.ticket_id)
    await converse(context, turn, HANDOFF_SENT)
    return True


async def to_counselor(
    context: ContextTypes.DEFAULT_TYPE, turn: Turn, ticket: Handoff, text: str
) -> bool:
    """A typed text during a counselor chat goes to the counselor, not to Rasa, and
    gets no automatic answer, except crisis help, which never waits for a human.
    False if the chat ended meanwhile (then Rasa gets the text)."""
    crisis = is_crisis(text)
    if crisis:
        await crisis_help(context, turn)
    settings = state_of(context).settings
    key_file = settings.data_key_file
    return await run_in_session_async(
        lambda s: handoff.to_counselor(s, ticket.ticket_id, turn.sender, text, key_file,
                                       crisis),
        settings.database_url,
    )


async def back_to_assistant(context: ContextTypes.DEFAULT_TYPE, turn: Turn) -> None:
    """The person ends the counselor chat (/bot or the button); Rasa takes over."""
    settings = state_of(context).settings
    key_file = settings.data_key_file
    ended = await run_in_session_async(
        lambda s: handoff.end_active(s, turn.sender, key_file, "person"),
        settings.database_url,
    )
    if ended is None:  # the counselor closed it meanwhile: the outbox hands back
        await converse(context, turn, "/menu")
        return
    log.info("Handoff: ticket %s ended by the person", ended)
    await converse(context, turn, HANDOFF_ENDED)
