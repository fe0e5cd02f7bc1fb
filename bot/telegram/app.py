"""The Telegram bridge: python-telegram-bot in front, the Rasa server behind it.

Each Telegram user becomes a pseudonymous sender id before anything reaches Rasa or the
database. Rasa runs in its own process and is reached over HTTP, so the bot's event loop
never blocks on inference.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import messages
from bot.config import Settings
from bot.db import users
from bot.db.runtime import run_in_session_async
from bot.domain_info import response_text
from bot.identity import Pseudonymizer
from bot.privacy import erase_person_async
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.replies import (
    COMMAND_INTENTS,
    QUICK_EXIT,
    Button,
    Reply,
    parse_rasa_replies,
    payload_intent,
    split_text,
)
from bot.safety.crisis import is_crisis, warm_up

log = logging.getLogger(__name__)

CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit for callback_data
# A pressed button clears its keyboard (an answered question can't be answered twice),
# except on lists a person goes back to: jobs and programs (details, save, training for
# this job), and quick exit, which deletes the message anyway.
KEEP_KEYBOARD = frozenset({
    "quick_exit", "program_details", "save_program", "share_program", "remove_program",
    "occupation_more", "search_programs",
})
TYPING_EVERY_S = 4.0  # Telegram shows "typing…" for about 5 seconds


@dataclass
class _Turn:
    """What one turn of one person needs: where to answer, and the message ids it saw."""

    chat_id: int
    sender: str
    incoming: list[int]
    outgoing: list[int] = field(default_factory=list)


class TelegramBridge:
    """Handlers that carry messages between one Telegram bot and the Rasa server."""

    def __init__(
        self,
        settings: Settings,
        rasa: RasaClient,
        pseudonymizer: Pseudonymizer,
        known_intents: set[str],
    ) -> None:
        self._settings = settings
        self._rasa = rasa
        self._pseudonymizer = pseudonymizer
        self._known_intents = known_intents
        self._language = settings.language
        self._locks: dict[str, asyncio.Lock] = {}
        self._long_payloads: OrderedDict[str, str] = OrderedDict()

    # ---- helpers -------------------------------------------------------------------

    def _text(self, key: str) -> str:
        return messages.text(key, self._language)

    def sender_of(self, update: Update) -> str:
        """The pseudonymous sender id of whoever sent this update."""
        user = update.effective_user
        return self._pseudonymizer.sender_id("telegram", user.id if user else "unknown")

    @contextlib.asynccontextmanager
    async def _turn(self, update: Update, incoming: list[int]) -> AsyncIterator[_Turn]:
        """One turn of one person: updates of a person run in order (a lock per person),
        and the turn's message ids are stored in one write at its end."""
        sender = self.sender_of(update)
        turn = _Turn(chat_id=update.effective_chat.id, sender=sender, incoming=incoming)
        lock = self._locks.setdefault(sender, asyncio.Lock())
        async with lock:
            try:
                yield turn
            finally:
                await self._store_ids(turn)
        if not lock.locked() and len(self._locks) > 10000:
            self._locks.pop(sender, None)

    async def _store_ids(self, turn: _Turn) -> None:
        if not (turn.incoming or turn.outgoing):
            return
        incoming, outgoing = list(turn.incoming), list(turn.outgoing)
        turn.incoming.clear()
        turn.outgoing.clear()

        def store(session: Any) -> None:
            users.record_messages(session, turn.sender, incoming, "in")
            users.record_messages(session, turn.sender, outgoing, "out")

        await run_in_session_async(store, self._settings.database_url)

    def _callback_data(self, payload: str) -> str:
        """Payload as callback data; long ones are swapped for a short key kept in memory."""
        if len(payload.encode()) <= CALLBACK_DATA_LIMIT:
            return payload
        key = "~" + hashlib.sha256(payload.encode()).hexdigest()[:20]
        self._long_payloads[key] = payload
        self._long_payloads.move_to_end(key)
        while len(self._long_payloads) > 10000:
            self._long_payloads.popitem(last=False)
        return key

    def _keyboard(self, buttons: list[Button]) -> InlineKeyboardMarkup:
        """One button per row (easy to tap on a phone) and the quick exit last."""
        rows = [
            [InlineKeyboardButton(b.title, callback_data=self._callback_data(b.payload))]
            for b in buttons
        ]
        if not any(b.payload == QUICK_EXIT for b in buttons):
            rows.append(
                [InlineKeyboardButton(self._text("exit_button"), callback_data=QUICK_EXIT)]
            )
        return InlineKeyboardMarkup(rows)

    async def _send(self, context: ContextTypes.DEFAULT_TYPE, turn: _Turn, reply: Reply) -> None:
        """Deliver one reply: long texts split, the keyboard on the last piece."""
        chunks = split_text(reply.text) or ([self._text("other")] if reply.buttons else [])
        markup = self._keyboard(reply.buttons) if reply.buttons else None
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            message = await context.bot.send_message(
                turn.chat_id, chunk, reply_markup=markup if last else None
            )
            turn.outgoing.append(message.message_id)

    async def _say(self, context: ContextTypes.DEFAULT_TYPE, turn: _Turn, key: str) -> None:
        """Send one catalog text."""
        await self._send(context, turn, Reply(text=self._text(key)))

    async def _keep_typing(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
        while True:
            with contextlib.suppress(TelegramError):
                await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
            await asyncio.sleep(TYPING_EVERY_S)

    async def _quick_exit(self, context: ContextTypes.DEFAULT_TYPE, turn: _Turn) -> None:
        """Delete every message of this chat that Telegram still lets the bot delete."""
        stored = await run_in_session_async(
            lambda s: users.pop_deletable_messages(s, turn.sender), self._settings.database_url
        )
        ids = sorted(set(stored) | set(turn.incoming) | set(turn.outgoing))
        turn.incoming.clear()
        turn.outgoing.clear()
        for start in range(0, len(ids), 100):
            batch = ids[start : start + 100]
            try:
                await context.bot.delete_messages(turn.chat_id, batch)
            except TelegramError:
                for message_id in batch:
                    with contextlib.suppress(TelegramError):
                        await context.bot.delete_message(turn.chat_id, message_id)

    async def converse(
        self, context: ContextTypes.DEFAULT_TYPE, turn: _Turn, text: str
    ) -> None:
        """Send one message to Rasa and deliver every reply, in order."""
        typing = asyncio.create_task(self._keep_typing(context, turn.chat_id))
        try:
            raw = await self._rasa.send(turn.sender, text, {"channel": "telegram"})
        except RasaUnavailable as error:
            log.warning("Rasa unavailable: %s", error)
            raw = None
        finally:
            typing.cancel()
        if raw is None:
            if text == QUICK_EXIT:
                await self._quick_exit(context, turn)
                await self._say(context, turn, "quick_exit_done")
            elif is_crisis(text):
                # Crisis help never depends on Rasa being up.
                await self._send(context, turn, Reply(text=response_text("utter_crisis")))
            else:
                await self._say(context, turn, "unavailable")
            return
        replies = parse_rasa_replies(raw)
        if not replies:
            # Every intent has an answer, so none means a step failed (e.g. an action).
            await self._say(context, turn, "error")
        for reply in replies:
            if reply.quick_exit:
                await self._quick_exit(context, turn)
            else:
                await self._send(context, turn, reply)
        if any(reply.forget for reply in replies):
            # Rasa stored this turn before answering, so erasing now leaves nothing behind.
            await self._store_ids(turn)
            await erase_person_async(self._settings, turn.sender)

    # ---- handlers ------------------------------------------------------------------

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A typed message goes to Rasa."""
        message = update.effective_message
        async with self._turn(update, [message.message_id]) as turn:
            text = (message.text or "").strip()
            if text:
                await self.converse(context, turn, text)
            else:
                await self._say(context, turn, "empty")

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Known commands send their intent; unknown ones get the list of commands."""
        message = update.effective_message
        word = (message.text or "").split()[0][1:].split("@")[0].lower()
        async with self._turn(update, [message.message_id]) as turn:
            intent = COMMAND_INTENTS.get(word)
            if intent is None:
                await self._say(context, turn, "unknown_command")
            else:
                await self.converse(context, turn, intent)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A pressed button: answer it, clear its keyboard, send its payload to Rasa."""
        query = update.callback_query
        async with self._turn(update, []) as turn:
            with contextlib.suppress(TelegramError):
                await query.answer()
            data = query.data or ""
            if data.startswith("~"):
                data = self._long_payloads.get(data, "")
            intent = payload_intent(data)
            if intent not in KEEP_KEYBOARD and isinstance(query.message, Message):
                with contextlib.suppress(BadRequest):
                    await query.edit_message_reply_markup(reply_markup=None)
            if intent is None or intent not in self._known_intents:
                await self._say(context, turn, "button_expired")
                await self.converse(context, turn, "/menu")
            else:
                await self.converse(context, turn, data)

    async def on_edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Edits are not re-read: ask kindly to send the message again."""
        async with self._turn(update, []) as turn:
            await self._say(context, turn, "edited")

    def media(self, key: str):  # type: ignore[no-untyped-def]
        """A handler that answers a non-text message with the catalog text `key`."""

        async def on_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            async with self._turn(update, [update.effective_message.message_id]) as turn:
                await self._say(context, turn, key)

        return on_media

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the error without personal data and tell the person gently."""
        log.error("Error while handling an update: %s", type(context.error).__name__,
                  exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat:
            with contextlib.suppress(TelegramError):
                await context.bot.send_message(update.effective_chat.id, self._text("error"))

    async def post_init(self, application: Application) -> None:
        """Load the crisis net now (not during a crisis) and publish the command list."""
        await asyncio.to_thread(warm_up)
        commands = messages.catalog(self._language)["commands"]
        with contextlib.suppress(TelegramError):
            await application.bot.set_my_commands(
                [BotCommand(name, description) for name, description in commands.items()]
            )

    async def post_shutdown(self, application: Application) -> None:
        """Close the HTTP pool to Rasa."""
        await self._rasa.close()


def build_application(
    settings: Settings, bridge: TelegramBridge, **builder_options: Any
) -> Application:
    """Build the python-telegram-bot Application and register every handler, in order."""
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_token)
        .base_url(settings.telegram_base_url)
        .rate_limiter(AIORateLimiter(max_retries=3))
        # Updates run concurrently; the bridge keeps each person's updates in order.
        .concurrent_updates(256)
        .post_init(bridge.post_init)
        .post_shutdown(bridge.post_shutdown)
    )
    for name, value in builder_options.items():
        builder = getattr(builder, name)(value)
    application = builder.build()

    # Order matters: the first matching handler wins. Edits first (they also carry text),
    # then commands, then text, then buttons, then every other kind of message.
    edited = filters.UpdateType.EDITED_MESSAGE
    new = filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(edited, bridge.on_edited))
    application.add_handler(MessageHandler(new & filters.COMMAND, bridge.on_command))
    application.add_handler(MessageHandler(new & filters.TEXT, bridge.on_text))
    application.add_handler(CallbackQueryHandler(bridge.on_button))
    application.add_handler(MessageHandler(new & filters.Sticker.ALL, bridge.media("sticker")))
    application.add_handler(
        MessageHandler(
            new & (filters.VOICE | filters.AUDIO | filters.VIDEO | filters.VIDEO_NOTE),
            bridge.media("voice"),
        )
    )
    application.add_handler(
        MessageHandler(new & (filters.PHOTO | filters.Document.ALL), bridge.media("photo"))
    )
    application.add_handler(
        MessageHandler(new & (filters.LOCATION | filters.VENUE), bridge.media("location"))
    )
    application.add_handler(MessageHandler(new & filters.CONTACT, bridge.media("contact")))
    application.add_handler(MessageHandler(new, bridge.media("other")))
    application.add_error_handler(bridge.on_error)
    return application
