"""Process trees and their memory, read from /proc (Linux), for tests and benchmarks."""

from __future__ import annotations

import os
from pathlib import Path


def parent_map() -> dict[int, int]:
    """pid -> parent pid of every process."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def children(pid: int, parents: dict[int, int] | None = None) -> list[int]:
    """Process ids whose parent is `pid`."""
    parents = parent_map() if parents is None else parents
    return [child for child, parent in parents.items() if parent == pid]


def tree(root: int, parents: dict[int, int] | None = None) -> list[int]:
    """`root` and every process below it."""
    parents = parent_map() if parents is None else parents
    below: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        below.setdefault(parent, []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid in parents or pid == root:
            found.append(pid)
            todo.extend(below.get(pid, []))
    return found


def rss_kb(pid: int) -> int:
    """Resident memory of one process in KiB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and everything below it (e.g. Rasa's workers), in MB."""
    return sum(rss_kb(pid) for pid in tree(root)) / 1024
