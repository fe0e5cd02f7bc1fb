"""Rasa's conversation lock store, chosen by a setting: Redis when LOCK_STORE_URL is set,
in memory otherwise.

Rasa holds a lock per conversation so one person's messages are handled one at a time, in
order. In one Rasa process the in-memory store does that; several Rasa workers
(RASA_WORKERS > 1, Sanic processes) must share the locks, in Redis. `endpoints.yml` always
names this class, with `url: ${LOCK_STORE_URL}`; a `lock_store` section of Rasa's own
`type: redis` cannot be left empty for the one-process default, and Rasa's RedisLockStore
takes a host, not a `redis://` URL.

Rasa lets SANIC_WORKERS > 1 run with any lock store type other than `in_memory`, so this
class refuses to start in memory when more than one worker is asked for.
"""

from __future__ import annotations

import logging
import os
from typing import Any
from urllib.parse import unquote, urlsplit

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore

log = logging.getLogger(__name__)


def redis_lock_store(url: str, key_prefix: str | None = None) -> RedisLockStore:
    """Rasa's RedisLockStore for a `redis://[user:password@]host[:port][/db]` URL
    (`rediss://` for TLS)."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        raise ValueError(f"not a redis:// URL: {parts.scheme}://...")
    path = parts.path.strip("/")
    return RedisLockStore(
        host=parts.hostname or "localhost",
        port=parts.port or 6379,
        db=int(path) if path else 0,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_ssl=parts.scheme == "rediss",
        key_prefix=key_prefix,
    )


def sanic_workers() -> int:
    """How many Rasa workers this process belongs to (Rasa reads SANIC_WORKERS)."""
    try:
        return max(1, int(os.environ.get("SANIC_WORKERS", "1")))
    except ValueError:
        return 1


class ConfiguredLockStore(LockStore):
    """Redis (LOCK_STORE_URL) or in-memory locks, behind Rasa's LockStore interface."""

    def __init__(self, endpoint_config: Any = None) -> None:
        url = (getattr(endpoint_config, "url", None) or os.environ.get("LOCK_STORE_URL")
               or "").strip()
        kwargs = getattr(endpoint_config, "kwargs", None) or {}
        self.backend: LockStore
        if url:
            self.backend = redis_lock_store(url, key_prefix=kwargs.get("key_prefix"))
            self.backend.red.ping()  # fail at start, not at the first message
            parts = urlsplit(url)
            log.info("Lock store: RedisLockStore (%s, database %s), shared by %d Rasa "
                     "worker(s)", parts.scheme, parts.path.strip("/") or "0", sanic_workers())
        else:
            if sanic_workers() > 1:
                raise RuntimeError(
                    f"SANIC_WORKERS={sanic_workers()} with the in-memory lock store: set "
                    "LOCK_STORE_URL=redis://... so the Rasa workers share their locks")
            self.backend = InMemoryLockStore()
            log.info("Lock store: InMemoryLockStore (one Rasa worker)")
        super().__init__()

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        """The conversation's lock, if one is held or waited for."""
        return self.backend.get_lock(conversation_id)

    def delete_lock(self, conversation_id: str) -> None:
        """Forget the conversation's lock."""
        self.backend.delete_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        """Store the conversation's lock."""
        self.backend.save_lock(lock)
