"""Quick exit: the chat disappears from the person's phone, fast, whatever else fails.

/exit or the "Quick exit" button deletes every message of the chat Telegram still lets the
bot delete. It starts the moment the update arrives (`exit_now`, even while an earlier turn
is still running; that turn then says nothing more), ends a counselor chat if there is one,
and its own turn (the handlers, through Rasa's /quick_exit) finishes the job.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.db import users
from bot.db.runtime import run_in_session_async
from bot.replies import QUICK_EXIT, command_word
from bot.telegram import handoff
from bot.telegram.ordering import Turn
from bot.telegram.state import BridgeState, state_of

log = logging.getLogger(__name__)

QUICK_EXIT_DB_WAIT_S = 5.0  # a quick exit never waits longer on ending a counselor chat
DELETE_AT_ONCE = 100  # message ids per deleteMessages call (Telegram's limit)


def is_quick_exit(update: Update) -> bool:
    """True for /exit and for a press of the "Quick exit" button."""
    message = update.message
    if message is not None and message.text:
        return command_word(message.text) == "exit"
    query = update.callback_query
    return query is not None and query.data == QUICK_EXIT


async def delete_chat(context: ContextTypes.DEFAULT_TYPE, turn: Turn) -> None:
    """Delete every message of this chat that Telegram still lets the bot delete."""
    stored = await run_in_session_async(
        lambda s: users.pop_deletable_messages(s, turn.sender),
        state_of(context).settings.database_url,
    )
    ids = sorted(set(stored) | set(turn.incoming) | set(turn.outgoing))
    turn.incoming.clear()
    turn.outgoing.clear()
    for start in range(0, len(ids), DELETE_AT_ONCE):
        batch = ids[start : start + DELETE_AT_ONCE]
        try:
            await context.bot.delete_messages(turn.chat_id, batch)
        except TelegramError:
            for message_id in batch:
                with contextlib.suppress(TelegramError):
                    await context.bot.delete_message(turn.chat_id, message_id)


async def exit_now(context: ContextTypes.DEFAULT_TYPE, sender: str, update: Update) -> None:
    """Quick exit while an earlier turn still runs: delete what can be deleted now;
    the earlier turn says nothing more, and the exit's own turn finishes the job."""
    incoming = [update.message.message_id] if update.message else []
    turn = Turn(chat_id=update.effective_chat.id, sender=sender, incoming=incoming)
    try:
        await delete_chat(context, turn)
    except Exception as error:  # noqa: BLE001 - the exit's own turn tries again
        log.warning("Early quick exit failed: %s", type(error).__name__)


async def end_counselor_chat(state: BridgeState, turn: Turn) -> None:
    """The quick exit's own turn begins: end a counselor chat if there is one (the
    counselor is told not to write). A database that fails or is slow does not stop it."""
    turn.exiting = True
    key_file = state.settings.data_key_file
    try:
        ended = await asyncio.wait_for(
            run_in_session_async(
                lambda s: handoff.end_active(s, turn.sender, key_file, "quick_exit"),
                state.settings.database_url,
            ),
            QUICK_EXIT_DB_WAIT_S,
        )
        if ended is not None:
            log.info("Handoff: ticket %s ended by quick exit", ended)
    except Exception as error:  # noqa: BLE001 - leaving fast comes first
        log.error("Quick exit: could not end a counselor chat: %s", type(error).__name__)
