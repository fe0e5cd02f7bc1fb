"""Turn latency and throughput: Telegram (fake Bot API -> bridge -> Rasa) against bare Rasa REST.

Starts the real stack (action server, Rasa with models/current.tar.gz, Telegram bridge) in a
temporary folder with the bridge polling a fake Bot API on loopback, then:

* Telegram: N users at once, each typing M texts in turn. A turn lasts from ``push_text``
  until the fake API receives the reply's message carrying the inline keyboard (its own
  ``time.monotonic()`` stamp of that ``sendMessage`` request).
* Rasa REST: the same N users and M texts posted straight to ``/webhooks/rest/webhook`` of
  the same Rasa server, each request timed.

Prints p50/p95 and turns/s of both and merges the figures into reports/bench.json.
Run from the repository root: ``python bench/turn_latency.py [--users N] [--turns M]``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_REPO = str(Path(__file__).resolve().parent.parent)
if _REPO not in sys.path:  # `python bench/turn_latency.py` without PYTHONPATH
    sys.path.insert(0, _REPO)
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

import argparse  # noqa: E402
import bisect  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import Any, TypeVar  # noqa: E402

import httpx  # noqa: E402

from bench.common import merge_report, percentile, ready_to_run  # noqa: E402
from bot.config import ROOT  # noqa: E402
from bot.runner import model_path  # noqa: E402
from testsupport.fake_bot_api import FakeBotApi  # noqa: E402
from testsupport.stack import Stack  # noqa: E402

# Every one of these is answered with a last message carrying an inline keyboard.
SCRIPT = ("hi", "what can you do", "training programs", "zxq blorp", "menu", "are you a bot")
TOKEN = "424242:BENCH-token-for-the-fake-api"
TURN_TIMEOUT_S = 60.0
# The bridge has no health check: the warm-up turn also waits for it to start polling.
WARMUP_TIMEOUT_S = 120.0
WARMUP_USER = 9_999
FIRST_USER = 10_000
POLL_S = 0.01
START_TIMEOUT_S = 60.0
REPORT = ROOT / "reports" / "bench.json"

R = TypeVar("R")


class BenchError(RuntimeError):
    """The benchmark could not measure what it should (a turn timed out, a bad reply...)."""


class Aborted(Exception):
    """Another worker failed or the run was interrupted: stop quietly."""


@dataclass
class Turn:
    """One Telegram turn: when it was sent and when its keyboard message was seen."""

    user: int
    text: str
    start: float
    seen: float


@dataclass(frozen=True)
class Summary:
    """Latencies (seconds) and throughput of one measured phase."""

    latencies: list[float]
    wall_s: float

    @property
    def p50_ms(self) -> float:
        """Median latency in milliseconds."""
        return percentile(self.latencies, 50) * 1000

    @property
    def p95_ms(self) -> float:
        """95th percentile latency in milliseconds."""
        return percentile(self.latencies, 95) * 1000

    @property
    def turns_per_s(self) -> float:
        """Completed turns per second of wall time."""
        return len(self.latencies) / self.wall_s


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20, help="concurrent users (20)")
    parser.add_argument("--turns", type=int, default=10, help="turns per user (10)")
    args = parser.parse_args(argv)
    if args.users < 1 or args.turns < 1:
        parser.error("--users and --turns must be at least 1")
    return args


def script_for(turns: int) -> list[str]:
    """The texts one user types: SCRIPT cycled to `turns` entries."""
    return [SCRIPT[index % len(SCRIPT)] for index in range(turns)]


def has_keyboard(record: dict[str, Any]) -> bool:
    """True when a stored bot message (or sendMessage params) carries an inline keyboard."""
    markup = record.get("reply_markup")
    return isinstance(markup, dict) and bool(markup.get("inline_keyboard"))


def wait_keyboard(
    api: FakeBotApi, chat_id: int, before: int, deadline: float, abort: threading.Event
) -> float:
    """Poll until bot message number >= `before` has a keyboard; return when it was seen."""
    checked = before
    while True:
        count = api.sent_count(chat_id)
        if count > checked:
            if any(has_keyboard(m) for m in api.sent_messages(chat_id)[before:]):
                return time.monotonic()
            checked = count
        if abort.is_set():
            raise Aborted
        if time.monotonic() >= deadline:
            raise TimeoutError
        time.sleep(POLL_S)


def telegram_turn(
    api: FakeBotApi, user: int, text: str, timeout: float, abort: threading.Event
) -> Turn:
    """Type one text as `user` and wait for the reply's keyboard message."""
    before = api.sent_count(user)
    start = time.monotonic()
    api.push_text(user, text)
    try:
        seen = wait_keyboard(api, user, before, start + timeout, abort)
    except TimeoutError:
        got = api.sent_messages(user)[before:]
        raise BenchError(
            f"Telegram turn timed out: user {user} typed {text!r} and got no message with "
            f"a keyboard within {timeout:g} s ({len(got)} message(s) without one)\n"
            + api.summary(last=8)
        ) from None
    return Turn(user=user, text=text, start=start, seen=seen)


