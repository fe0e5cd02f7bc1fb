"""Talking with the assistant: one message to Rasa, its replies to the person.

Rasa runs in its own process and is reached over HTTP, so the bot's event loop never
blocks on inference. While it thinks the person sees "typing…", and a note when it takes
long; when Rasa can't be reached, crisis help and the quick exit still work.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.db.runtime import run_in_session_async
from bot.domain_info import response_text
from bot.privacy import erase_person_async
from bot.rasa_client import RasaUnavailable
from bot.replies import QUICK_EXIT, Button, Reply, parse_rasa_replies, split_text
from bot.safety.crisis import is_crisis
from bot.telegram import handoff
from bot.telegram.language import forget as forget_language
from bot.telegram.ordering import Turn
from bot.telegram.quick_exit import delete_chat
from bot.telegram.state import BridgeState, state_of

log = logging.getLogger(__name__)

CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit for callback_data
LONG_PAYLOADS_KEPT = 10000  # long button payloads remembered (newest)
TYPING_EVERY_S = 4.0  # Telegram shows "typing…" for about 5 seconds
TYPING_AT_MOST = 3  # "typing…" calls per turn


# ---- sending ---------------------------------------------------------------------------

def _callback_data(state: BridgeState, payload: str) -> str:
    """Payload as callback data; long ones are swapped for a short key kept in memory."""
    if len(payload.encode()) <= CALLBACK_DATA_LIMIT:
        return payload
    key = "~" + hashlib.sha256(payload.encode()).hexdigest()[:20]
    state.long_payloads[key] = payload
    state.long_payloads.move_to_end(key)
    while len(state.long_payloads) > LONG_PAYLOADS_KEPT:
        state.long_payloads.popitem(last=False)
    return key


def button_payload(state: BridgeState, data: str) -> str:
    """A pressed button's payload (a long one looked up by its key; "" if forgotten)."""
    if data.startswith("~"):
        return state.long_payloads.get(data, "")
    return data


def _keyboard(state: BridgeState, buttons: list[Button], language: str) -> InlineKeyboardMarkup:
    """One button per row (easy to tap on a phone) and the quick exit last."""
    rows = [
        [InlineKeyboardButton(b.title, callback_data=_callback_data(state, b.payload))]
        for b in buttons
    ]
    if not any(b.payload == QUICK_EXIT for b in buttons):
        rows.append(
            [InlineKeyboardButton(state.text("exit_button", language),
                                  callback_data=QUICK_EXIT)]
        )
    return InlineKeyboardMarkup(rows)


async def send(context: ContextTypes.DEFAULT_TYPE, turn: Turn, reply: Reply) -> None:
    """Deliver one reply: long texts split, the keyboard on the last piece. Nothing
    is sent to a person who is leaving fast, except by the quick exit itself."""
    state = state_of(context)
    if turn.sender in state.leaving and not turn.exiting:
        return
    chunks = split_text(reply.text) or (
        [state.text("other", turn.language)] if reply.buttons else [])
    markup = _keyboard(state, reply.buttons, turn.language) if reply.buttons else None
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        message = await context.bot.send_message(
            turn.chat_id, chunk, reply_markup=markup if last else None
        )
        turn.outgoing.append(message.message_id)


async def say(context: ContextTypes.DEFAULT_TYPE, turn: Turn, key: str) -> None:
    """Send one catalog text, in the person's language."""
    await send(context, turn, Reply(text=state_of(context).text(key, turn.language)))


async def crisis_help(context: ContextTypes.DEFAULT_TYPE, turn: Turn) -> None:
    """The hotlines; never depends on Rasa or on a counselor."""
    await send(context, turn, Reply(text=response_text("utter_crisis", turn.language)))


# ---- asking Rasa -------------------------------------------------------------------------

async def _keep_typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    """"typing…" for the first seconds of a turn. Not for ever: every call counts
    against Telegram's 30 calls a second, and a long wait gets the "slow" note instead."""
    for _ in range(TYPING_AT_MOST):
        with contextlib.suppress(TelegramError):
            await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
        await asyncio.sleep(TYPING_EVERY_S)


async def _slow_notice(context: ContextTypes.DEFAULT_TYPE, turn: Turn) -> None:
    """After a few seconds without an answer, say so once (the message is kept)."""
    await asyncio.sleep(state_of(context).settings.rasa_slow_notice_s)
    with contextlib.suppress(TelegramError):
        await say(context, turn, "slow")


async def ask_rasa(
    context: ContextTypes.DEFAULT_TYPE, turn: Turn, text: str
) -> list[dict[str, Any]] | None:
    """Rasa's answer to one message (None when Rasa can't be reached). The client
    keeps trying while Rasa restarts; the person sees "typing…" and, when it takes
    long, a note that the answer is coming."""
    typing = asyncio.create_task(_keep_typing(context, turn.chat_id))
    slow = asyncio.create_task(_slow_notice(context, turn))
    try:
        return await state_of(context).rasa.send(
            turn.sender, text, {"channel": "telegram", "language": turn.language})
    except RasaUnavailable as error:
        log.warning("Rasa unavailable: %s", error)
        return None
    finally:
        typing.cancel()
        slow.cancel()


async def converse(context: ContextTypes.DEFAULT_TYPE, turn: Turn, text: str) -> None:
    """Send one message to Rasa and deliver every reply, in order."""
    raw = await ask_rasa(context, turn, text)
    if raw is None:
        if text == QUICK_EXIT:
            await delete_chat(context, turn)
            await say(context, turn, "quick_exit_done")
        elif is_crisis(text):
            # Crisis help never depends on Rasa being up.
            await crisis_help(context, turn)
        else:
            await say(context, turn, "unavailable")
        return
    await answer(context, turn, parse_rasa_replies(raw))


async def answer(context: ContextTypes.DEFAULT_TYPE, turn: Turn, replies: list[Reply]) -> None:
    """Deliver Rasa's replies in order and act on its control signals."""
    state = state_of(context)
    if not replies:
        # Every intent has an answer, so none means a step failed: most often the
        # action server is down or restarting. Rasa kept the conversation; try later.
        await say(context, turn, "error")
    for reply in replies:
        if reply.handoff_ticket is not None:
            await _remember_chat(state, turn, reply.handoff_ticket)
        elif reply.quick_exit:
            await delete_chat(context, turn)
        else:
            await send(context, turn, reply)
    if any(reply.forget for reply in replies):
        # Rasa stored this turn before answering, so erasing now leaves nothing behind.
        await state.ordering.store_ids(turn)
        await erase_person_async(state.settings, turn.sender)
        forget_language(state, turn.sender)


async def _remember_chat(state: BridgeState, turn: Turn, ticket_id: int) -> None:
    """Rasa made a counselor request: keep (sealed) where the counselor's replies go."""
    key_file = state.settings.data_key_file
    try:
        await run_in_session_async(
            lambda s: handoff.remember_chat(s, ticket_id, turn.sender, turn.chat_id, key_file),
            state.settings.database_url,
        )
    except Exception as error:  # noqa: BLE001 - the person still gets Rasa's answer
        log.error("Handoff: could not keep the chat of ticket %s: %s", ticket_id,
                  type(error).__name__)
