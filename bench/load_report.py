"""What a load run measured (bench/load.py): each run's results, the memory peaks of the
stack's processes, the printed table and the keys merged into reports/bench.json."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

from bench.common import percentile
from testsupport.processes import parent_map, rss_kb, tree
from testsupport.stack import Stack

SAMPLE_EVERY_S = 0.5
# Bot API methods the bridge calls with a chat_id: AIORateLimiter counts these (30/s).
RATE_LIMITED = frozenset({"sendMessage", "sendChatAction", "editMessageReplyMarkup",
                          "editMessageText", "deleteMessage", "deleteMessages"})
SERVICE_KEYS = {"action server": "actions", "rasa": "rasa", "staff console": "console",
                "telegram bridge": "bridge"}


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