def telegram_user(
    api: FakeBotApi, user: int, texts: list[str]
) -> Callable[[threading.Barrier, threading.Event], list[Turn]]:
    """A worker: one Telegram user typing `texts` one after the other."""

    def work(barrier: threading.Barrier, abort: threading.Event) -> list[Turn]:
        barrier.wait(START_TIMEOUT_S)
        return [telegram_turn(api, user, text, TURN_TIMEOUT_S, abort) for text in texts]

    return work


def rest_user(
    url: str, sender: str, texts: list[str]
) -> Callable[[threading.Barrier, threading.Event], list[float]]:
    """A worker: one REST sender posting `texts` one after the other; returns latencies."""

    def work(barrier: threading.Barrier, abort: threading.Event) -> list[float]:
        timeout = httpx.Timeout(TURN_TIMEOUT_S, connect=5.0)
        latencies: list[float] = []
        with httpx.Client(timeout=timeout) as client:
            barrier.wait(START_TIMEOUT_S)
            for text in texts:
                if abort.is_set():
                    raise Aborted
                # The same payload the bridge sends (bot.rasa_client).
                payload = {"sender": sender, "message": text, "metadata": {"channel": "telegram"}}
                start = time.monotonic()
                try:
                    response = client.post(url, json=payload)
                except httpx.TimeoutException:
                    raise BenchError(
                        f"Rasa REST turn timed out: {sender} sent {text!r}, no answer within "
                        f"{TURN_TIMEOUT_S:g} s"
                    ) from None
                latencies.append(time.monotonic() - start)
                if response.status_code != 200:
                    raise BenchError(f"Rasa REST answered HTTP {response.status_code} to {text!r}")
                replies = response.json()
                if not (isinstance(replies, list) and replies and replies[-1].get("buttons")):
                    raise BenchError(
                        f"Rasa REST reply to {text!r} does not end with buttons: {replies!r}"
                    )
        return latencies

    return work


def run_phase(
    name: str, workers: list[Callable[[threading.Barrier, threading.Event], R]]
) -> tuple[list[R], float]:
    """Run the workers in threads, released together; return their results and wall seconds."""
    barrier = threading.Barrier(len(workers) + 1)
    abort = threading.Event()
    results: list[R | None] = [None] * len(workers)
    errors: list[BaseException] = []

    def run(index: int, work: Callable[[threading.Barrier, threading.Event], R]) -> None:
        try:
            results[index] = work(barrier, abort)
        except (Aborted, threading.BrokenBarrierError):
            pass
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
            abort.set()
            barrier.abort()

    threads = [
        threading.Thread(target=run, args=(i, w), name=f"{name}-{i}", daemon=True)
        for i, w in enumerate(workers)
    ]
    try:
        for thread in threads:
            thread.start()
        try:
            barrier.wait(START_TIMEOUT_S)
        except threading.BrokenBarrierError:
            pass  # a worker failed before the start; its error is raised below
        start = time.monotonic()
        for thread in threads:
            while thread.is_alive():
                thread.join(0.2)
        wall = time.monotonic() - start
    except BaseException:
        abort.set()
        barrier.abort()
        raise
    if errors:
        if isinstance(errors[0], BenchError):
            raise errors[0]
        raise BenchError(f"{name}: {type(errors[0]).__name__}: {errors[0]}") from errors[0]
    return [result for result in results if result is not None], wall


