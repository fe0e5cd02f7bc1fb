"""Entry point of the Telegram bridge process (`python -m bot bridge`)."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update

from bot.config import Settings
from bot.domain_info import known_intents
from bot.identity import Pseudonymizer, load_or_create_key
from bot.rasa_client import RasaClient
from bot.telegram.application import build_application
from bot.telegram.state import BridgeState

log = logging.getLogger(__name__)


def make_state(settings: Settings) -> BridgeState:
    """Wire the bridge to Rasa and the pseudonym key."""
    return BridgeState(
        settings,
        RasaClient(settings.rasa_url, timeout_s=settings.rasa_timeout_s,
                   patience_s=settings.rasa_patience_s),
        Pseudonymizer(load_or_create_key(settings.pseudonym_key_file)),
        set(known_intents()),
    )


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Arguments for PTB's webhook server: Telegram must send our secret with every update."""
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": settings.webhook_path,
        "secret_token": settings.webhook_secret,
        "webhook_url": settings.webhook_url,
        "allowed_updates": Update.ALL_TYPES,
    }


def run_bridge(settings: Settings) -> int:
    """Run until stopped: long polling by default, a webhook when TELEGRAM_MODE=webhook."""
    if not settings.telegram_token:
        log.error("TELEGRAM_BOT_TOKEN is not set; use `python -m bot chat` instead")
        return 2
    application = build_application(make_state(settings))
    if settings.telegram_mode == "webhook":
        if not settings.webhook_url or not settings.webhook_secret:
            log.error("Webhook mode needs TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET")
            return 2
        log.info("Telegram bridge serving a webhook")
        application.run_webhook(**webhook_options(settings))
    else:
        log.info("Telegram bridge polling for updates")
        application.run_polling(allowed_updates=Update.ALL_TYPES, timeout=10)
    return 0
