"""The Telegram bridge with a stand-in Rasa: delivery, failures and quick exit, no Rasa server.

The real python-telegram-bot Application polls a fake Bot API on loopback.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from bot.config import Settings, load_settings
from bot.db.models import ChatMessage, User
from bot.db.session import session_factory
from bot.domain_info import known_intents
from bot.identity import Pseudonymizer
from bot.rasa_client import RasaUnavailable
from bot.telegram.application import build_application
from bot.telegram.state import BridgeState
from tests.unit.conftest import TOKEN
from testsupport.fake_bot_api import FakeBotApi

MENU = [{"title": "Skills and jobs", "payload": "/choose_skills"}]


class StubRasa:
    """Answers like Rasa's REST channel from a function of the text; records what it got."""

    def __init__(self, answer: Callable[[str], list[dict[str, Any]]]) -> None:
        self.answer = answer
        self.received: list[tuple[str, str]] = []

    async def send(self, sender: str, text: str, metadata: Any = None) -> list[dict[str, Any]]:
        self.received.append((sender, text))
        await asyncio.sleep(0.01)
        return self.answer(text)

    async def close(self) -> None:
        return None


def default_answer(text: str) -> list[dict[str, Any]]:
    if text == "/quick_exit":
        return [{"custom": {"quick_exit": True}}, {"text": "Done. Press and hold to delete."}]
    if text == "/forget":
        return [{"text": "Delete everything?",
                 "buttons": [{"title": "Yes, delete everything", "payload": "/forget_confirm"}]}]
    if text == "/forget_confirm":
        return [{"custom": {"forget": True}}, {"text": "Done. I deleted everything."}]
    if text == "long":
        return [{"text": ("word " * 2000).strip(), "buttons": MENU}]
    if text == "nothing":
        return []
    if text == "down":
        raise RasaUnavailable("ConnectError")
    return [{"text": f"echo: {text}", "buttons": MENU}]


async def running(settings: Settings, rasa: StubRasa):  # type: ignore[no-untyped-def]
    """Start the bridge application polling the fake API."""
    state = BridgeState(settings, rasa, Pseudonymizer(b"k" * 32), set(known_intents()))
    application = build_application(state)
    await application.initialize()
    await application.start()
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    return application


async def stop(application) -> None:  # type: ignore[no-untyped-def]
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


async def wait(api: FakeBotApi, chat: int, count: int) -> list[dict]:
    return await asyncio.to_thread(api.wait_for_messages, chat, count, 15.0)


async def test_text_goes_to_rasa_under_a_pseudonym_and_buttons_get_quick_exit(
    api: FakeBotApi, bridge_settings: Settings
) -> None:
    rasa = StubRasa(default_answer)
    app = await running(bridge_settings, rasa)
    try:
        api.push_text(4242, "hello there")
        sent = await wait(api, 4242, 1)
        assert sent[0]["text"] == "echo: hello there"
        rows = sent[0]["reply_markup"]["inline_keyboard"]
        assert [r[0]["text"] for r in rows] == ["Skills and jobs", "Quick exit"]
        sender, text = rasa.received[0]
        assert text == "hello there" and "4242" not in sender and len(sender) == 32
    finally:
        await stop(app)


async def test_long_reply_is_split_and_keyboard_sits_on_the_last_piece(
    api: FakeBotApi, bridge_settings: Settings
) -> None:
    app = await running(bridge_settings, StubRasa(default_answer))
    try:
        api.push_text(1, "long")
        sent = await asyncio.to_thread(api.wait_for_keyboard, 1, 0, 15.0)
        assert len(sent) >= 3 and all(len(m["text"]) <= 4096 for m in sent)
        assert all(not m["reply_markup"] for m in sent[:-1])
        assert " ".join(m["text"] for m in sent).split() == ["word"] * 2000
    finally:
        await stop(app)


async def test_rasa_down_gets_a_kind_reply_and_empty_answer_an_apology(
    api: FakeBotApi, bridge_settings: Settings
) -> None:
    app = await running(bridge_settings, StubRasa(default_answer))
    try:
        api.push_text(2, "down")
        assert "can't answer right now" in (await wait(api, 2, 1))[0]["text"]
        api.push_text(2, "nothing")
        assert "can't do that right now" in (await wait(api, 2, 2))[1]["text"]
    finally:
        await stop(app)


async def test_crisis_gets_hotlines_even_when_rasa_is_down(
    api: FakeBotApi, bridge_settings: Settings
) -> None:
    app = await running(bridge_settings, StubRasa(lambda text: default_answer("down")))
    try:
        api.push_text(8, "im scared hes outside")
        text = (await wait(api, 8, 1))[0]["text"]
        assert "1-888-373-7888" in text and "911" in text and "not the police" in text
    finally:
        await stop(app)


