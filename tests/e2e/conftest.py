"""The real stack (trained model, action server, Rasa, Telegram bridge) against a fake Bot API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.testing.fake_bot_api import FakeBotApi
from bot.testing.stack import Stack

TOKEN = "424242:TEST-token-for-the-fake-api"


@pytest.fixture(scope="module")
def fake_api() -> Iterator[FakeBotApi]:
    """A fake Telegram Bot API server on loopback."""
    api = FakeBotApi(token=TOKEN)
    api.start()
    yield api
    api.stop()


@pytest.fixture(scope="module")
def stack(fake_api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Every process of `make run`, with the bridge polling the fake Bot API."""
    var_dir = tmp_path_factory.mktemp("stack") / "var"
    running = Stack(var_dir, telegram_base_url=fake_api.base_url, telegram_token=TOKEN)
    running.start()
    yield running
    running.stop()
