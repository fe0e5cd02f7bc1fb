"""The handlers: typed text, commands, buttons, edits, everything else, and errors.

Each takes the person's turn (bot.telegram.ordering) and decides where the update goes:
to Rasa, to the counselor during a counselor chat, or to the quick exit. They are
registered, in order, by bot.telegram.application.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from telegram import Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.replies import COMMAND_INTENTS, QUICK_EXIT, command_word, payload_intent
from bot.telegram import language, quick_exit, relay
from bot.telegram.conversation import button_payload, converse, say
from bot.telegram.handoff import HANDOFF_BACK, HANDOFF_KEEP_NOTE
from bot.telegram.ordering import Turn
from bot.telegram.state import BridgeState, state_of

log = logging.getLogger(__name__)

# A pressed button clears its keyboard (an answered question can't be answered twice),
# except on lists a person goes back to: jobs and programs (details, save, training for
# this job), and quick exit, which deletes the message anyway.
KEEP_KEYBOARD = frozenset({
    "quick_exit", "program_details", "save_program", "share_program", "remove_program",
    "occupation_more", "search_programs",
})
# Button payloads that still reach Rasa while a counselor is in the chat ("delete
# everything" must always work); the quick exit is handled on its own.
HANDOFF_PASS_INTENTS = frozenset({"forget", "forget_confirm"})

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


@contextlib.asynccontextmanager
async def _turn(state: BridgeState, update: Update, incoming: list[int],
                said: str | None = None) -> AsyncIterator[Turn]:
    """One turn of one person: a person's updates run one at a time in the order they
    were sent, and the turn's message ids are stored in one write at its end. The turn
    speaks the person's language, as `said` (their text or payload) leaves it."""
    async with state.ordering.person(
        state.sender_of(update), update.effective_chat.id, incoming, update.update_id
    ) as turn:
        await language.settle(state, update, turn, said)
        yield turn


async def _leave_fast(context: ContextTypes.DEFAULT_TYPE, turn: Turn) -> None:
    """Quick exit: end a counselor chat if there is one (the counselor is told not to
    write), then the usual quick exit, which runs even if the database fails."""
    state = state_of(context)
    state.held_notes.pop(turn.sender, None)
    await quick_exit.end_counselor_chat(state, turn)
    try:
        await converse(context, turn, QUICK_EXIT)
    finally:
        state.leaving.discard(turn.sender)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A typed message goes to Rasa, or to the counselor during a counselor chat, or
    becomes the note of a counselor request that waits for one."""
    state = state_of(context)
    message = update.effective_message
    text = (message.text or "").strip()
    async with _turn(state, update, [message.message_id], text or None) as turn:
        if not text:
            await say(context, turn, "empty")
            return
        ticket = await relay.current_ticket(state, turn.sender)
        if ticket is not None and ticket.active:
            if await relay.to_counselor(context, turn, ticket, text):
                return
        elif ticket is not None and ticket.draft:
            if await relay.send_note(context, turn, ticket, text):
                return
        await converse(context, turn, text)


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Known commands send their intent; unknown ones get the list of commands. During
    a counselor chat only /bot, /exit and /forget do something."""
    state = state_of(context)
    message = update.effective_message
    word = command_word(message.text or "")
    async with _turn(state, update, [message.message_id], COMMAND_INTENTS.get(word)) as turn:
        state.held_notes.pop(turn.sender, None)
        if word == "exit":
            await _leave_fast(context, turn)
            return
        if word != "forget" and await relay.in_counselor_chat(state, turn.sender):
            if word == "bot":
                await relay.back_to_assistant(context, turn)
            else:
                await say(context, turn, "handoff_in_progress")
            return
        # Outside a counselor chat, /bot (back to the assistant) shows the menu.
        intent = "/menu" if word == "bot" else COMMAND_INTENTS.get(word)
        if intent is None:
            await say(context, turn, "unknown_command")
        else:
            await converse(context, turn, intent)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A pressed button: answer it, clear its keyboard, send its payload to Rasa.
    During a counselor chat only "Back to the assistant", quick exit and "delete
    everything" do something; other (older) buttons get a reminder."""
    state = state_of(context)
    query = update.callback_query
    data = button_payload(state, query.data or "")
    async with _turn(state, update, [], data) as turn:
        with contextlib.suppress(TelegramError):
            await query.answer()
        intent = payload_intent(data)
        if intent == "quick_exit":
            await _leave_fast(context, turn)
            return
        if intent not in HANDOFF_PASS_INTENTS and await relay.in_counselor_chat(
            state, turn.sender
        ):
            if data == HANDOFF_BACK:
                await _clear_keyboard(query)
                await relay.back_to_assistant(context, turn)
            else:
                await say(context, turn, "handoff_in_progress")
            return
        if intent not in KEEP_KEYBOARD:
            await _clear_keyboard(query)
        if data == HANDOFF_KEEP_NOTE:  # "Send it with that note" (relay.send_note asked)
            if not await relay.send_held_note(context, turn):
                await say(context, turn, "button_expired")
                await converse(context, turn, "/menu")
            return
        state.held_notes.pop(turn.sender, None)  # any other choice lets a held note go
        if data == HANDOFF_BACK:  # the counselor chat is over: like /bot, the menu
            await converse(context, turn, "/menu")
        elif intent is None or intent not in state.known_intents:
            await say(context, turn, "button_expired")
            await converse(context, turn, "/menu")
        else:
            await converse(context, turn, data)


async def _clear_keyboard(query: Any) -> None:
    if isinstance(query.message, Message):
        with contextlib.suppress(BadRequest):
            await query.edit_message_reply_markup(reply_markup=None)


async def on_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Edits are not re-read: ask kindly to send the message again."""
    state = state_of(context)
    async with _turn(state, update, []) as turn:
        active = await relay.in_counselor_chat(state, turn.sender)
        await say(context, turn, "handoff_edited" if active else "edited")


def media(key: str) -> Handler:
    """A handler that answers a non-text message with the catalog text `key` (during a
    counselor chat: only text is passed on)."""

    async def on_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        state = state_of(context)
        async with _turn(state, update, [update.effective_message.message_id]) as turn:
            active = await relay.in_counselor_chat(state, turn.sender)
            await say(context, turn, "handoff_text_only" if active else key)

    return on_media


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error without personal data and tell the person gently."""
    log.error("Error while handling an update: %s", type(context.error).__name__,
              exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat:
        with contextlib.suppress(TelegramError):
            state = state_of(context)
            user = update.effective_user
            known = state.languages.get(state.sender_of(update)) if user else None
            await context.bot.send_message(update.effective_chat.id, state.text("error", known))
