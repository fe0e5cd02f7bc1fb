"""The outbox: counselor messages to people, and the assistant taking a person back.

A background task looks for waiting counselor messages every second, delivers each
person's in order under the person's turn (so nothing interleaves with an answer), and
hands back to the assistant whoever a counselor let go once the goodbye was delivered.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application, CallbackContext, ContextTypes

from bot.db.runtime import run_in_session_async
from bot.handoff import store as tickets
from bot.replies import QUICK_EXIT, Button, Reply, parse_rasa_replies
from bot.telegram import handoff, language
from bot.telegram.conversation import answer, ask_rasa, send
from bot.telegram.handoff import HANDOFF_BACK, HANDOFF_ENDED
from bot.telegram.ordering import Turn
from bot.telegram.state import BridgeState, state_of

log = logging.getLogger(__name__)

OUTBOX_MAX_ATTEMPTS = 120  # rounds a message may fail for network reasons before giving up


def start_outbox(application: Application) -> None:
    """Start delivering counselor messages in the background (once)."""
    state = state_of(application)
    if state.outbox_task is None or state.outbox_task.done():
        state.outbox_task = asyncio.create_task(_outbox_loop(application))


async def stop_outbox(application: Application) -> None:
    """Stop the background delivery (a round in progress is cancelled)."""
    state = state_of(application)
    task, state.outbox_task = state.outbox_task, None
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _outbox_loop(application: Application) -> None:
    context = CallbackContext(application)
    state = state_of(application)
    while True:
        try:
            await deliver_outbox(context)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - the loop must outlive one bad round
            log.warning("Outbox round failed: %s", type(error).__name__)
        await asyncio.sleep(state.outbox_every_s)


async def deliver_outbox(context: ContextTypes.DEFAULT_TYPE) -> None:
    """One round: deliver waiting counselor messages (each person's in order, under the
    person's lock), then hand back to the assistant whoever a counselor let go."""
    settings = state_of(context).settings
    key_file, url = settings.data_key_file, settings.database_url
    deliveries = await run_in_session_async(lambda s: tickets.pending(s, key_file), url)
    by_person: dict[str, list[tickets.Delivery]] = {}
    for delivery in deliveries:
        by_person.setdefault(delivery.user_id, []).append(delivery)
    results = await asyncio.gather(
        *(_deliver_to(context, sender, items) for sender, items in by_person.items()),
        return_exceptions=True,
    )
    resumes = await run_in_session_async(lambda s: handoff.due_resumes(s, key_file), url)
    results += await asyncio.gather(
        *(_resume(context, resume) for resume in resumes), return_exceptions=True
    )
    for result in results:
        if isinstance(result, BaseException):
            log.warning("Outbox: a delivery failed: %s", type(result).__name__)


async def _mark(state: BridgeState, delivery: tickets.Delivery, ok: bool) -> None:
    state.outbox_attempts.pop(delivery.message_id, None)
    await run_in_session_async(
        lambda s: tickets.mark_delivered(s, delivery.message_id, ok),
        state.settings.database_url,
    )
    if not ok:
        log.warning("Outbox: message %s of ticket %s not delivered", delivery.message_id,
                    delivery.ticket_id)


async def _deliver_to(
    context: ContextTypes.DEFAULT_TYPE, sender: str, deliveries: list[tickets.Delivery],
) -> None:
    """Deliver one person's messages in order; stop at the first that must wait."""
    state = state_of(context)
    if state.ordering.busy(sender):
        return  # the person's turn is running: next round, so nothing interleaves
    async with state.ordering.person(sender, 0, []) as turn:
        for delivery in deliveries:
            if delivery.chat_id is None:  # not a Telegram chat, or the chat was closed
                await _mark(state, delivery, ok=False)
                continue
            turn.chat_id = delivery.chat_id
            if not await _deliver_one(context, turn, delivery):
                return


async def _deliver_one(
    context: ContextTypes.DEFAULT_TYPE, turn: Turn, delivery: tickets.Delivery
) -> bool:
    """Send one counselor message; False when it must be tried again later."""
    state = state_of(context)
    turn.language = await language.known(state, turn.sender) or state.language
    shown = handoff.delivery_text(delivery, turn.language)
    if shown is None:
        await _mark(state, delivery, ok=False)
        return True
    text, back = shown
    # Quick exit is on every counselor message; "Back to the assistant" while it lasts.
    buttons = ([Button(state.text("handoff_back_button", turn.language), HANDOFF_BACK)] if back
               else [Button(state.text("exit_button", turn.language), QUICK_EXIT)])
    try:
        await send(context, turn, Reply(text=text, buttons=buttons))
    except (Forbidden, BadRequest) as error:  # blocked, or the chat is gone
        log.warning("Outbox: Telegram refused a message: %s", type(error).__name__)
        await _mark(state, delivery, ok=False)
        return True
    except TelegramError as error:  # network: the next round tries again
        attempts = state.outbox_attempts.get(delivery.message_id, 0) + 1
        state.outbox_attempts[delivery.message_id] = attempts
        if attempts == 1:
            log.info("Outbox: message %s will be tried again: %s", delivery.message_id,
                     type(error).__name__)
        if attempts >= OUTBOX_MAX_ATTEMPTS:
            await _mark(state, delivery, ok=False)
            return True
        return False
    await _mark(state, delivery, ok=True)
    return True


async def _resume(context: ContextTypes.DEFAULT_TYPE, resume: handoff.Resume) -> None:
    """A counselor ended the chat and the goodbye was delivered: Rasa takes over."""
    state = state_of(context)
    url = state.settings.database_url
    if resume.chat_id is None:  # nowhere to answer (not a Telegram chat)
        await run_in_session_async(lambda s: handoff.mark_resumed(s, resume.ticket_id), url)
        return
    if state.ordering.busy(resume.user_id):
        return
    async with state.ordering.person(resume.user_id, resume.chat_id, []) as turn:
        raw = await ask_rasa(context, turn, HANDOFF_ENDED)
        if raw is None:
            return  # Rasa is down: try again next round, say nothing meanwhile
        await run_in_session_async(lambda s: handoff.mark_resumed(s, resume.ticket_id), url)
        log.info("Handoff: ticket %s handed back to the assistant", resume.ticket_id)
        await answer(context, turn, parse_rasa_replies(raw))
