"""Each person's language on the bridge: chosen from their words at the start of a turn,
kept in the app database (so quick exit, the bridge's own texts and counselor messages
follow it after a restart) and in memory, and passed to Rasa with every message.
"""

from __future__ import annotations

import logging

from telegram import Update

from bot.db import users
from bot.db.runtime import run_in_session_async
from bot.language import choose
from bot.telegram.ordering import Turn
from bot.telegram.state import BridgeState

log = logging.getLogger(__name__)
KEPT_IN_MEMORY = 10000  # people whose language is remembered without a database read


async def known(state: BridgeState, sender: str) -> str | None:
    """The person's language so far (None before their first message)."""
    if sender in state.languages:
        state.languages.move_to_end(sender)
        return state.languages[sender]
    try:
        found = await run_in_session_async(lambda s: users.language_of(s, sender),
                                           state.settings.database_url)
    except Exception as error:  # noqa: BLE001 - the turn goes on in the default language
        log.warning("Language: could not read it: %s", type(error).__name__)
        return None
    if found:
        _remember(state, sender, found)
    return found


def _remember(state: BridgeState, sender: str, language: str) -> None:
    state.languages[sender] = language
    state.languages.move_to_end(sender)
    while len(state.languages) > KEPT_IN_MEMORY:
        state.languages.popitem(last=False)


def forget(state: BridgeState, sender: str) -> None:
    """The person's data was erased: their language is chosen anew next time."""
    state.languages.pop(sender, None)


async def settle(state: BridgeState, update: Update, turn: Turn, said: str | None) -> None:
    """Set the turn's language from what the person said (a text, a command's intent or a
    button's payload; None for a sticker or an edit), and keep it when it changed."""
    previous = await known(state, turn.sender)
    user = update.effective_user
    hint = (user.language_code if user else None) or state.language
    # Without words (a sticker, an edit): the previous language, else the hint, else English.
    language = choose(said or "", previous, hint).language
    turn.language = language
    if language == previous or said is None:
        return
    _remember(state, turn.sender, language)
    try:
        await run_in_session_async(lambda s: users.set_language(s, turn.sender, language),
                                   state.settings.database_url)
    except Exception as error:  # noqa: BLE001 - kept in memory; the person still gets answers
        log.warning("Language: could not keep it: %s", type(error).__name__)
