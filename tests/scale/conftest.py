"""The scale profile: a throwaway PostgreSQL and Redis for the whole test session.

The servers are installed with apt-get when missing (bot/testing/servers.py); when they
cannot be, these fixtures raise and the tests fail — they are never skipped.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest

from bot.testing.servers import PostgresServer, RedisServer


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server of the session (database `bot`, user `bot`)."""
    with PostgresServer() as server:
        yield server


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A Redis server of the session (no persistence)."""
    with RedisServer() as server:
        yield server


@pytest.fixture(scope="session")
def new_pg_database(postgres: PostgresServer) -> Callable[[str], str]:
    """Make an empty database with a unique name (prefix + number); its URL."""
    numbers = itertools.count(1)

    def make(prefix: str) -> str:
        return postgres.new_database(f"{prefix}_{next(numbers)}")

    return make
