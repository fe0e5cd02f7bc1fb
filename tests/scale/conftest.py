"""The scale profile: databases on the session's throwaway PostgreSQL (tests/conftest.py).

The servers are installed with apt-get when missing (testsupport/servers.py); when they
cannot be, these fixtures raise and the tests fail — they are never skipped.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from testsupport.servers import PostgresServer


@pytest.fixture(scope="session")
def new_pg_database(postgres: PostgresServer) -> Callable[[str], str]:
    """Make an empty database with a unique name (prefix + number); its URL."""
    numbers = itertools.count(1)

    def make(prefix: str) -> str:
        return postgres.new_database(f"{prefix}_{next(numbers)}")

    return make
