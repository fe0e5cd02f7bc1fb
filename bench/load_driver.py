"""The simulated people of bench/load.py: through the fake Bot API to the bridge's webhook
(warm-up, calibration, the measured run), or straight to Rasa's REST channel."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bench.load_report import Result
from bench.load_scripts import SCRIPT_NAMES, SCRIPTS, Step, script_of
from bot import catalog
from testsupport.fake_bot_api import FakeBotApi

TURN_TIMEOUT_S = 60.0  # default of --turn-timeout
GIVE_UP_S = 300.0  # a person stops waiting for an answer (and stops) after this long
# An answer with fewer messages than the person alone got is taken as complete when its last
# message has buttons and nothing more came for this long (counted as "short").
SHORT_QUIET_S = 15.0
WARMUP_TIMEOUT_S = 180.0  # the bridge has no health check: wait for its setWebhook
CALIBRATION_QUIET_S = 1.0  # after a message with buttons
CALIBRATION_QUIET_NO_BUTTONS_S = 3.0
SETTLE_S = 3.0  # after the last turn, for late (duplicate) replies
SETTLE_MAX_S = 30.0
RAMP_S = 2.0  # people start evenly spread over this many seconds
CALIBRATION_USER = 90_000
WARMUP_USER = 99_999


class BenchError(RuntimeError):
    """The benchmark could not measure what it should."""


@dataclass
class Chat:
    """What the bridge sent to one chat, as seen by the fake."""

    times: list[float] = field(default_factory=list)  # arrival stamp of each sendMessage
    keyboard_id: int | None = None  # the latest message with buttons
    buttons: dict[str, str] = field(default_factory=dict)  # its title -> callback data
    last_has_buttons: bool = False
    slow: int = 0  # "I'm slow right now" notices (not counted in `times`)
    failed: int = 0  # apologies instead of an answer (not counted in `times`)
    waiter: tuple[int, asyncio.Future[str]] | None = None  # (message count, future)


class Replies:
    """Follows the bridge's sendMessage calls (a listener on the fake) in an asyncio loop."""

    def __init__(self, api: FakeBotApi, loop: asyncio.AbstractEventLoop) -> None:
        self.api = api
        self.loop = loop
        self.slow_text = catalog.text("messages", "slow")
        self.failed_texts = {catalog.text("messages", key) for key in ("unavailable", "error")}
        self.chats: dict[int, Chat] = {}
        self.methods: Counter[str] = Counter()  # answered calls, by method (server thread)
        self._remove = api.add_listener(self._on_call)

    def close(self) -> None:
        self._remove()

    def _on_call(self, record: dict[str, Any]) -> None:
        # Server thread: hand over to the benchmark's loop.
        self.methods[record.get("method", "?")] += 1
        if record.get("method") != "sendMessage" or record.get("status") != 200:
            return
        params = record["params"]
        markup = params.get("reply_markup")
        rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
        buttons = {b.get("text"): b.get("callback_data") for row in rows or [] for b in row}
        with contextlib.suppress(RuntimeError):  # loop closed: the run is over
            self.loop.call_soon_threadsafe(
                self._on_message, int(params["chat_id"]), record["time"],
                record.get("message_id"), buttons, str(params.get("text") or ""),
            )

    def _on_message(self, chat_id: int, at: float, message_id: int | None,
                    buttons: dict[str, str], text: str) -> None:
        chat = self.chat(chat_id)
        if text == self.slow_text:
            chat.slow += 1
            return
        if text in self.failed_texts:
            chat.failed += 1
            self._resolve(chat, "failed")
            return
        chat.times.append(at)
        chat.last_has_buttons = bool(buttons)
        if buttons:
            chat.keyboard_id, chat.buttons = message_id, buttons
        if chat.waiter is not None and len(chat.times) >= chat.waiter[0]:
            self._resolve(chat, "ok")

    @staticmethod
    def _resolve(chat: Chat, outcome: str) -> None:
        if chat.waiter is not None:
            future = chat.waiter[1]
            chat.waiter = None
            if not future.done():
                future.set_result(outcome)

    def chat(self, chat_id: int) -> Chat:
        if chat_id not in self.chats:
            self.chats[chat_id] = Chat()
        return self.chats[chat_id]

    def wait_count(self, chat_id: int, count: int) -> asyncio.Future[str]:
        """A future done ("ok") once the chat has `count` bot messages, or ("failed") at an
        apology instead."""
        future: asyncio.Future[str] = self.loop.create_future()
        chat = self.chat(chat_id)
        if len(chat.times) >= count:
            future.set_result("ok")
        else:
            chat.waiter = (count, future)
        return future

    def push(self, chat_id: int, step: Step) -> None:
        """Queue the person's update for this step (a text, or a button press)."""
        kind, value = step
        if kind == "say":
            self.api.push_text(chat_id, value)
            return
        chat = self.chat(chat_id)
        data = chat.buttons.get(value)
        if data is None or chat.keyboard_id is None:
            raise BenchError(f"no button {value!r} on the latest keyboard of chat {chat_id}: "
                             f"{sorted(chat.buttons)}")
        self.api.push_callback(chat_id, chat.keyboard_id, data)