def first_at_or_after(times: list[float], moment: float) -> float | None:
    """The first of the sorted `times` not earlier than `moment`, or None."""
    index = bisect.bisect_left(times, moment)
    return times[index] if index < len(times) else None


@dataclass(frozen=True)
class TelegramTimes:
    """The fake API's arrival stamps of the bridge's calls, per chat, sorted."""

    keyboard: dict[int, list[float]]
    message: dict[int, list[float]]
    typing: dict[int, list[float]]


def call_times(api: FakeBotApi) -> TelegramTimes:
    """Collect when each successful sendMessage / sendChatAction reached the fake API."""
    keyboard: dict[int, list[float]] = defaultdict(list)
    message: dict[int, list[float]] = defaultdict(list)
    typing: dict[int, list[float]] = defaultdict(list)
    for call in api.calls():
        if call.get("status") != 200 or call["method"] not in ("sendMessage", "sendChatAction"):
            continue
        chat = int(call["params"]["chat_id"])
        if call["method"] == "sendChatAction":
            typing[chat].append(call["time"])
            continue
        message[chat].append(call["time"])
        if has_keyboard(call["params"]):
            keyboard[chat].append(call["time"])
    for table in (keyboard, message, typing):
        for times in table.values():
            times.sort()
    return TelegramTimes(keyboard=keyboard, message=message, typing=typing)


def telegram_latencies(
    turns: list[Turn], times: TelegramTimes
) -> tuple[list[float], dict[str, list[float]], int]:
    """Each turn's latency (server stamp of its keyboard message), a breakdown, fallbacks."""
    latencies: list[float] = []
    parts: dict[str, list[float]] = {"first message": [], "rest of reply": [], "typing shown": []}
    fallbacks = 0
    for turn in turns:
        done = first_at_or_after(times.keyboard.get(turn.user, []), turn.start)
        if done is None or done > turn.seen:
            done = turn.seen  # no stamp found: when the poll saw it (<= POLL_S late)
            fallbacks += 1
        latencies.append(done - turn.start)
        first = first_at_or_after(times.message.get(turn.user, []), turn.start)
        if first is not None and first <= done:
            parts["first message"].append(first - turn.start)
            parts["rest of reply"].append(done - first)
        typing = first_at_or_after(times.typing.get(turn.user, []), turn.start)
        if typing is not None and typing <= done:
            parts["typing shown"].append(typing - turn.start)
    return latencies, parts, fallbacks


def ms(seconds: float) -> str:
    """Seconds as a right-aligned millisecond figure."""
    return f"{seconds * 1000:9.1f}"


def print_table(telegram: Summary, rest: Summary, parts: dict[str, list[float]]) -> None:
    """The results as a small table on stdout."""
    print()
    print(f"{'path':<16}{'p50 ms':>10}{'p95 ms':>10}{'turns/s':>10}{'turns':>8}")
    for label, summary in (("telegram", telegram), ("rasa rest", rest)):
        print(
            f"{label:<16}{summary.p50_ms:>10.1f}{summary.p95_ms:>10.1f}"
            f"{summary.turns_per_s:>10.1f}{len(summary.latencies):>8}"
        )
    print(
        f"{'telegram/rest':<16}{telegram.p50_ms / rest.p50_ms:>9.2f}x"
        f"{telegram.p95_ms / rest.p95_ms:>9.2f}x{telegram.turns_per_s / rest.turns_per_s:>9.2f}x"
    )
    print()
    print("telegram turn, from push_text, by the bridge's calls to the fake API:")
    print(f"  {'':<16}{'p50 ms':>9}{'p95 ms':>10}{'turns':>8}")
    for label, values in parts.items():
        if values:
            print(
                f"  {label:<16}{ms(percentile(values, 50))}{ms(percentile(values, 95)):>10}"
                f"{len(values):>8}"
            )
    print("  (first message: push -> first sendMessage; rest of reply: -> the one with the")
    print("   keyboard; typing shown: push -> sendChatAction, only turns where it was sent)")


