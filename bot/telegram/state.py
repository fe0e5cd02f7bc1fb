"""Everything the bridge keeps between updates, in one object in `application.bot_data`.

python-telegram-bot hands every handler a context whose `bot_data` is shared by all
updates; the bridge keeps one `BridgeState` there (`build_application` puts it in) and
every module reads it with `state_of(context)`.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from telegram import Update

from bot import catalog
from bot.config import Settings
from bot.identity import Pseudonymizer
from bot.rasa_client import RasaClient
from bot.telegram.ordering import Ordering

STATE_KEY = "bridge"  # the key of the BridgeState in application.bot_data
OUTBOX_EVERY_S = 1.0  # how often counselor messages are looked for


@dataclass(eq=False)
class BridgeState:
    """The bridge's connections and memory: Rasa, the pseudonym key, each person's place
    in line, the update ids seen, who is leaving fast, and the outbox's task."""

    settings: Settings
    rasa: RasaClient
    pseudonymizer: Pseudonymizer
    known_intents: set[str]
    ordering: Ordering = field(init=False)
    seen: OrderedDict[int, None] = field(default_factory=OrderedDict)  # update ids, newest last
    replaying: dict[int, Update] = field(default_factory=dict)  # handed back at start
    leaving: set[str] = field(default_factory=set)  # people whose quick exit is under way
    long_payloads: OrderedDict[str, str] = field(default_factory=OrderedDict)
    outbox_every_s: float = OUTBOX_EVERY_S
    outbox_task: asyncio.Task[None] | None = None
    outbox_attempts: dict[int, int] = field(default_factory=dict)  # message id -> failed rounds
    languages: OrderedDict[str, str] = field(default_factory=OrderedDict)  # sender -> language
    # A note that read as taking the request back, held (in memory only) until the person
    # says what they meant: sender -> text.
    held_notes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ordering = Ordering(self.settings.database_url)

    @property
    def language(self) -> str:
        """The language for someone whose language is not known yet (BOT_LANGUAGE)."""
        return self.settings.language

    def text(self, key: str, language: str | None = None) -> str:
        """A catalog text, in `language` (else the bot's default language)."""
        return catalog.text("messages", key, language or self.settings.language)

    def sender_of(self, update: Update) -> str:
        """The pseudonymous sender id of whoever sent this update."""
        user = update.effective_user
        return self.pseudonymizer.sender_id("telegram", user.id if user else "unknown")


def state_of(holder: Any) -> BridgeState:
    """The bridge's state, from a handler's context or from the Application."""
    state: BridgeState = holder.bot_data[STATE_KEY]
    return state