async def quiet_turn(replies: Replies, chat_id: int, step: Step, timeout: float) -> int:
    """Calibration: one step alone; how many messages its answer had."""
    chat = replies.chat(chat_id)
    before = len(chat.times)
    replies.push(chat_id, step)
    deadline = time.monotonic() + timeout
    while True:
        count = len(chat.times) - before
        if count:
            quiet = (CALIBRATION_QUIET_S if chat.last_has_buttons
                     else CALIBRATION_QUIET_NO_BUTTONS_S)
            if time.monotonic() - chat.times[-1] >= quiet:
                return count
        elif time.monotonic() >= deadline:
            raise BenchError(f"calibration: no answer to {step} within {timeout:g} s\n"
                             + replies.api.summary(last=8))
        await asyncio.sleep(0.05)


async def calibrate(api: FakeBotApi, turns: int, verbose: bool = False,
                    ) -> dict[str, list[int]]:
    """Messages per turn of each script, one person per script (the scripts in parallel)."""
    replies = Replies(api, asyncio.get_running_loop())
    try:
        async def one(index: int, name: str) -> list[int]:
            chat_id = CALIBRATION_USER + index
            return [await quiet_turn(replies, chat_id, step, TURN_TIMEOUT_S)
                    for step in SCRIPTS[name][:turns]]

        counts = await asyncio.gather(*(one(i, n) for i, n in enumerate(SCRIPT_NAMES)))
    finally:
        replies.close()
    if verbose:  # what each script's person saw, to check the scripts still make sense
        for index, name in enumerate(SCRIPT_NAMES):
            sent = iter(api.sent_messages(CALIBRATION_USER + index))
            print(f"[load] --- script {name}", file=sys.stderr)
            for step, count in zip(SCRIPTS[name][:turns], counts[index], strict=True):
                print(f"[load] {step[0]} {step[1]!r}", file=sys.stderr)
                for message in (next(sent) for _ in range(count)):
                    first = (message.get("plain_text") or message.get("text") or "")
                    print(f"[load]     | {first.splitlines()[0][:90]}", file=sys.stderr)
    return dict(zip(SCRIPT_NAMES, counts, strict=True))


async def warm_up(api: FakeBotApi) -> None:
    """One "hi" turn: returns once the bridge has its webhook set and answers."""
    replies = Replies(api, asyncio.get_running_loop())
    try:
        deadline = time.monotonic() + WARMUP_TIMEOUT_S
        while not api.webhook_url:
            if time.monotonic() >= deadline:
                raise BenchError("the bridge never called setWebhook\n" + api.summary())
            await asyncio.sleep(0.2)
        future = replies.wait_count(WARMUP_USER, 1)
        api.push_text(WARMUP_USER, "hi")
        try:
            await asyncio.wait_for(future, WARMUP_TIMEOUT_S)
        except asyncio.TimeoutError:
            raise BenchError("warm-up: no answer to 'hi'\n" + api.summary()) from None
        await asyncio.sleep(CALIBRATION_QUIET_NO_BUTTONS_S)
    finally:
        replies.close()