async def test_quick_exit_deletes_both_sides_even_when_rasa_is_down(
    api: FakeBotApi, bridge_settings: Settings
) -> None:
    def answer(text: str) -> list[dict[str, Any]]:
        if text == "/quick_exit":
            raise RasaUnavailable("ConnectError")
        return default_answer(text)

    app = await running(bridge_settings, StubRasa(answer))
    try:
        for index, word in enumerate(["one", "two"], start=1):
            api.push_text(3, word)
            await wait(api, 3, index)
        api.push_text(3, "/exit")
        sent = await wait(api, 3, 3)
        assert "press and hold" in sent[-1]["text"]
        alive = [m for m in api.messages(3) if not m["deleted"]]
        assert [m["message_id"] for m in alive] == [sent[-1]["message_id"]]
    finally:
        await stop(app)


async def test_messages_older_than_48_hours_are_skipped_not_failed(
    api: FakeBotApi, bridge_settings: Settings
) -> None:
    app = await running(bridge_settings, StubRasa(default_answer))
    try:
        api.push_text(5, "first")
        first = (await wait(api, 5, 1))[0]
        api.set_message_age(5, first["message_id"], 49 * 3600)
        api.push_text(5, "/exit")
        sent = await wait(api, 5, 2)
        assert "Press and hold" in sent[-1]["text"]
        assert not api.message(5, first["message_id"])["deleted"]
        assert api.errors == []
    finally:
        await stop(app)


async def test_forget_erases_the_person_after_the_turn(
    api: FakeBotApi, bridge_settings: Settings
) -> None:
    app = await running(bridge_settings, StubRasa(default_answer))
    try:
        api.push_text(6, "hello")
        await wait(api, 6, 1)
        factory = session_factory(bridge_settings.database_url)

        def stored() -> bool:
            with factory() as session:
                return session.execute(select(ChatMessage)).first() is not None

        await asyncio.to_thread(api.wait_for, lambda _: stored(), 10.0)
        api.push_text(6, "/forget")
        confirm = (await wait(api, 6, 2))[1]
        api.push_callback(6, confirm["message_id"], "/forget_confirm")
        sent = await wait(api, 6, 3)
        assert "deleted everything" in sent[-1]["text"]
        await asyncio.sleep(0.2)
        with factory() as session:
            assert session.execute(select(ChatMessage)).all() == []
            assert session.execute(select(User)).all() == []
    finally:
        await stop(app)


async def test_unknown_command_and_forged_button(
    api: FakeBotApi, bridge_settings: Settings
) -> None:
    rasa = StubRasa(default_answer)
    app = await running(bridge_settings, rasa)
    try:
        api.push_text(7, "/sudo rm")
        assert "/exit" in (await wait(api, 7, 1))[0]["text"]
        api.push_text(7, "menu please")
        menu = (await wait(api, 7, 2))[1]
        api.push_callback(7, menu["message_id"], "not-a-payload")
        sent = await wait(api, 7, 4)
        assert "doesn't work anymore" in sent[2]["text"]
        assert rasa.received[-1][1] == "/menu"
        assert api.calls("answerCallbackQuery")
    finally:
        await stop(app)


async def test_webhook_mode_needs_the_secret_and_answers_updates(
    api: FakeBotApi, settings: Settings
) -> None:
    import httpx

    from bot.telegram.main import webhook_options
    from testsupport.stack import free_port

    port = free_port()
    hook_settings = load_settings({
        "BOT_VAR_DIR": str(settings.var_dir), "DATABASE_URL": settings.database_url,
        "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": api.base_url,
        "TELEGRAM_MODE": "webhook", "TELEGRAM_WEBHOOK_URL": "https://example.invalid/telegram",
        "TELEGRAM_WEBHOOK_PORT": str(port), "TELEGRAM_WEBHOOK_SECRET": "s3cret-token",
    })
    options = webhook_options(hook_settings)
    state = BridgeState(hook_settings, StubRasa(default_answer), Pseudonymizer(b"k" * 32),
                        set(known_intents()))
    application = build_application(state)
    await application.initialize()
    await application.start()
    await application.updater.start_webhook(**options)
    try:
        assert api.calls("setWebhook")[-1]["params"]["secret_token"] == "s3cret-token"
        update = {"update_id": 1, "message": {
            "message_id": 1, "date": 0, "chat": {"id": 31, "type": "private"},
            "from": {"id": 31, "is_bot": False, "first_name": "U"}, "text": "hello"}}
        url = f"http://127.0.0.1:{port}/telegram"
        async with httpx.AsyncClient() as client:
            refused = await client.post(url, json=update)
            assert refused.status_code == 403
            accepted = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"})
            assert accepted.status_code == 200
        sent = await wait(api, 31, 1)
        assert sent[0]["text"] == "echo: hello" and len(api.sent_messages(31)) == 1
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
