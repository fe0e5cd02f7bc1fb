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

log = logging.getLogger(__name__)

CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit for callback_data
TYPING_EVERY_S = 4.0  # Telegram shows "typing…" for about 5 seconds


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
    async def _in_order(self, sender: str) -> AsyncIterator[None]:
        """Serialise updates of one person, so replies keep their order."""
        lock = self._locks.setdefault(sender, asyncio.Lock())
        async with lock:
            yield
        if not lock.locked() and self._locks.get(sender) is lock and len(self._locks) > 10000:
            self._locks.pop(sender, None)

    async def _record(self, sender: str, ids: list[int], direction: str) -> None:
        if not ids:
            return
        db_url = self._settings.database_url
        await run_in_session_async(
            lambda s: users.record_messages(s, sender, ids, direction), db_url
        )

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

    async def _send(
        self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, sender: str, reply: Reply
    ) -> None:
        chunks = split_text(reply.text) or ([self._text("other")] if reply.buttons else [])
        markup = self._keyboard(reply.buttons) if reply.buttons else None
        sent: list[int] = []
        try:
            for index, chunk in enumerate(chunks):
                last = index == len(chunks) - 1
                message = await context.bot.send_message(
                    chat_id, chunk, reply_markup=markup if last else None
                )
                sent.append(message.message_id)
        finally:
            await self._record(sender, sent, "out")

    async def _send_text(
        self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, sender: str, key: str
    ) -> None:
        await self._send(context, chat_id, sender, Reply(text=self._text(key)))

    async def _keep_typing(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
        while True:
            with contextlib.suppress(TelegramError):
                await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
            await asyncio.sleep(TYPING_EVERY_S)

    async def _quick_exit(
        self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, sender: str
    ) -> None:
        """Delete every message of this chat that Telegram still lets the bot delete."""
        ids = await run_in_session_async(
            lambda s: users.pop_deletable_messages(s, sender), self._settings.database_url
        )
        for start in range(0, len(ids), 100):
            batch = ids[start : start + 100]
            try:
                await context.bot.delete_messages(chat_id, batch)
            except TelegramError:
                for message_id in batch:
                    with contextlib.suppress(TelegramError):
                        await context.bot.delete_message(chat_id, message_id)

    async def converse(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        text: str,
        incoming: list[int],
    ) -> None:
        """Send one message to Rasa and deliver every reply (the caller holds the order lock)."""
        chat_id = update.effective_chat.id
        sender = self.sender_of(update)
        await self._record(sender, incoming, "in")
        typing = asyncio.create_task(self._keep_typing(context, chat_id))
        try:
            raw = await self._rasa.send(sender, text, {"channel": "telegram"})
        except RasaUnavailable as error:
            log.warning("Rasa unavailable: %s", error)
            raw = None
        finally:
            typing.cancel()
        if raw is None:
            if text == QUICK_EXIT:
                await self._quick_exit(context, chat_id, sender)
                await self._send_text(context, chat_id, sender, "quick_exit_done")
            else:
                await self._send_text(context, chat_id, sender, "unavailable")
            return
        replies = parse_rasa_replies(raw)
        erase = any(reply.forget for reply in replies)
        if not replies:
            # Every intent has an answer, so none means a step failed (e.g. an action).
            await self._send_text(context, chat_id, sender, "error")
        for reply in replies:
            if reply.quick_exit:
                await self._quick_exit(context, chat_id, sender)
            else:
                await self._send(context, chat_id, sender, reply)
        if erase:
            # Rasa stored this turn before answering, so erasing now leaves nothing behind.
            await erase_person_async(self._settings, sender)

    # ---- handlers ------------------------------------------------------------------

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A typed message goes to Rasa."""
        message = update.effective_message
        async with self._in_order(self.sender_of(update)):
            text = (message.text or "").strip()
            if not text:
                await self._record(self.sender_of(update), [message.message_id], "in")
                await self._send_text(context, update.effective_chat.id,
                                      self.sender_of(update), "empty")
                return
            await self.converse(update, context, text, [message.message_id])

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Known commands send their intent; unknown ones get the list of commands."""
        message = update.effective_message
        word = (message.text or "").split()[0][1:].split("@")[0].lower()
        async with self._in_order(self.sender_of(update)):
            intent = COMMAND_INTENTS.get(word)
            if intent is None:
                sender = self.sender_of(update)
                await self._record(sender, [message.message_id], "in")
                await self._send_text(context, update.effective_chat.id, sender,
                                      "unknown_command")
                return
            await self.converse(update, context, intent, [message.message_id])

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A pressed button: answer it, clear its keyboard, send its payload to Rasa."""
        query = update.callback_query
        async with self._in_order(self.sender_of(update)):
            with contextlib.suppress(TelegramError):
                await query.answer()
            data = query.data or ""
            if data.startswith("~"):
                data = self._long_payloads.get(data, "")
            intent = payload_intent(data)
            if intent != "quick_exit" and isinstance(query.message, Message):
                with contextlib.suppress(BadRequest):
                    await query.edit_message_reply_markup(reply_markup=None)
            if intent is None or intent not in self._known_intents:
                sender = self.sender_of(update)
                await self._send_text(context, update.effective_chat.id, sender,
                                      "button_expired")
                await self.converse(update, context, "/menu", [])
                return
            await self.converse(update, context, data, [])

    async def on_edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Edits are not re-read: ask kindly to send the message again."""
        async with self._in_order(self.sender_of(update)):
            await self._send_text(context, update.effective_chat.id, self.sender_of(update),
                                  "edited")

    def media(self, key: str):  # type: ignore[no-untyped-def]
        """A handler that answers a non-text message with the catalog text `key`."""

        async def on_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            sender = self.sender_of(update)
            async with self._in_order(sender):
                await self._record(sender, [update.effective_message.message_id], "in")
                await self._send_text(context, update.effective_chat.id, sender, key)

        return on_media

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the error without personal data and tell the person gently."""
        log.error("Error while handling an update: %s", type(context.error).__name__,
                  exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat:
            with contextlib.suppress(TelegramError):
                await context.bot.send_message(update.effective_chat.id, self._text("error"))

    async def post_init(self, application: Application) -> None:
        """Publish the command list shown in Telegram's menu."""
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