async def telegram_load(
    api: FakeBotApi, label: str, first_user: int, users: int, turns: int,
    expected: dict[str, list[int]], turn_timeout: float = TURN_TIMEOUT_S,
) -> Result:
    """All people at once, each waiting for the whole answer before the next turn."""
    replies = Replies(api, asyncio.get_running_loop())
    result = Result(label)
    failures_before = api.webhook_failures
    ends: list[float] = []
    wanted: dict[int, int] = {}  # chat -> messages expected for the turns pushed

    async def person(index: int) -> None:
        chat_id = first_user + index
        name, steps = script_of(index, turns)
        await asyncio.sleep(RAMP_S * index / users)
        chat = replies.chat(chat_id)
        wanted[chat_id] = 0
        for number, step in enumerate(steps):
            target = len(chat.times) + expected[name][number]
            future = replies.wait_count(chat_id, target)
            start = time.monotonic()
            try:
                replies.push(chat_id, step)
            except BenchError as error:
                result.script_errors += 1
                print(f"[load] {error}", file=sys.stderr)
                chat.waiter = None
                return
            wanted[chat_id] += expected[name][number]
            before = target - expected[name][number]
            outcome, lost = "", False
            while not outcome:
                try:
                    outcome = await asyncio.wait_for(asyncio.shield(future), 1.0)
                    break
                except asyncio.TimeoutError:
                    pass
                now = time.monotonic()
                if not lost and now - start >= turn_timeout:
                    lost = True  # but keep waiting, so the conversation stays in step
                    result.lost += 1
                if (len(chat.times) > before and chat.last_has_buttons
                        and now - chat.times[-1] >= SHORT_QUIET_S):
                    outcome = "short"  # fewer messages than alone, ending with buttons
                elif now - start >= GIVE_UP_S:
                    result.unanswered += 1
                    chat.waiter = None
                    return
            if outcome == "failed":
                result.failed += 1
                continue
            if outcome == "short":
                chat.waiter = None
                result.short += 1
            last = chat.times[min(target, len(chat.times)) - 1]
            if not lost and last - start > turn_timeout:  # came between two checks
                result.lost += 1
            result.latencies.append(last - start)
            ends.append(last)

    started = time.monotonic()
    try:
        await asyncio.gather(*(person(index) for index in range(users)))
        result.wall_s = (max(ends) if ends else time.monotonic()) - started
        # Late replies: wait until nothing is queued or in flight and all is quiet.
        deadline = time.monotonic() + SETTLE_MAX_S
        while time.monotonic() < deadline:
            last = max((c.times[-1] for c in replies.chats.values() if c.times), default=0.0)
            if not api.pending_updates() and time.monotonic() - last >= SETTLE_S:
                break
            await asyncio.sleep(0.2)
        for chat_id, want in wanted.items():
            chat = replies.chat(chat_id)
            result.duplicates += max(0, len(chat.times) - want)
            result.missing += max(0, want - len(chat.times))
            result.slow_notices += chat.slow
    finally:
        replies.close()
    result.webhook_failures = api.webhook_failures - failures_before
    result.bot_api_calls = replies.methods
    return result


async def rest_load(rasa_url: str, users: int, turns: int,
                    turn_timeout: float = TURN_TIMEOUT_S) -> Result:
    """The same people and steps posted straight to Rasa's REST channel."""
    url = rasa_url + "/webhooks/rest/webhook"
    result = Result("rasa rest")
    ends: list[float] = []
    timeout = aiohttp.ClientTimeout(total=GIVE_UP_S)
    connector = aiohttp.TCPConnector(limit=0)
    run_id = secrets.token_hex(3)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def person(index: int) -> None:
            sender = f"load-rest-{run_id}-{index}"
            _name, steps = script_of(index, turns)
            await asyncio.sleep(RAMP_S * index / users)
            buttons: dict[str, str] = {}
            for kind, value in steps:
                text = value
                if kind == "press":
                    if value not in buttons:
                        result.script_errors += 1
                        print(f"[load] rest: no button {value!r} for {sender}: "
                              f"{sorted(buttons)}", file=sys.stderr)
                        return
                    text = buttons[value]
                # The same payload the bridge sends (bot.rasa_client).
                payload = {"sender": sender, "message": text,
                           "metadata": {"channel": "telegram"}}
                start = time.monotonic()
                try:
                    async with session.post(url, json=payload) as response:
                        answer = await response.json(content_type=None)
                        status = response.status
                except (asyncio.TimeoutError, aiohttp.ClientError):
                    result.lost += 1
                    result.unanswered += 1
                    return
                end = time.monotonic()
                if end - start > turn_timeout:
                    result.lost += 1
                if status != 200 or not isinstance(answer, list):
                    result.failed += 1
                    continue
                result.latencies.append(end - start)
                ends.append(end)
                for reply in answer:
                    if reply.get("buttons"):
                        buttons = {b.get("title"): b.get("payload") for b in reply["buttons"]}

        started = time.monotonic()
        await asyncio.gather(*(person(index) for index in range(users)))
        result.wall_s = (max(ends) if ends else time.monotonic()) - started
    return result
