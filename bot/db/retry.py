"""Ride out a database restart: try short database work again while the server is away.

Pool pre-ping replaces a pooled connection that died, but while the server itself is
restarting (a second or two for PostgreSQL) every new connection is refused too. Work that
fails then would lose what a person just did: the bridge's journal would keep an answered
update open (and answer it again after the next restart), an action would answer "I can't
do that right now". So such work is tried again, with growing pauses, for up to
`PATIENCE_S` seconds.

Only failures that mean "the server is not there" are tried again: a connection that was
invalidated, and PostgreSQL's operational and interface errors (refused, closed, shutting
down, starting up, a serialization conflict). Errors in the work itself (a constraint, bad
SQL) are raised at once. SQLite needs none of this: it is a file, and its busy timeout
already waits for other writers.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

log = logging.getLogger(__name__)

T = TypeVar("T")

PATIENCE_S = 20.0  # a database restart takes seconds; longer is an outage, reported as one
FIRST_PAUSE_S = 0.2
LONGEST_PAUSE_S = 2.0


def is_transient(error: BaseException, dialect: str) -> bool:
    """True when `error` means the database server was unreachable, not that the work was
    wrong, so the same work may succeed once the server is back."""
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    return dialect != "sqlite" and isinstance(error, (OperationalError, InterfaceError))


class _Patience:
    """Pauses between tries (0.2 s doubling to 2 s) until `patience` seconds are used up."""

    def __init__(self, dialect: str, patience: float | None) -> None:
        self._dialect = dialect
        self._deadline = time.monotonic() + (PATIENCE_S if patience is None else patience)
        self._pause = FIRST_PAUSE_S

    def pause_after(self, error: DBAPIError) -> float | None:
        """How long to wait before trying again, or None to give up (raise `error`)."""
        if not is_transient(error, self._dialect):
            return None
        if time.monotonic() + self._pause > self._deadline:
            return None
        pause, self._pause = self._pause, min(self._pause * 2, LONGEST_PAUSE_S)
        log.warning("Database unreachable (%s); trying again", type(error.orig).__name__)
        return pause

    def attempt(self, work: Callable[[], T]) -> tuple[bool, T | None, float]:
        """Try `work` once: (True, its result, 0) or (False, None, the pause before the next
        try); raise when it failed for good."""
        try:
            return True, work(), 0.0
        except DBAPIError as error:
            pause = self.pause_after(error)
            if pause is None:
                raise
            return False, None, pause


def with_retries(work: Callable[[], T], dialect: str, patience: float | None = None) -> T:
    """`work()`, tried again while the database is unreachable (blocking pauses: call it
    from a worker thread, not from an event loop)."""
    patient = _Patience(dialect, patience)
    while True:
        done, result, pause = patient.attempt(work)
        if done:
            return result  # type: ignore[return-value]
        time.sleep(pause)


async def with_retries_async(work: Callable[[], T], dialect: str,
                             patience: float | None = None) -> T:
    """Like `with_retries` for code on an event loop: the pauses don't block the loop
    (the work itself is short and synchronous)."""
    patient = _Patience(dialect, patience)
    while True:
        done, result, pause = patient.attempt(work)
        if done:
            return result  # type: ignore[return-value]
        await asyncio.sleep(pause)
