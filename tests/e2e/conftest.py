"""The real stack (trained model, action server, Rasa, Telegram bridge) against a fake Bot API.

One stack serves every end-to-end module of the session (modules that need other settings
start their own). `E2E_PROFILE` picks its profile:

- `default`: SQLite for app data and Rasa's tracker, one Rasa process, locks in memory;
- `scale`: PostgreSQL for both (two databases on a throwaway server), conversation locks in
  a throwaway Redis, two Rasa workers, and the bridge in webhook mode (the fake Bot API
  posts each update to it with the secret token, as Telegram does) — settings only, as
  `make run` would get them.

`make test` runs the suite on the default profile, then the end-to-end suite again on the
scale profile. Tests marked `default_only` (they look at SQLite files, start a stack of
their own, or kill processes) run on the default profile only; `scale_only` tests (Redis
locks, PostgreSQL restart) on the scale profile only.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator

import pytest

from testsupport.fake_bot_api import FakeBotApi
from testsupport.stack import Stack, webhook_settings

TOKEN = "424242:TEST-token-for-the-fake-api"
PROFILE = os.environ.get("E2E_PROFILE", "default")
# Two Rasa workers load the model at the same time: on 2 busy cores that can take minutes.
SCALE_STARTUP_S = 420.0
WEBHOOK_SECRET = "e2e-webhook-secret-" + secrets.token_hex(8)


def scale_settings(request: pytest.FixtureRequest) -> dict[str, str]:
    """DATABASE_URL / TRACKER_STORE_URL on PostgreSQL, LOCK_STORE_URL on Redis, 2 workers,
    TELEGRAM_MODE=webhook."""
    postgres = request.getfixturevalue("postgres")
    redis_server = request.getfixturevalue("redis_server")
    return {
        **webhook_settings(secret=WEBHOOK_SECRET),
        # Plain `postgresql://`, as a hosting provider gives it: bot/config.py adds the driver.
        "DATABASE_URL": postgres.new_database("e2e_app").replace(
            "postgresql+psycopg2://", "postgresql://"),
        "TRACKER_STORE_URL": postgres.new_database("e2e_tracker"),
        "LOCK_STORE_URL": redis_server.url,
        "RASA_WORKERS": "2",
    }


@pytest.fixture(scope="session")
def fake_api() -> Iterator[FakeBotApi]:
    """A fake Telegram Bot API server on loopback."""
    api = FakeBotApi(token=TOKEN)
    api.start()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def stack(fake_api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory,
          request: pytest.FixtureRequest) -> Iterator[Stack]:
    """Every process of `make run`, with the bridge polling the fake Bot API."""
    var_dir = tmp_path_factory.mktemp("stack") / "var"
    if PROFILE not in ("default", "scale"):
        raise ValueError(f"E2E_PROFILE must be default or scale, not {PROFILE!r}")
    if PROFILE == "scale":
        running = Stack(var_dir, telegram_base_url=fake_api.base_url, telegram_token=TOKEN,
                        extra_env=scale_settings(request), startup_timeout=SCALE_STARTUP_S)
    else:
        running = Stack(var_dir, telegram_base_url=fake_api.base_url, telegram_token=TOKEN)
    started = time.monotonic()
    running.start()
    print(f"{PROFILE} stack up in {time.monotonic() - started:.0f} s")
    yield running
    running.stop()
