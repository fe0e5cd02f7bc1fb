"""Every update, first and last: Telegram's retries dropped, order kept, nothing lost on a
restart.

`on_arrival` runs before any handler: it takes the person's place in line, drops an update
id seen before, and writes the update to the journal in the database (bot.db.journal);
`on_answered` runs after the handlers and marks it answered. At start, updates journalled
but never answered are handed back to the queue (`replay_unanswered`).
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes

from bot.db import journal
from bot.db.runtime import run_in_session_async
from bot.telegram.quick_exit import exit_now, is_quick_exit
from bot.telegram.state import BridgeState, state_of

log = logging.getLogger(__name__)

SEEN_IDS_IN_MEMORY = 50000  # update ids remembered in memory too (if the database fails)


def _seen_before(state: BridgeState, update_id: int) -> bool:
    if update_id in state.seen:
        return True
    state.seen[update_id] = None
    while len(state.seen) > SEEN_IDS_IN_MEMORY:
        state.seen.popitem(last=False)
    return False


async def on_arrival(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """First for every update: take the person's place in line (before anything is
    awaited), drop Telegram's retries, journal it so a restart can't lose it, and start
    a quick exit at once even while an earlier turn is still running."""
    state = state_of(context)
    update_id = update.update_id
    replay = state.replaying.get(update_id) is update  # not a retry of the same id
    sender = state.sender_of(update)
    gate = state.ordering.gate(sender)
    if not replay and _seen_before(state, update_id):
        log.info("Dropped a repeated update")
        raise ApplicationHandlerStop
    busy = gate.busy
    gate.line_up(update_id)
    if is_quick_exit(update) and update.effective_chat is not None:
        state.leaving.add(sender)
        if busy:
            await exit_now(context, sender, update)
    if replay:
        return
    tries = 0

    def claim(session: Any) -> bool:
        # Tried again if the database was unreachable (restarting). A row found on a
        # later try is this claim's own, committed just before the connection broke:
        # retries of the same id in this process were dropped above (`_seen_before`).
        nonlocal tries
        tries += 1
        return journal.claim(session, update_id, update.to_dict(),
                             state.settings.data_key_file) or tries > 1

    try:
        fresh = await run_in_session_async(claim, state.settings.database_url)
    except Exception as error:  # noqa: BLE001 - an answer matters more than the journal
        log.warning("Update journal unavailable: %s", type(error).__name__)
        return
    if not fresh:
        gate.leave_line(update_id)
        log.info("Dropped a repeated update (seen before a restart)")
        raise ApplicationHandlerStop


async def on_answered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Last for every update: it was answered (or failed and was apologised for)."""
    state = state_of(context)
    update_id = update.update_id
    if state.replaying.get(update_id) is update:
        del state.replaying[update_id]
    state.ordering.gate(state.sender_of(update)).leave_line(update_id)  # if no handler took it
    try:
        await run_in_session_async(lambda s: journal.finish(s, update_id),
                                   state.settings.database_url)
    except Exception as error:  # noqa: BLE001
        log.warning("Update journal unavailable: %s", type(error).__name__)


async def replay_unanswered(application: Application) -> int:
    """Hand updates received but never answered (before a restart) back to the queue."""
    state = state_of(application)
    try:
        pending = await run_in_session_async(
            lambda s: journal.unanswered(s, state.settings.data_key_file),
            state.settings.database_url,
        )
    except Exception as error:  # noqa: BLE001
        log.error("Update journal unreadable: %s", type(error).__name__)
        return 0
    for data in pending:
        update = Update.de_json(data, application.bot)
        state.replaying[update.update_id] = update
        _seen_before(state, update.update_id)  # a retry of it is dropped
        await application.update_queue.put(update)
    if pending:
        log.info("Answering %d updates received before a restart", len(pending))
    return len(pending)
