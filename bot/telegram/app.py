"""The Telegram bridge: python-telegram-bot in front, the Rasa server behind it.

Each Telegram user becomes a pseudonymous sender id before anything reaches Rasa or the
database. Rasa runs in its own process and is reached over HTTP, so the bot's event loop
never blocks on inference.

While a counselor has a person's request (a handoff ticket in state "active"), what the
person types goes to the counselor, not to Rasa; a background task (the outbox) delivers
the counselor's messages and hands the person back to the assistant when the chat ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import heapq
import logging
import math
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
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackContext,
    CallbackQueryHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot import messages
from bot.config import Settings
from bot.db import users
from bot.db.runtime import run_in_session_async
from bot.domain_info import response_text
from bot.handoff import store as tickets
from bot.identity import Pseudonymizer
from bot.privacy import erase_person_async
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.replies import (
    COMMAND_INTENTS,
    QUICK_EXIT,
    Button,
    Reply,
    command_word,
    parse_rasa_replies,
    payload_intent,
    split_text,
)
from bot.safety.crisis import is_crisis, warm_up
from bot.telegram import handoff, inbox
from bot.telegram.handoff import HANDOFF_BACK, HANDOFF_ENDED, HANDOFF_SENT, Handoff

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
TYPING_AT_MOST = 3  # "typing…" calls per turn
OUTBOX_EVERY_S = 1.0  # how often counselor messages are looked for
OUTBOX_MAX_ATTEMPTS = 120  # rounds a message may fail for network reasons before giving up
QUICK_EXIT_DB_WAIT_S = 5.0  # a quick exit never waits longer on ending a counselor chat
SEEN_IDS_IN_MEMORY = 50000  # update ids remembered in memory too (if the database fails)
# Button payloads that still reach Rasa while a counselor is in the chat ("delete
# everything" must always work); the quick exit is handled on its own.
HANDOFF_PASS_INTENTS = frozenset({"forget", "forget_confirm"})


@dataclass
class _Turn:
    """What one turn of one person needs: where to answer, and the message ids it saw."""

    chat_id: int
    sender: str
    incoming: list[int]
    outgoing: list[int] = field(default_factory=list)
    exiting: bool = False  # the quick exit's own turn (it may speak while others may not)


class _Gate:
    """One person's turns, one at a time, in the order of their update ids.

    An update takes its place in line the moment it arrives (`line_up`, before anything is
    awaited), so two messages sent quickly are answered in the order they were sent even
    if the second one reaches its handler first. Counselor messages line up last.
    """

    def __init__(self) -> None:
        self._line: list[float] = []
        self._held = False
        self._changed = asyncio.Event()

    def line_up(self, place: float) -> None:
        heapq.heappush(self._line, place)

    def leave_line(self, place: float) -> None:
        if place in self._line:
            self._line.remove(place)
            heapq.heapify(self._line)
            self._changed.set()

    @property
    def busy(self) -> bool:
        return self._held or bool(self._line)

    async def enter(self, place: float) -> None:
        if place not in self._line:
            self.line_up(place)
        while self._held or self._line[0] != place:
            self._changed.clear()
            await self._changed.wait()
        heapq.heappop(self._line)
        self._held = True

    def leave(self) -> None:
        self._held = False
        self._changed.set()


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
        self._gates: dict[str, _Gate] = {}
        self._seen: OrderedDict[int, None] = OrderedDict()  # update ids, newest last
        self._replaying: dict[int, Update] = {}  # unanswered updates handed back at start
        self._leaving: set[str] = set()  # people whose quick exit is under way
        self._long_payloads: OrderedDict[str, str] = OrderedDict()
        self.outbox_every_s = OUTBOX_EVERY_S
        self._outbox_task: asyncio.Task[None] | None = None
        self._attempts: dict[int, int] = {}  # outbox message id -> failed rounds

    # ---- helpers -------------------------------------------------------------------

    def _text(self, key: str) -> str:
        return messages.text(key, self._language)

    def sender_of(self, update: Update) -> str:
        """The pseudonymous sender id of whoever sent this update."""
        user = update.effective_user
        return self._pseudonymizer.sender_id("telegram", user.id if user else "unknown")

    @contextlib.asynccontextmanager
    async def _turn(self, update: Update, incoming: list[int]) -> AsyncIterator[_Turn]:
        """One turn of one person: a person's updates run one at a time in the order they
        were sent, and the turn's message ids are stored in one write at its end."""
        async with self._person(
            self.sender_of(update), update.effective_chat.id, incoming, update.update_id
        ) as turn:
            yield turn

    def _gate(self, sender: str) -> _Gate:
        gate = self._gates.get(sender)
        if gate is None:
            if len(self._gates) > 10000:  # forget idle people's gates
                for idle in [k for k, g in self._gates.items() if not g.busy]:
                    del self._gates[idle]
            gate = self._gates[sender] = _Gate()
        return gate

    @contextlib.asynccontextmanager
    async def _person(
        self, sender: str, chat_id: int, incoming: list[int], place: float = math.inf
    ) -> AsyncIterator[_Turn]:
        """Take this person's turn (turns and counselor messages never interleave) and
        store the message ids of what happened meanwhile, for a quick exit."""
        turn = _Turn(chat_id=chat_id, sender=sender, incoming=incoming)
        gate = self._gate(sender)
        await gate.enter(place)
        try:
            yield turn
        finally:
            gate.leave()
            await self._store_ids(turn)

    def _busy(self, sender: str) -> bool:
        """True while one of this person's turns runs or waits (the outbox comes back
        later)."""
        gate = self._gates.get(sender)
        return gate is not None and gate.busy

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
        """Deliver one reply: long texts split, the keyboard on the last piece. Nothing
        is sent to a person who is leaving fast, except by the quick exit itself."""
        if turn.sender in self._leaving and not turn.exiting:
            return
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
        """"typing…" for the first seconds of a turn. Not for ever: every call counts
        against Telegram's 30 calls a second, and a long wait gets the "slow" note instead."""
        for _ in range(TYPING_AT_MOST):
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

    async def _slow_notice(self, context: ContextTypes.DEFAULT_TYPE, turn: _Turn) -> None:
        """After a few seconds without an answer, say so once (the message is kept)."""
        await asyncio.sleep(self._settings.rasa_slow_notice_s)
        with contextlib.suppress(TelegramError):
            await self._say(context, turn, "slow")

    async def _ask_rasa(
        self, context: ContextTypes.DEFAULT_TYPE, turn: _Turn, text: str
    ) -> list[dict[str, Any]] | None:
        """Rasa's answer to one message (None when Rasa can't be reached). The client
        keeps trying while Rasa restarts; the person sees "typing…" and, when it takes
        long, a note that the answer is coming."""
        typing = asyncio.create_task(self._keep_typing(context, turn.chat_id))
        slow = asyncio.create_task(self._slow_notice(context, turn))
        try:
            return await self._rasa.send(turn.sender, text, {"channel": "telegram"})
        except RasaUnavailable as error:
            log.warning("Rasa unavailable: %s", error)
            return None
        finally:
            typing.cancel()
            slow.cancel()

    async def converse(
        self, context: ContextTypes.DEFAULT_TYPE, turn: _Turn, text: str
    ) -> None:
        """Send one message to Rasa and deliver every reply, in order."""
        raw = await self._ask_rasa(context, turn, text)
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
        await self._answer(context, turn, parse_rasa_replies(raw))

    async def _answer(
        self, context: ContextTypes.DEFAULT_TYPE, turn: _Turn, replies: list[Reply]
    ) -> None:
        """Deliver Rasa's replies in order and act on its control signals."""
        if not replies:
            # Every intent has an answer, so none means a step failed: most often the
            # action server is down or restarting. Rasa kept the conversation; try later.
            await self._say(context, turn, "error")
        for reply in replies:
            if reply.handoff_ticket is not None:
                await self._remember_chat(turn, reply.handoff_ticket)
            elif reply.quick_exit:
                await self._quick_exit(context, turn)
            else:
                await self._send(context, turn, reply)
        if any(reply.forget for reply in replies):
            # Rasa stored this turn before answering, so erasing now leaves nothing behind.
            await self._store_ids(turn)
            await erase_person_async(self._settings, turn.sender)

    # ---- handlers ------------------------------------------------------------------

    # ---- the counselor handoff ------------------------------------------------------

    async def _handoff(self, sender: str) -> Handoff | None:
        """The person's open ticket, if any. If the database can't say, the message goes
        to the assistant, which still answers (and still gives crisis help)."""
        try:
            return await run_in_session_async(
                lambda s: handoff.current(s, sender), self._settings.database_url
            )
        except Exception as error:  # noqa: BLE001 - routing must never stop a turn
            log.warning("Handoff state unavailable: %s", type(error).__name__)
            return None

    async def _remember_chat(self, turn: _Turn, ticket_id: int) -> None:
        """Rasa made a counselor request: keep (sealed) where the counselor's replies go."""
        key_file = self._settings.data_key_file
        try:
            await run_in_session_async(
                lambda s: handoff.remember_chat(s, ticket_id, turn.sender, turn.chat_id,
                                                key_file),
                self._settings.database_url,
            )
        except Exception as error:  # noqa: BLE001 - the person still gets Rasa's answer
            log.error("Handoff: could not keep the chat of ticket %s: %s", ticket_id,
                      type(error).__name__)

    async def _crisis_help(self, context: ContextTypes.DEFAULT_TYPE, turn: _Turn) -> None:
        await self._send(context, turn, Reply(text=response_text("utter_crisis")))

    async def _send_note(
        self, context: ContextTypes.DEFAULT_TYPE, turn: _Turn, ticket: Handoff, text: str
    ) -> bool:
        """A typed text while a request is a draft is its note: the request is sent and
        Rasa confirms it. False if the draft is gone (then Rasa gets the text)."""
        if is_crisis(text):
            await self._crisis_help(context, turn)  # and the note is kept all the same
        key_file = self._settings.data_key_file
        sent = await run_in_session_async(
            lambda s: handoff.submit_note(s, ticket.ticket_id, turn.sender, text, key_file),
            self._settings.database_url,
        )
        if not sent:
            return False
        log.info("Handoff: ticket %s sent with a note", ticket.ticket_id)
        await self.converse(context, turn, HANDOFF_SENT)
        return True

    async def _to_counselor(
        self, context: ContextTypes.DEFAULT_TYPE, turn: _Turn, ticket: Handoff, text: str
    ) -> bool:
        """A typed text during a counselor chat goes to the counselor, not to Rasa, and
        gets no automatic answer, except crisis help, which never waits for a human.
        False if the chat ended meanwhile (then Rasa gets the text)."""
        crisis = is_crisis(text)
        if crisis:
            await self._crisis_help(context, turn)
        key_file = self._settings.data_key_file
        return await run_in_session_async(
            lambda s: handoff.to_counselor(s, ticket.ticket_id, turn.sender, text, key_file,
                                           crisis),
            self._settings.database_url,
        )

    async def _back_to_assistant(
        self, context: ContextTypes.DEFAULT_TYPE, turn: _Turn
    ) -> None:
        """The person ends the counselor chat (/bot or the button); Rasa takes over."""
        key_file = self._settings.data_key_file
        ended = await run_in_session_async(
            lambda s: handoff.end_active(s, turn.sender, key_file, "person"),
            self._settings.database_url,
        )
        if ended is None:  # the counselor closed it meanwhile: the outbox hands back
            await self.converse(context, turn, "/menu")
            return
        log.info("Handoff: ticket %s ended by the person", ended)
        await self.converse(context, turn, HANDOFF_ENDED)

    async def _leave_fast(self, context: ContextTypes.DEFAULT_TYPE, turn: _Turn) -> None:
        """Quick exit: end a counselor chat if there is one (the counselor is told not to
        write), then the usual quick exit, which runs even if the database fails."""
        turn.exiting = True
        key_file = self._settings.data_key_file
        try:
            ended = await asyncio.wait_for(
                run_in_session_async(
                    lambda s: handoff.end_active(s, turn.sender, key_file, "quick_exit"),
                    self._settings.database_url,
                ),
                QUICK_EXIT_DB_WAIT_S,
            )
            if ended is not None:
                log.info("Handoff: ticket %s ended by quick exit", ended)
        except Exception as error:  # noqa: BLE001 - leaving fast comes first
            log.error("Quick exit: could not end a counselor chat: %s", type(error).__name__)
        try:
            await self.converse(context, turn, QUICK_EXIT)
        finally:
            self._leaving.discard(turn.sender)

    # ---- every update: retries dropped, order kept, nothing lost on a restart ----------

    @staticmethod
    def _is_quick_exit(update: Update) -> bool:
        message = update.message
        if message is not None and message.text:
            return command_word(message.text) == "exit"
        query = update.callback_query
        return query is not None and query.data == QUICK_EXIT

    def _seen_before(self, update_id: int) -> bool:
        if update_id in self._seen:
            return True
        self._seen[update_id] = None
        while len(self._seen) > SEEN_IDS_IN_MEMORY:
            self._seen.popitem(last=False)
        return False

    async def on_arrival(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """First for every update: take the person's place in line (before anything is
        awaited), drop Telegram's retries, journal it so a restart can't lose it, and start
        a quick exit at once even while an earlier turn is still running."""
        update_id = update.update_id
        replay = self._replaying.get(update_id) is update  # not a retry of the same id
        sender = self.sender_of(update)
        gate = self._gate(sender)
        if not replay and self._seen_before(update_id):
            log.info("Dropped a repeated update")
            raise ApplicationHandlerStop
        busy = gate.busy
        gate.line_up(update_id)
        if self._is_quick_exit(update) and update.effective_chat is not None:
            self._leaving.add(sender)
            if busy:
                await self._exit_now(context, sender, update)
        if replay:
            return
        tries = 0

        def journal(session: Any) -> bool:
            # Tried again if the database was unreachable (restarting). A row found on a
            # later try is this claim's own, committed just before the connection broke:
            # retries of the same id in this process were dropped above (`_seen_before`).
            nonlocal tries
            tries += 1
            return inbox.claim(session, update_id, update.to_dict(),
                               self._settings.data_key_file) or tries > 1

        try:
            fresh = await run_in_session_async(journal, self._settings.database_url)
        except Exception as error:  # noqa: BLE001 - an answer matters more than the journal
            log.warning("Update journal unavailable: %s", type(error).__name__)
            return
        if not fresh:
            gate.leave_line(update_id)
            log.info("Dropped a repeated update (seen before a restart)")
            raise ApplicationHandlerStop

    async def on_answered(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Last for every update: it was answered (or failed and was apologised for)."""
        update_id = update.update_id
        if self._replaying.get(update_id) is update:
            del self._replaying[update_id]
        self._gate(self.sender_of(update)).leave_line(update_id)  # if no handler took it
        try:
            await run_in_session_async(lambda s: inbox.finish(s, update_id),
                                       self._settings.database_url)
        except Exception as error:  # noqa: BLE001
            log.warning("Update journal unavailable: %s", type(error).__name__)

    async def _exit_now(
        self, context: ContextTypes.DEFAULT_TYPE, sender: str, update: Update
    ) -> None:
        """Quick exit while an earlier turn still runs: delete what can be deleted now;
        the earlier turn says nothing more, and the exit's own turn finishes the job."""
        incoming = [update.message.message_id] if update.message else []
        turn = _Turn(chat_id=update.effective_chat.id, sender=sender, incoming=incoming)
        try:
            await self._quick_exit(context, turn)
        except Exception as error:  # noqa: BLE001 - the exit's own turn tries again
            log.warning("Early quick exit failed: %s", type(error).__name__)

    async def replay_unanswered(self, application: Application) -> int:
        """Hand updates received but never answered (before a restart) back to the queue."""
        try:
            pending = await run_in_session_async(
                lambda s: inbox.unanswered(s, self._settings.data_key_file),
                self._settings.database_url,
            )
        except Exception as error:  # noqa: BLE001
            log.error("Update journal unreadable: %s", type(error).__name__)
            return 0
        for data in pending:
            update = Update.de_json(data, application.bot)
            self._replaying[update.update_id] = update
            self._seen_before(update.update_id)  # a retry of it is dropped
            await application.update_queue.put(update)
        if pending:
            log.info("Answering %d updates received before a restart", len(pending))
        return len(pending)

    # ---- handlers ------------------------------------------------------------------

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A typed message goes to Rasa, or to the counselor during a counselor chat, or
        becomes the note of a counselor request that waits for one."""
        message = update.effective_message
        async with self._turn(update, [message.message_id]) as turn:
            text = (message.text or "").strip()
            if not text:
                await self._say(context, turn, "empty")
                return
            ticket = await self._handoff(turn.sender)
            if ticket is not None and ticket.active:
                if await self._to_counselor(context, turn, ticket, text):
                    return
            elif ticket is not None and ticket.draft:
                if await self._send_note(context, turn, ticket, text):
                    return
            await self.converse(context, turn, text)

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Known commands send their intent; unknown ones get the list of commands. During
        a counselor chat only /bot, /exit and /forget do something."""
        message = update.effective_message
        word = command_word(message.text or "")
        async with self._turn(update, [message.message_id]) as turn:
            if word == "exit":
                await self._leave_fast(context, turn)
                return
            if word != "forget":
                ticket = await self._handoff(turn.sender)
                if ticket is not None and ticket.active:
                    if word == "bot":
                        await self._back_to_assistant(context, turn)
                    else:
                        await self._say(context, turn, "handoff_in_progress")
                    return
            # Outside a counselor chat, /bot (back to the assistant) shows the menu.
            intent = "/menu" if word == "bot" else COMMAND_INTENTS.get(word)
            if intent is None:
                await self._say(context, turn, "unknown_command")
            else:
                await self.converse(context, turn, intent)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A pressed button: answer it, clear its keyboard, send its payload to Rasa.
        During a counselor chat only "Back to the assistant", quick exit and "delete
        everything" do something; other (older) buttons get a reminder."""
        query = update.callback_query
        async with self._turn(update, []) as turn:
            with contextlib.suppress(TelegramError):
                await query.answer()
            data = query.data or ""
            if data.startswith("~"):
                data = self._long_payloads.get(data, "")
            intent = payload_intent(data)
            if intent == "quick_exit":
                await self._leave_fast(context, turn)
                return
            if intent not in HANDOFF_PASS_INTENTS:
                ticket = await self._handoff(turn.sender)
                if ticket is not None and ticket.active:
                    if data == HANDOFF_BACK:
                        await self._clear_keyboard(query)
                        await self._back_to_assistant(context, turn)
                    else:
                        await self._say(context, turn, "handoff_in_progress")
                    return
            if intent not in KEEP_KEYBOARD:
                await self._clear_keyboard(query)
            if data == HANDOFF_BACK:  # the counselor chat is over: like /bot, the menu
                await self.converse(context, turn, "/menu")
            elif intent is None or intent not in self._known_intents:
                await self._say(context, turn, "button_expired")
                await self.converse(context, turn, "/menu")
            else:
                await self.converse(context, turn, data)

    @staticmethod
    async def _clear_keyboard(query: Any) -> None:
        if isinstance(query.message, Message):
            with contextlib.suppress(BadRequest):
                await query.edit_message_reply_markup(reply_markup=None)

    async def on_edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Edits are not re-read: ask kindly to send the message again."""
        async with self._turn(update, []) as turn:
            ticket = await self._handoff(turn.sender)
            active = ticket is not None and ticket.active
            await self._say(context, turn, "handoff_edited" if active else "edited")

    def media(self, key: str):  # type: ignore[no-untyped-def]
        """A handler that answers a non-text message with the catalog text `key` (during a
        counselor chat: only text is passed on)."""

        async def on_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            async with self._turn(update, [update.effective_message.message_id]) as turn:
                ticket = await self._handoff(turn.sender)
                active = ticket is not None and ticket.active
                await self._say(context, turn, "handoff_text_only" if active else key)

        return on_media

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the error without personal data and tell the person gently."""
        log.error("Error while handling an update: %s", type(context.error).__name__,
                  exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat:
            with contextlib.suppress(TelegramError):
                await context.bot.send_message(update.effective_chat.id, self._text("error"))

    # ---- the outbox: counselor messages to people -----------------------------------

    def start_outbox(self, application: Application) -> None:
        """Start delivering counselor messages in the background (once)."""
        if self._outbox_task is None or self._outbox_task.done():
            self._outbox_task = asyncio.create_task(self._outbox_loop(application))

    async def stop_outbox(self) -> None:
        """Stop the background delivery (a round in progress is cancelled)."""
        task, self._outbox_task = self._outbox_task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _outbox_loop(self, application: Application) -> None:
        context = CallbackContext(application)
        while True:
            try:
                await self.deliver_outbox(context)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - the loop must outlive one bad round
                log.warning("Outbox round failed: %s", type(error).__name__)
            await asyncio.sleep(self.outbox_every_s)

    async def deliver_outbox(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """One round: deliver waiting counselor messages (each person's in order, under the
        person's lock), then hand back to the assistant whoever a counselor let go."""
        key_file, url = self._settings.data_key_file, self._settings.database_url
        deliveries = await run_in_session_async(lambda s: tickets.pending(s, key_file), url)
        by_person: dict[str, list[tickets.Delivery]] = {}
        for delivery in deliveries:
            by_person.setdefault(delivery.user_id, []).append(delivery)
        results = await asyncio.gather(
            *(self._deliver_to(context, sender, items) for sender, items in by_person.items()),
            return_exceptions=True,
        )
        resumes = await run_in_session_async(lambda s: handoff.due_resumes(s, key_file), url)
        results += await asyncio.gather(
            *(self._resume(context, resume) for resume in resumes), return_exceptions=True
        )
        for result in results:
            if isinstance(result, BaseException):
                log.warning("Outbox: a delivery failed: %s", type(result).__name__)

    async def _mark(self, delivery: tickets.Delivery, ok: bool) -> None:
        self._attempts.pop(delivery.message_id, None)
        await run_in_session_async(
            lambda s: tickets.mark_delivered(s, delivery.message_id, ok),
            self._settings.database_url,
        )
        if not ok:
            log.warning("Outbox: message %s of ticket %s not delivered", delivery.message_id,
                        delivery.ticket_id)

    async def _deliver_to(
        self, context: ContextTypes.DEFAULT_TYPE, sender: str,
        deliveries: list[tickets.Delivery],
    ) -> None:
        """Deliver one person's messages in order; stop at the first that must wait."""
        if self._busy(sender):
            return  # the person's turn is running: next round, so nothing interleaves
        async with self._person(sender, 0, []) as turn:
            for delivery in deliveries:
                if delivery.chat_id is None:  # not a Telegram chat, or the chat was closed
                    await self._mark(delivery, ok=False)
                    continue
                turn.chat_id = delivery.chat_id
                if not await self._deliver_one(context, turn, delivery):
                    return

    async def _deliver_one(
        self, context: ContextTypes.DEFAULT_TYPE, turn: _Turn, delivery: tickets.Delivery
    ) -> bool:
        """Send one counselor message; False when it must be tried again later."""
        shown = handoff.delivery_text(delivery, self._language)
        if shown is None:
            await self._mark(delivery, ok=False)
            return True
        text, back = shown
        # Quick exit is on every counselor message; "Back to the assistant" while it lasts.
        buttons = ([Button(self._text("handoff_back_button"), HANDOFF_BACK)] if back
                   else [Button(self._text("exit_button"), QUICK_EXIT)])
        try:
            await self._send(context, turn, Reply(text=text, buttons=buttons))
        except (Forbidden, BadRequest) as error:  # blocked, or the chat is gone
            log.warning("Outbox: Telegram refused a message: %s", type(error).__name__)
            await self._mark(delivery, ok=False)
            return True
        except TelegramError as error:  # network: the next round tries again
            attempts = self._attempts.get(delivery.message_id, 0) + 1
            self._attempts[delivery.message_id] = attempts
            if attempts == 1:
                log.info("Outbox: message %s will be tried again: %s", delivery.message_id,
                         type(error).__name__)
            if attempts >= OUTBOX_MAX_ATTEMPTS:
                await self._mark(delivery, ok=False)
                return True
            return False
        await self._mark(delivery, ok=True)
        return True

    async def _resume(self, context: ContextTypes.DEFAULT_TYPE, resume: handoff.Resume) -> None:
        """A counselor ended the chat and the goodbye was delivered: Rasa takes over."""
        url = self._settings.database_url
        if resume.chat_id is None:  # nowhere to answer (not a Telegram chat)
            await run_in_session_async(lambda s: handoff.mark_resumed(s, resume.ticket_id), url)
            return
        if self._busy(resume.user_id):
            return
        async with self._person(resume.user_id, resume.chat_id, []) as turn:
            raw = await self._ask_rasa(context, turn, HANDOFF_ENDED)
            if raw is None:
                return  # Rasa is down: try again next round, say nothing meanwhile
            await run_in_session_async(lambda s: handoff.mark_resumed(s, resume.ticket_id), url)
            log.info("Handoff: ticket %s handed back to the assistant", resume.ticket_id)
            await self._answer(context, turn, parse_rasa_replies(raw))

    # ---- lifecycle -----------------------------------------------------------------

    async def post_init(self, application: Application) -> None:
        """Load the crisis net now (not during a crisis), publish the command list and
        start the outbox."""
        await asyncio.to_thread(warm_up)
        commands = messages.catalog(self._language)["commands"]
        with contextlib.suppress(TelegramError):
            await application.bot.set_my_commands(
                [BotCommand(name, description) for name, description in commands.items()]
            )
        await self.replay_unanswered(application)
        self.start_outbox(application)

    async def post_stop(self, application: Application) -> None:
        """Stop the outbox before the bot's connections close."""
        await self.stop_outbox()

    async def post_shutdown(self, application: Application) -> None:
        """Stop the outbox (if still running) and close the HTTP pool to Rasa."""
        await self.stop_outbox()
        await self._rasa.close()


class TolerantBot(ExtBot):  # type: ignore[type-arg]
    """The bot, reading each update of a getUpdates batch on its own.

    python-telegram-bot reads a whole batch at once, so one update it can't read (a field a
    newer Bot API made required, a forged update) would stop every update behind it, again
    and again. Such an update is passed on empty instead: it is confirmed, answered by no
    handler, and the others go on.
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


def build_application(
    settings: Settings, bridge: TelegramBridge, **builder_options: Any
) -> Application:
    """Build the python-telegram-bot Application and register every handler, in order."""
    bot = TolerantBot(
        token=settings.telegram_token,
        base_url=settings.telegram_base_url,
        request=HTTPXRequest(connection_pool_size=256),
        get_updates_request=HTTPXRequest(connection_pool_size=1),
        # Telegram's 429 answers are waited out (retry_after) and the call made again.
        rate_limiter=AIORateLimiter(max_retries=3),
    )
    builder = (
        ApplicationBuilder()
        .bot(bot)
        # Updates run concurrently; the bridge keeps each person's updates in order.
        .concurrent_updates(256)
        .post_init(bridge.post_init)
        .post_stop(bridge.post_stop)
        .post_shutdown(bridge.post_shutdown)
    )
    for name, value in builder_options.items():
        builder = getattr(builder, name)(value)
    application = builder.build()

    # Order matters: the first matching handler wins. Edits first (they also carry text),
    # then commands, then text, then buttons, then every other kind of message.
    edited = filters.UpdateType.EDITED_MESSAGE
    new = filters.UpdateType.MESSAGE
    application.add_handler(TypeHandler(Update, bridge.on_arrival), group=-1)
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
    application.add_handler(TypeHandler(Update, bridge.on_answered), group=1)
    application.add_error_handler(bridge.on_error)
    return application
