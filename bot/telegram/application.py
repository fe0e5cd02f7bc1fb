"""The Telegram bridge: python-telegram-bot in front, the Rasa server behind it.

This module builds the Application and registers every handler, in one place and in
order. Each Telegram user becomes a pseudonymous sender id before anything reaches Rasa or
the database. The jobs live in their own modules: per-person ordering (ordering), the
update journal (journal), talking with Rasa (conversation), the counselor relay (relay)
and outbox (outbox), the quick exit (quick_exit) and the handlers (handlers); what they
share is one BridgeState in `application.bot_data` (state).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ExtBot,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot import catalog
from bot.safety.crisis import warm_up
from bot.telegram import handlers
from bot.telegram.journal import on_answered, on_arrival, replay_unanswered
from bot.telegram.outbox import start_outbox, stop_outbox
from bot.telegram.state import STATE_KEY, BridgeState, state_of

log = logging.getLogger(__name__)


class TolerantBot(ExtBot):  # type: ignore[type-arg]
    """The bot, reading each update of a getUpdates batch on its own.

    python-telegram-bot reads a whole batch at once, so one update it can't read (a field a
    newer Bot API made required, a forged update) would stop every update behind it, again
    and again. Such an update is passed on empty instead: it is confirmed, answered by no
    handler, and the others go on. This overrides PTB's private `Bot._post`;
    tests/unit/test_tolerant_bot.py fails if PTB changes it.
    """

    async def _post(self, endpoint: str, data: Any = None, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, data, **kwargs)
        if endpoint == "getUpdates" and isinstance(result, list):
            result = [self._readable(item) for item in result]
        return result

    def _readable(self, item: Any) -> Any:
        try:
            Update.de_json(item, self)
        except Exception as error:  # noqa: BLE001 - any unreadable update
            update_id = item.get("update_id") if isinstance(item, dict) else None
            log.warning("Skipped an update this version can't read: %s", type(error).__name__)
            return {"update_id": update_id}
        return item


async def post_init(application: Application) -> None:
    """Load the crisis net now (not during a crisis), publish the command list, answer
    what was left unanswered before a restart and start the outbox."""
    await asyncio.to_thread(warm_up)
    # The command menu in each language: Telegram shows a person the list for their app's
    # language, and the default list (BOT_LANGUAGE's) to everyone else.
    for language_code in (None, *catalog.supported()):
        commands = catalog.table("messages", "commands",
                                 language_code or state_of(application).language)
        with contextlib.suppress(TelegramError):
            await application.bot.set_my_commands(
                [BotCommand(name, description) for name, description in commands.items()],
                language_code=language_code)
    await replay_unanswered(application)
    start_outbox(application)


async def post_stop(application: Application) -> None:
    """Stop the outbox before the bot's connections close."""
    await stop_outbox(application)


async def post_shutdown(application: Application) -> None:
    """Stop the outbox (if still running) and close the HTTP pool to Rasa."""
    await stop_outbox(application)
    await state_of(application).rasa.close()


def build_application(state: BridgeState) -> Application:
    """Build the python-telegram-bot Application, keep `state` in its bot_data and
    register every handler, in order."""
    settings = state.settings
    bot = TolerantBot(
        token=settings.telegram_token,
        base_url=settings.telegram_base_url,
        request=HTTPXRequest(connection_pool_size=256),
        get_updates_request=HTTPXRequest(connection_pool_size=1),
        # Telegram's 429 answers are waited out (retry_after) and the call made again.
        rate_limiter=AIORateLimiter(max_retries=3),
    )
    application = (
        ApplicationBuilder()
        .bot(bot)
        # Updates run concurrently; the ordering keeps each person's updates in order.
        .concurrent_updates(256)
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
        .build()
    )
    application.bot_data[STATE_KEY] = state

    # Order matters: the first matching handler wins. Edits first (they also carry text),
    # then commands, then text, then buttons, then every other kind of message.
    edited = filters.UpdateType.EDITED_MESSAGE
    new = filters.UpdateType.MESSAGE
    media = handlers.media
    application.add_handler(TypeHandler(Update, on_arrival), group=-1)
    application.add_handler(MessageHandler(edited, handlers.on_edited))
    application.add_handler(MessageHandler(new & filters.COMMAND, handlers.on_command))
    application.add_handler(MessageHandler(new & filters.TEXT, handlers.on_text))
    application.add_handler(CallbackQueryHandler(handlers.on_button))
    application.add_handler(MessageHandler(new & filters.Sticker.ALL, media("sticker")))
    application.add_handler(
        MessageHandler(
            new & (filters.VOICE | filters.AUDIO | filters.VIDEO | filters.VIDEO_NOTE),
            media("voice"),
        )
    )
    application.add_handler(
        MessageHandler(new & (filters.PHOTO | filters.Document.ALL), media("photo"))
    )
    application.add_handler(
        MessageHandler(new & (filters.LOCATION | filters.VENUE), media("location"))
    )
    application.add_handler(MessageHandler(new & filters.CONTACT, media("contact")))
    application.add_handler(MessageHandler(new, media("other")))
    application.add_handler(TypeHandler(Update, on_answered), group=1)
    application.add_error_handler(handlers.on_error)
    return application
