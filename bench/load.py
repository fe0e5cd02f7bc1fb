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

_REPO = str(Path(__file__).resolve().parent.parent)
if _REPO not in sys.path:  # `python bench/load.py` without PYTHONPATH
    sys.path.insert(0, _REPO)
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

import argparse  # noqa: E402
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator, Sequence  # noqa: E402

from bench.common import merge_report, ready_to_run  # noqa: E402
from bench.load_driver import (  # noqa: E402
    TURN_TIMEOUT_S,
    BenchError,
    calibrate,
    rest_load,
    telegram_load,
    warm_up,
)
from bench.load_report import (  # noqa: E402
    MemorySampler,
    Result,
    figures,
    print_table,
    service_roots,
)
from bench.load_scripts import MAX_TURNS  # noqa: E402
from bot.config import ROOT  # noqa: E402
from bot.runner import model_path  # noqa: E402
from testsupport.fake_bot_api import FakeBotApi  # noqa: E402
from testsupport.stack import Stack, webhook_settings  # noqa: E402

TOKEN = "434343:LOAD-token-for-the-fake-api"
WEBHOOK_PATH = "telegram-load"
SCALE_STARTUP_S = 420.0  # two Rasa workers load the model at once
REPORT = ROOT / "reports" / "bench.json"
FIRST_USER = {"default": 100_000, "scale": 300_000}


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
