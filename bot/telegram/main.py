"""Entry point of the Telegram bridge process (`python -m bot bridge`)."""

from __future__ import annotations

import logging
import os

from telegram import Update

from bot.config import Settings
from bot.domain_info import known_intents
from bot.identity import Pseudonymizer, load_or_create_key
from bot.rasa_client import RasaClient
from bot.telegram.app import TelegramBridge, build_application

log = logging.getLogger(__name__)


def make_bridge(settings: Settings) -> TelegramBridge:
    """Wire the bridge to Rasa and the pseudonym key."""
    return TelegramBridge(
        settings,
        RasaClient(settings.rasa_url, timeout_s=settings.rasa_timeout_s),
        Pseudonymizer(load_or_create_key(settings.pseudonym_key_file)),
        set(known_intents()),
    )


def run_bridge(settings: Settings) -> int:
    """Run until stopped: long polling by default, a webhook when TELEGRAM_MODE=webhook."""
    if not settings.telegram_token:
        log.error("TELEGRAM_BOT_TOKEN is not set; use `python -m bot chat` instead")
        return 2
    application = build_application(settings, make_bridge(settings))
    if settings.telegram_mode == "webhook":
        public_url = os.environ["TELEGRAM_WEBHOOK_URL"]
        application.run_webhook(
            listen=os.environ.get("TELEGRAM_WEBHOOK_LISTEN", "127.0.0.1"),
            port=int(os.environ.get("TELEGRAM_WEBHOOK_PORT", "8443")),
            url_path=os.environ.get("TELEGRAM_WEBHOOK_PATH", "telegram"),
            secret_token=os.environ.get("TELEGRAM_WEBHOOK_SECRET") or None,
            webhook_url=public_url,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        log.info("Telegram bridge polling for updates")
        application.run_polling(allowed_updates=Update.ALL_TYPES, timeout=10)
    return 0
