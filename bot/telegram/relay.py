"""The counselor relay, the person's side: while a counselor has a person's request (a
handoff ticket in state "active"), what the person types goes to the counselor, not to Rasa.

A typed text while the request is still a draft is its note, unless it reads as taking the
request back ("actually, cancel that", "ya no quiero hablar con nadie"): then the person is
asked first (cancel / send it with that note / send without a note), and the text is held
in memory only until they choose. A withdrawn yes is never sent on. The database work is in
bot.telegram.handoff; the way back (counselor messages) is the outbox.
"""

from __future__ import annotations

import logging

from telegram.ext import ContextTypes

from bot.db.runtime import run_in_session_async
from bot.handoff.withdrawal import sounds_like_withdrawal
from bot.replies import Button, Reply
from bot.safety.crisis import is_crisis
from bot.telegram import handoff
from bot.telegram.conversation import converse, crisis_help, send
from bot.telegram.handoff import (
    HANDOFF_CANCEL,
    HANDOFF_ENDED,
    HANDOFF_KEEP_NOTE,
    HANDOFF_SENT,
    Handoff,
)
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
    context: ContextTypes.DEFAULT_TYPE, turn: Turn, ticket: Handoff, text: str,
    confirmed: bool = False,
) -> bool:
    """A typed text while a request is a draft is its note: the request is sent and
    Rasa confirms it. False if the draft is gone (then Rasa gets the text). A text that
    reads as taking the request back is held and the person asked (`confirmed` once they
    said it is the note); crisis words are always a note, with the crisis help first."""
    state = state_of(context)
    crisis = is_crisis(text)
    if not confirmed and not crisis and sounds_like_withdrawal(text):
        state.held_notes[turn.sender] = text
        log.info("Handoff: ticket %s, the note reads as taking it back; asked first",
                 ticket.ticket_id)
        await send(context, turn, Reply(
            text=state.text("handoff_withdraw_ask", turn.language),
            buttons=[Button(state.text("handoff_withdraw_cancel", turn.language),
                            HANDOFF_CANCEL),
                     Button(state.text("handoff_withdraw_keep", turn.language),
                            HANDOFF_KEEP_NOTE),
                     Button(state.text("handoff_withdraw_no_note", turn.language),
                            HANDOFF_SENT)]))
        return True
    state.held_notes.pop(turn.sender, None)
    if crisis:
        await crisis_help(context, turn)  # and the note is kept all the same
    settings = state.settings
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


async def send_held_note(context: ContextTypes.DEFAULT_TYPE, turn: Turn) -> bool:
    """"Send it with that note": the held text is the note after all. False when there is
    no held note or no draft any more (the button is then out of date)."""
    state = state_of(context)
    text = state.held_notes.pop(turn.sender, None)
    ticket = await current_ticket(state, turn.sender)
    if text is None or ticket is None or not ticket.draft:
        return False
    return await send_note(context, turn, ticket, text, confirmed=True)
