"""The knowledge base as the running assistant sees it: loaded once, reloaded when a file
changes (staff edit the YAML files, or the console will), never re-read per message."""

from __future__ import annotations

import threading
from pathlib import Path

from bot.relief.knowledge import DEFAULT_FOLDER, ReliefEntry, load_entries

_lock = threading.Lock()
_cache: dict[str, tuple[tuple[tuple[str, float], ...], dict[str, ReliefEntry]]] = {}


def _signature(folder: Path) -> tuple[tuple[str, float], ...]:
    return tuple(sorted((p.name, p.stat().st_mtime) for p in folder.glob("*.y*ml")))


def entries(folder: Path | str = DEFAULT_FOLDER) -> dict[str, ReliefEntry]:
    """Every entry, validated; reloaded only when a file was added, removed or changed."""
    path = Path(folder)
    signature = _signature(path)
    with _lock:
        cached = _cache.get(str(path))
        if cached is None or cached[0] != signature:
            cached = (signature, load_entries(path))
            _cache[str(path)] = cached
        return cached[1]
