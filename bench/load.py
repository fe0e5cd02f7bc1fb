"""Load: many people at once through the Telegram bridge in webhook mode (issue #9).

Starts the real stack (action server, Rasa with models/current.tar.gz, staff console,
Telegram bridge with TELEGRAM_MODE=webhook) in a temporary folder. A fake Telegram Bot API
on loopback delivers updates to the bridge's webhook like Telegram does (POST with the
secret token header, at most 40 at a time, retried when not answered 2xx in 10 s) and
records what the bridge sends back.

Every simulated person follows one of three 20-turn scripts (training programs, clearing a
record, skills and jobs; each mixes menu buttons, typed questions, "hi" and a few bad
inputs) and waits for the whole answer to a turn before the next one (closed loop); all
people run at once.

When is a turn complete? Before measuring, one person per script goes through it alone and
the number of messages the bridge sends for each turn is counted (a turn is over when a
message with buttons arrived and then nothing for 1 s, or 3 s of quiet without buttons).
Under load a turn is complete when that many new messages have reached the fake; its latency
runs from the update being queued to the fake's arrival stamp of the last of them. The
bridge's own "I'm slow right now" notice is not part of the answer (counted apart), and its
"can't answer right now" / "can't do that right now" apologies end the turn as failed.
A turn without its complete answer within 60 s (--turn-timeout) is lost; the person still
waits for it (up to 300 s, then gives up and stops) so the conversation stays in step, and
an answer that does come is in the latency figures too. An answer with fewer messages than
expected counts as complete ("short") once its last message has buttons and 15 s passed
without more. After the run, messages beyond the
expected count are duplicated replies (e.g. an update answered twice after a webhook
retry). The REST baseline counts the same way: lost = no answer within 60 s.

Profiles:
  default  SQLite app data and tracker, one Rasa worker, in-memory lock store
  scale    a throwaway PostgreSQL (app data and tracker), Redis lock store, RASA_WORKERS=2
  rest     the same people and texts posted straight to Rasa's REST channel
           (/webhooks/rest/webhook) of the default stack: the baseline without the bridge
  all      default, then rest on the same stack, then scale

Memory: every 0.5 s during the measured run, VmRSS of each process of each service and of
its children (Rasa's Sanic workers are children of the Rasa process); reported per service
as the peak of the summed tree, and as the largest single process.

Prints a table and merges the figures into reports/bench.json. Run from the repository
root: ``python bench/load.py [--users 200] [--turns 20] [--profile all]``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/load.py` without PYTHONPATH
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

import argparse  # noqa: E402
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import secrets  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Iterator, Sequence  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402

import aiohttp  # noqa: E402

from bench.common import merge_report, percentile, ready_to_run  # noqa: E402
from bot import messages  # noqa: E402
from bot.runner import model_path  # noqa: E402
from testsupport.fake_bot_api import FakeBotApi  # noqa: E402
from testsupport.processes import parent_map, rss_kb, tree  # noqa: E402
from testsupport.stack import Stack, webhook_settings  # noqa: E402

TOKEN = "434343:LOAD-token-for-the-fake-api"
WEBHOOK_PATH = "telegram-load"
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
SAMPLE_EVERY_S = 0.5
RAMP_S = 2.0  # people start evenly spread over this many seconds
SCALE_STARTUP_S = 420.0  # two Rasa workers load the model at once
REPORT = ROOT / "reports" / "bench.json"
MAX_TURNS = 20

# (kind, value): "say" types the text; "press" presses the button with that title on the
# latest message with buttons (the bridge sends its payload to Rasa, as REST does below).
Step = tuple[str, str]
SCRIPTS: dict[str, list[Step]] = {
    "programs": [
        ("say", "hi"),
        ("press", "Training programs"),
        ("say", "30303"),
        ("press", "Details 1"),
        ("press", "Save this"),
        ("press", "My saved programs"),
        ("say", "free cooking classes near 30303"),
        ("press", "More programs"),
        ("say", "zxq blorp"),
        ("say", "menu"),
        ("press", "Clearing a record"),
        ("say", "georgia"),
        ("press", "Why do you ask?"),
        ("say", "what does vacatur mean"),
        ("say", "what can you do"),
        ("say", "are you a bot"),
        ("say", "help me find a job that fits me"),
        ("press", "Love it"),
        ("press", "Stop and see my results"),
        ("say", "thanks"),
    ],
    "record": [
        ("say", "hello"),
        ("press", "Clearing a record"),
        ("say", "georgia"),
        ("press", "Convicted"),
        ("press", "Prostitution or related"),
        ("press", "Yes"),
        ("press", "No, 18 or older"),
        ("press", "Yes, it's done"),
        ("press", "Save this for later"),
        ("say", "can i clear my record in texas?"),
        ("say", "??"),
        ("say", "what does vacatur mean"),
        ("say", "training programs"),
        ("say", "30303"),
        ("say", "menu"),
        ("press", "Skills and jobs"),
        ("press", "Love it"),
        ("press", "Not for me"),
        ("press", "Stop and see my results"),
        ("say", "hi"),
    ],
    "skills": [
        ("say", "hi"),
        ("say", "help me find a job that fits me"),
        ("press", "Love it"),
        ("press", "Not for me"),
        ("press", "Not sure"),
        ("press", "Love it"),
        ("press", "Skip"),
        ("press", "Stop and see my results"),
        ("press", "More about 1"),
        ("say", "what do you know about me"),
        ("say", "asdfgh qwerty"),
        ("say", "menu"),
        ("press", "Training programs"),
        ("say", "30303"),
        ("press", "Details 1"),
        ("say", "i want to clear my record"),
        ("press", "Skip"),
        ("press", "Skip"),
        ("say", "what can you do"),
        ("say", "bye"),
    ],
}
SCRIPT_NAMES = list(SCRIPTS)
FIRST_USER = {"default": 100_000, "scale": 300_000}
CALIBRATION_USER = 90_000
WARMUP_USER = 99_999
# Bot API methods the bridge calls with a chat_id: AIORateLimiter counts these (30/s).
RATE_LIMITED = frozenset({"sendMessage", "sendChatAction", "editMessageReplyMarkup",
                          "editMessageText", "deleteMessage", "deleteMessages"})
SERVICE_KEYS = {"action server": "actions", "rasa": "rasa", "staff console": "console",
                "telegram bridge": "bridge"}


class BenchError(RuntimeError):
    """The benchmark could not measure what it should."""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200, help="people at once (200)")
    parser.add_argument("--turns", type=int, default=MAX_TURNS,
                        help=f"turns per person, at most {MAX_TURNS} ({MAX_TURNS})")
    parser.add_argument("--profile", choices=("default", "scale", "rest", "all"),
                        default="all", help="what to measure (all)")
    parser.add_argument("--turn-timeout", type=float, default=TURN_TIMEOUT_S,
                        help=f"seconds before a turn counts as lost ({TURN_TIMEOUT_S:g})")
    parser.add_argument("--report", type=Path, default=REPORT,
                        help="the JSON report to merge the figures into (reports/bench.json)")
    parser.add_argument("--no-report", action="store_true",
                        help="print only, do not write the report")
    parser.add_argument("--verbose", action="store_true",
                        help="show the calibration conversations (first line of each reply)")
    args = parser.parse_args(argv)
    if args.users < 1 or not 1 <= args.turns <= MAX_TURNS:
        parser.error(f"--users must be at least 1 and --turns within 1..{MAX_TURNS}")
    return args


def script_of(user_index: int, turns: int) -> tuple[str, list[Step]]:
    """The script person number `user_index` follows (the three take turns)."""
    name = SCRIPT_NAMES[user_index % len(SCRIPT_NAMES)]
    return name, SCRIPTS[name][:turns]


# ---------------------------------------------------------------- results


@dataclass
class Result:
    """What one measured run produced."""

    label: str
    latencies: list[float] = field(default_factory=list)
    wall_s: float = 0.0
    lost: int = 0  # no complete answer within the turn timeout
    failed: int = 0  # the bridge's apology instead of an answer (or a REST error)
    unanswered: int = 0  # nothing by GIVE_UP_S: that person stopped
    short: int = 0  # fewer messages than the person alone got (see SHORT_QUIET_S)
    slow_notices: int = 0  # the bridge's "I'm slow right now" messages
    duplicates: int = 0
    missing: int = 0  # expected messages that never came
    script_errors: int = 0  # a button to press was not there: that person stopped
    webhook_failures: int = 0
    bot_api_calls: Counter[str] = field(default_factory=Counter)  # the bridge's, by method
    memory: dict[str, float] = field(default_factory=dict)  # name -> peak MB
    memory_process: float = 0.0  # largest single process, MB

    @property
    def turns(self) -> int:
        return len(self.latencies)

    @property
    def turns_per_s(self) -> float:
        return self.turns / self.wall_s if self.wall_s > 0 else 0.0

    def ms(self, q: float) -> float:
        return percentile(self.latencies, q) * 1000 if self.latencies else float("nan")


# ---------------------------------------------------------------- memory


class MemorySampler:
    """Samples VmRSS of process trees in a thread; peaks per tree (summed) and per process."""

    def __init__(self, roots: dict[str, int]) -> None:
        self.roots = roots
        self.peak_tree_kb: dict[str, int] = dict.fromkeys(roots, 0)
        self.peak_total_kb = 0
        self.peak_process_kb: dict[str, int] = dict.fromkeys(roots, 0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def sample(self) -> None:
        parents = parent_map()
        total = 0
        for name, root in self.roots.items():
            sizes = [rss_kb(pid) for pid in tree(root, parents)]
            summed = sum(sizes)
            total += summed
            self.peak_tree_kb[name] = max(self.peak_tree_kb[name], summed)
            self.peak_process_kb[name] = max([self.peak_process_kb[name], *sizes])
        self.peak_total_kb = max(self.peak_total_kb, total)

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_EVERY_S):
            self.sample()

    def __enter__(self) -> MemorySampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sample()

    def figures(self) -> tuple[dict[str, float], float]:
        """Peak MB per tree (and "total"), and the largest single process in MB."""
        peaks = {name: kb / 1024 for name, kb in self.peak_tree_kb.items()}
        peaks["total"] = self.peak_total_kb / 1024
        return peaks, max(self.peak_process_kb.values(), default=0) / 1024


def service_roots(stack: Stack) -> dict[str, int]:
    """Short name -> pid of each running service of the stack."""
    roots = {}
    for service in stack.supervisor.services:
        if service.process is not None and service.alive():
            roots[SERVICE_KEYS.get(service.name, service.name)] = service.process.pid
    return roots


# ---------------------------------------------------------------- the fake's side


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
        self.slow_text = messages.text("slow")
        self.failed_texts = {messages.text("unavailable"), messages.text("error")}
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


# ---------------------------------------------------------------- bare Rasa REST


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


# ---------------------------------------------------------------- stacks


@contextlib.contextmanager
def running_stack(var_dir: Path, api: FakeBotApi | None, extra_env: dict[str, str],
                  startup_timeout: float) -> Iterator[Stack]:
    """Start a stack (with the bridge when `api` is given); stop it on the way out."""
    stack = Stack(var_dir, telegram_base_url=api.base_url if api else None,
                  telegram_token=TOKEN if api else "", extra_env=extra_env,
                  startup_timeout=startup_timeout)
    started = time.monotonic()
    stack.start()
    print(f"[load] stack up in {time.monotonic() - started:.0f} s", file=sys.stderr)
    try:
        yield stack
    except BaseException:
        print(stack.logs_tail(15), file=sys.stderr)
        raise
    finally:
        stack.stop()


def measure_telegram(api: FakeBotApi, stack: Stack, label: str, first_user: int,
                     args: argparse.Namespace, extra_roots: dict[str, int] | None = None,
                     ) -> Result:
    """Warm up, calibrate, then the measured run with memory sampling."""
    print(f"[load] {label}: warm-up (waits for the bridge's setWebhook)", file=sys.stderr)
    asyncio.run(warm_up(api))
    print(f"[load] {label}: calibration, one person per script alone", file=sys.stderr)
    expected = asyncio.run(calibrate(api, args.turns, args.verbose))
    for name, counts in expected.items():
        print(f"[load]   {name}: messages per turn {counts}", file=sys.stderr)
    print(f"[load] {label}: {args.users} people x {args.turns} turns", file=sys.stderr)
    roots = {**service_roots(stack), **(extra_roots or {})}
    with MemorySampler(roots) as sampler:
        result = asyncio.run(telegram_load(api, label, first_user, args.users, args.turns,
                                           expected, args.turn_timeout))
    result.memory, result.memory_process = sampler.figures()
    if not any(service.alive() for service in stack.supervisor.services
               if service.name == "telegram bridge"):
        raise BenchError("the bridge died during the run")
    return result


def run_default(args: argparse.Namespace, tmp: Path, with_rest: bool) -> list[Result]:
    results = []
    api = FakeBotApi(token=TOKEN).start()
    try:
        with running_stack(tmp / "default", api, webhook_settings(WEBHOOK_PATH), 180.0) as stack:
            results.append(measure_telegram(api, stack, "bridge (default)",
                                            FIRST_USER["default"], args))
            if with_rest:
                print(f"[load] rasa rest: {args.users} people x {args.turns} turns",
                      file=sys.stderr)
                results.append(asyncio.run(rest_load(
                    stack.settings.rasa_url, args.users, args.turns, args.turn_timeout)))
    finally:
        api.stop()
    return results


def run_rest_only(args: argparse.Namespace, tmp: Path) -> list[Result]:
    with running_stack(tmp / "rest", None, {}, 180.0) as stack:
        print(f"[load] rasa rest: {args.users} people x {args.turns} turns", file=sys.stderr)
        return [asyncio.run(rest_load(
            stack.settings.rasa_url, args.users, args.turns, args.turn_timeout))]


def run_scale(args: argparse.Namespace, tmp: Path) -> list[Result]:
    from testsupport.servers import PostgresServer, RedisServer

    with PostgresServer() as postgres, RedisServer() as redis:
        env = {
            **webhook_settings(WEBHOOK_PATH),
            "DATABASE_URL": postgres.new_database("load_app"),
            "TRACKER_STORE_URL": postgres.new_database("load_tracker"),
            "LOCK_STORE_URL": redis.url,
            "RASA_WORKERS": "2",
        }
        extra = {name: server.process.pid for name, server in
                 (("postgres", postgres), ("redis", redis)) if server.process is not None}
        api = FakeBotApi(token=TOKEN).start()
        try:
            with running_stack(tmp / "scale", api, env, SCALE_STARTUP_S) as stack:
                wait_for_workers(stack)
                return [measure_telegram(api, stack, "bridge (scale)", FIRST_USER["scale"],
                                         args, extra)]
        finally:
            api.stop()


def wait_for_workers(stack: Stack, workers: int = 2) -> None:
    """The stack is up once one Rasa worker answers; wait until every one has loaded."""
    log_path = stack.settings.var_dir / "log" / "rasa.log"
    deadline = time.monotonic() + SCALE_STARTUP_S
    while time.monotonic() < deadline:
        text = log_path.read_text(errors="replace") if log_path.exists() else ""
        if text.count("Rasa server is up and running") >= workers:
            return
        time.sleep(1)
    print("[load] warning: not every Rasa worker said it was up", file=sys.stderr)


# ---------------------------------------------------------------- output


def print_table(results: list[Result]) -> None:
    """The results as a readable table."""
    print()
    print(f"{'run':<18}{'turns':>7}{'lost':>6}{'failed':>7}{'dup':>5}{'slow':>6}"
          f"{'turns/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for r in results:
        print(f"{r.label:<18}{r.turns:>7}{r.lost:>6}{r.failed:>7}{r.duplicates:>5}"
              f"{r.slow_notices:>6}{r.turns_per_s:>9.2f}{r.ms(50):>9.0f}{r.ms(95):>9.0f}"
              f"{r.ms(99):>9.0f}{r.ms(100):>9.0f}")
    print("  (turns: answered; lost: no complete answer within the turn timeout, answered "
          "later or not; failed: an apology instead; dup: duplicated messages; slow: "
          "\"I'm slow\" notices)")
    for r in results:
        if r.script_errors or r.missing or r.webhook_failures or r.unanswered or r.short:
            print(f"  {r.label}: {r.unanswered} turns never answered and "
                  f"{r.script_errors} script errors (each stops that person), {r.short} "
                  f"short answers, {r.missing} expected messages missing, "
                  f"{r.webhook_failures} webhook deliveries failed (retried)")
    for r in results:
        if r.bot_api_calls and r.turns:
            shown = ", ".join(f"{method} {count / r.turns:.2f}" for method, count in
                              r.bot_api_calls.most_common())
            limited = sum(count for method, count in r.bot_api_calls.items()
                          if method in RATE_LIMITED)
            print(f"  {r.label}: bridge -> Bot API per turn: {shown}; calls with a chat_id "
                  f"{limited / r.wall_s:.1f}/s (PTB's AIORateLimiter lets 30/s through)")
    with_memory = [r for r in results if r.memory]
    if with_memory:
        names = [n for n in ("rasa", "actions", "bridge", "console", "postgres", "redis",
                             "total") if any(n in r.memory for r in with_memory)]
        print()
        print("peak RSS during the run, MB (a service with its child processes):")
        print(f"{'run':<18}" + "".join(f"{n:>10}" for n in names) + f"{'max proc':>10}")
        for r in with_memory:
            cells = "".join(f"{r.memory[n]:>10.0f}" if n in r.memory else f"{'-':>10}"
                            for n in names)
            print(f"{r.label:<18}{cells}{r.memory_process:>10.0f}")


def figures(results: list[Result]) -> dict[str, float]:
    """The report's keys."""
    out: dict[str, float] = {}
    by_label = {r.label: r for r in results}
    for label, prefix in (("bridge (default)", "load"), ("bridge (scale)", "load_scale")):
        r = by_label.get(label)
        if r is None or not r.latencies:
            continue
        out[f"{prefix}_turns_per_s"] = r.turns_per_s
        out[f"{prefix}_p50_ms"] = r.ms(50)
        out[f"{prefix}_p95_ms"] = r.ms(95)
        out[f"{prefix}_p99_ms"] = r.ms(99)
        out[f"{prefix}_lost_turns"] = r.lost
        out[f"{prefix}_failed_turns"] = r.failed
        out[f"{prefix}_duplicate_replies"] = r.duplicates
        out[f"{prefix}_slow_notices"] = r.slow_notices
        out[f"{prefix}_script_errors"] = r.script_errors
        out[f"{prefix}_short_answers"] = r.short
        out[f"{prefix}_unanswered_turns"] = r.unanswered
        out[f"{prefix}_peak_rss_mb"] = r.memory_process
        for name, mb in r.memory.items():
            out[f"{prefix}_peak_rss_mb_{name}"] = mb
    rest = by_label.get("rasa rest")
    if rest is not None and rest.latencies:
        out["load_rest_turns_per_s"] = rest.turns_per_s
        out["load_rest_p50_ms"] = rest.ms(50)
        out["load_rest_p95_ms"] = rest.ms(95)
        out["load_rest_p99_ms"] = rest.ms(99)
        out["load_rest_lost_turns"] = rest.lost
        out["load_rest_failed_turns"] = rest.failed
        bridge = by_label.get("bridge (default)")
        if bridge is not None and bridge.latencies and rest.turns_per_s > 0:
            out["load_ratio_to_rest"] = bridge.turns_per_s / rest.turns_per_s
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; 0 on success, 1 on failure, 2 without a model, 130 on Ctrl-C."""
    args = parse_args(argv)
    if not ready_to_run(model_path()):
        return 2
    results: list[Result] = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
            if args.profile in ("default", "all"):
                results += run_default(args, Path(tmp), with_rest=args.profile == "all")
            if args.profile == "rest":
                results += run_rest_only(args, Path(tmp))
            if args.profile in ("scale", "all"):
                results += run_scale(args, Path(tmp))
        print_table(results)
        report = figures(results)
        report["load_users"], report["load_turns_per_user"] = args.users, args.turns
        if args.no_report:
            return 0
        merged = merge_report(args.report, report)
        print(f"\nwrote {len(report)} figures to {args.report} ({len(merged)} in all)")
        return 0
    except KeyboardInterrupt:
        print("bench: interrupted; stacks stopped", file=sys.stderr)
        return 130
    except (BenchError, RuntimeError, ValueError) as error:
        if results:
            print_table(results)
        print(f"bench: FAILED: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
