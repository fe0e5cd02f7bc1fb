"""Run short blocking database work off the event loop, one session per call.

The work is tried again (in a new transaction) while the database server is unreachable,
e.g. restarting (`bot.db.retry`), so it must be safe to run again after a failed try:
one transaction, nothing done outside the session.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from bot.config import load_settings
from bot.db.retry import with_retries
from bot.db.session import engine_for, session_factory

T = TypeVar("T")


def run_in_session(work: Callable[[Session], T], database_url: str | None = None) -> T:
    """Run `work(session)` in one transaction and commit it."""
    url = database_url or load_settings().database_url
    factory = session_factory(url)

    def attempt() -> T:
        with factory.begin() as session:
            return work(session)

    return with_retries(attempt, engine_for(url).dialect.name)


async def run_in_session_async(
    work: Callable[[Session], T], database_url: str | None = None
) -> T:
    """Like `run_in_session`, in a worker thread so the event loop keeps serving others.
    The work sees the caller's context variables (the language the turn speaks)."""
    context = contextvars.copy_context()
    return await asyncio.get_running_loop().run_in_executor(
        None, context.run, run_in_session, work, database_url
    )