def benchmark(api: FakeBotApi, stack: Stack, users: int, turns: int) -> dict[str, float]:
    """Warm up, measure both paths, print the table; return the report figures."""
    texts = script_for(turns)
    print(f"warm-up: one 'hi' turn (up to {WARMUP_TIMEOUT_S:g} s for the bridge to poll)",
          file=sys.stderr)
    telegram_turn(api, WARMUP_USER, "hi", WARMUP_TIMEOUT_S, threading.Event())

    print(f"telegram: {users} users x {turns} turns", file=sys.stderr)
    user_ids = [FIRST_USER + index for index in range(users)]
    per_user, wall = run_phase("telegram", [telegram_user(api, u, texts) for u in user_ids])
    measured = [turn for user_turns in per_user for turn in user_turns]
    times = call_times(api)
    latencies, parts, fallbacks = telegram_latencies(measured, times)
    telegram = Summary(latencies, wall)
    bridge_calls = sum(len(times.message[u]) + len(times.typing[u]) for u in user_ids)
    if fallbacks:
        print(f"note: {fallbacks} turn(s) timed by polling, no server stamp matched",
              file=sys.stderr)

    print(f"rasa rest: {users} users x {turns} turns", file=sys.stderr)
    url = stack.settings.rasa_url + "/webhooks/rest/webhook"
    workers = [rest_user(url, f"bench-rest-{index}", texts) for index in range(users)]
    per_sender, wall = run_phase("rest", workers)
    rest = Summary([latency for values in per_sender for latency in values], wall)

    expected = users * turns
    if len(telegram.latencies) != expected or len(rest.latencies) != expected:
        raise BenchError(
            f"expected {expected} turns per path, measured {len(telegram.latencies)} "
            f"(telegram) and {len(rest.latencies)} (rest)"
        )
    print_table(telegram, rest, parts)
    print(
        f"\nbridge -> Bot API: {bridge_calls / telegram.wall_s:.1f} sendMessage/sendChatAction "
        f"calls/s, {bridge_calls / len(measured):.2f} per turn (PTB's AIORateLimiter lets "
        "30/s through)"
    )
    return {
        "turn_p50_ms": telegram.p50_ms,
        "turn_p95_ms": telegram.p95_ms,
        "turns_per_s": telegram.turns_per_s,
        "rasa_rest_p50_ms": rest.p50_ms,
        "rasa_rest_p95_ms": rest.p95_ms,
        "rasa_rest_turns_per_s": rest.turns_per_s,
        "bench_users": users,
        "bench_turns_per_user": turns,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; 0 on success, 1 on failure, 2 without a model, 130 on Ctrl-C."""
    args = parse_args(argv)
    if not ready_to_run(model_path()):
        return 2
    api = FakeBotApi(token=TOKEN)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-turn-latency-") as tmp:
            api.start()
            stack = Stack(Path(tmp) / "var", telegram_base_url=api.base_url,
                          telegram_token=TOKEN)
            try:
                stack.start()
                figures = benchmark(api, stack, args.users, args.turns)
            except BenchError:
                print(stack.logs_tail(15), file=sys.stderr)
                raise
            finally:
                stack.stop()
        report = merge_report(REPORT, figures)
        print(f"\nwrote {len(figures)} figures to {REPORT} ({len(report)} in all)")
        return 0
    except KeyboardInterrupt:
        print("bench: interrupted; stack stopped", file=sys.stderr)
        return 130
    except (BenchError, RuntimeError, ValueError) as error:
        print(f"bench: FAILED: {error}", file=sys.stderr)
        return 1
    finally:
        api.stop()


if __name__ == "__main__":
    sys.exit(main())
