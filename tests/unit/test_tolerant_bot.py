"""TolerantBot overrides python-telegram-bot's private `Bot._post`: these tests fail loudly
when an upgrade of python-telegram-bot changes what the override relies on.

The override reads each update of a getUpdates batch on its own, so one unreadable update
does not stop the ones behind it (tests/unit/test_bridge_faults.py shows that end to end).
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest
import telegram
from telegram import Bot, Update

from bot.config import Settings, load_settings
from bot.domain_info import known_intents
from bot.identity import Pseudonymizer
from bot.telegram.application import TolerantBot, build_application
from bot.telegram.state import BridgeState
from tests.unit.conftest import TOKEN

# What the override relies on: `_post(endpoint, data, **kwargs)`, awaited, with these
# keyword-only arguments passed through untouched.
EXPECTED_POST = ["self", "endpoint", "data", "read_timeout", "write_timeout",
                 "connect_timeout", "pool_timeout", "api_kwargs"]
UNREADABLE = {"update_id": 11, "message": {"text": "a message without its chat or date"}}
READABLE = {"update_id": 12, "message": {
    "message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"},
    "from": {"id": 5, "is_bot": False, "first_name": "U"}, "text": "hello"}}


def test_ptb_still_has_the_private_post_the_override_replaces() -> None:
    version = telegram.__version__
    post = Bot.__dict__.get("_post")
    assert post is not None, f"python-telegram-bot {version} has no Bot._post any more"
    assert inspect.iscoroutinefunction(post), f"Bot._post of PTB {version} is not async"
    parameters = inspect.signature(post).parameters
    assert list(parameters) == EXPECTED_POST, (
        f"Bot._post of python-telegram-bot {version} changed its signature: "
        f"{inspect.signature(post)}; check TolerantBot._post in bot/telegram/application.py")
    kinds = {name: p.kind for name, p in parameters.items()}
    assert kinds["endpoint"] is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert kinds["data"] is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert all(kinds[name] is inspect.Parameter.KEYWORD_ONLY for name in EXPECTED_POST[3:])


def test_ptb_still_fetches_updates_through_the_private_post() -> None:
    source = inspect.getsource(Bot.get_updates)
    assert "self._post(" in source and '"getUpdates"' in source, (
        f"Bot.get_updates of python-telegram-bot {telegram.__version__} no longer calls "
        "self._post(\"getUpdates\", ...): TolerantBot's override would do nothing")


@pytest.fixture()
def app_settings(settings: Settings) -> Settings:
    return load_settings({
        "BOT_VAR_DIR": str(settings.var_dir), "DATABASE_URL": settings.database_url,
        "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": "http://127.0.0.1:9/bot",
    })


async def test_the_override_is_in_effect_on_the_bridges_bot(
    app_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = BridgeState(app_settings, object(), Pseudonymizer(b"k" * 32),  # type: ignore[arg-type]
                        set(known_intents()))
    bot = build_application(state).bot
    assert type(bot) is TolerantBot
    assert type(bot)._post is TolerantBot._post  # nothing between it and PTB overrides it
    called: list[tuple[str, dict[str, Any]]] = []

    async def ptb_post(self: Bot, endpoint: str, data: Any = None, **kwargs: Any) -> Any:
        called.append((endpoint, kwargs))
        return [UNREADABLE, READABLE]

    monkeypatch.setattr(Bot, "_post", ptb_post)
    updates = await bot.get_updates(timeout=0)
    assert [endpoint for endpoint, _ in called] == ["getUpdates"]
    assert set(called[0][1]) == set(EXPECTED_POST[3:])  # passed through untouched
    # Without the override the whole batch fails to read; with it, the unreadable update
    # is passed on empty (confirmed, answered by no handler) and the other one is intact.
    assert [u.update_id for u in updates] == [11, 12]
    assert updates[0].effective_message is None
    assert isinstance(updates[1], Update) and updates[1].message.text == "hello"
