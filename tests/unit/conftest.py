"""Fixtures of the bridge tests: a fake Bot API on loopback and settings pointing at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.config import Settings, load_settings
from testsupport.fake_bot_api import FakeBotApi

TOKEN = "777:bridge-unit-test"


@pytest.fixture()
def api() -> Iterator[FakeBotApi]:
    """A fake Telegram Bot API server (short long polls, so tests stop quickly)."""
    fake = FakeBotApi(token=TOKEN, max_long_poll=0.5)
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture()
def bridge_settings(settings: Settings, api: FakeBotApi) -> Settings:
    """The test's database and data folder, the bridge pointed at the fake API."""
    return load_settings({
        "BOT_VAR_DIR": str(settings.var_dir), "DATABASE_URL": settings.database_url,
        "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": api.base_url,
    })
