"""The bridge under faults, with the real python-telegram-bot Application and a fake Bot API:
Telegram's retries dropped, a person's messages answered in order, Rasa slow or restarting,
Telegram answering 429, quick exit during a slow turn, and a restart that loses nothing.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
import time
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy import select

from bot.config import Settings
from bot.db import journal
from bot.db.models import TelegramUpdate
from bot.db.runtime import run_in_session
from bot.domain_info import known_intents
from bot.identity import Pseudonymizer
from bot.rasa_client import RasaClient
from bot.telegram.application import build_application
from bot.telegram.state import BridgeState
from tests.unit.test_telegram_bridge import StubRasa, default_answer, stop, wait
from testsupport.fake_bot_api import FakeBotApi
from testsupport.stack import free_port


@pytest.fixture()
def bridge_settings(bridge_settings: Settings) -> Settings:
    """The shared settings, with the "slow" note after 0.8 s instead of 6 s."""
    return dataclasses.replace(bridge_settings, rasa_slow_notice_s=0.8)


async def running(settings: Settings, rasa: Any) -> Any:
    state = BridgeState(settings, rasa, Pseudonymizer(b"k" * 32), set(known_intents()))
    application = build_application(state)
    # As Application.run_polling does it: initialize, post_init, poll, start.
    await application.initialize()
    await application.post_init(application)
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    await application.start()
    return application


def message_update(update_id: int, chat: int, message_id: int, text: str) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": message_id, "date": int(time.time()),
        "chat": {"id": chat, "type": "private"},
        "from": {"id": chat, "is_bot": False, "first_name": "U"}, "text": text}}


def sent_texts(api: FakeBotApi, chat: int) -> list[str]:
    return [m["text"] for m in api.sent_messages(chat)]


async def test_a_repeated_update_id_is_answered_once(
    api: FakeBotApi, bridge_settings: Settings
) -> None:
    rasa = StubRasa(default_answer)
    app = await running(bridge_settings, rasa)
    try:
        update = message_update(900, 41, 1, "hello once")
        api.push_update(update)
        await wait(api, 41, 1)
        api.push_update(update)  # Telegram sends it again (it did not see our answer)
        api.push_text(41, "next")
        sent = await wait(api, 41, 2)
        await asyncio.sleep(0.5)
        assert [m["text"] for m in sent] == ["echo: hello once", "echo: next"]
        assert sent_texts(api, 41) == ["echo: hello once", "echo: next"]
        assert [text for _, text in rasa.received] == ["hello once", "next"]
    finally:
        await stop(app)


async def test_a_persons_messages_are_answered_in_the_order_they_were_sent(
    api: FakeBotApi, bridge_settings: Settings
) -> None:
    class SlowFirst(StubRasa):
        async def send(self, sender: str, text: str, metadata: Any = None) -> Any:
            self.received.append((sender, text))
            await asyncio.sleep(0.6 if text == "one" else 0.01)
            return self.answer(text)

    rasa = SlowFirst(default_answer)
    app = await running(bridge_settings, rasa)
    try:
        # They reach the bot in the wrong order (a webhook can do that): 2 before 1.
        api.push_update(message_update(1002, 42, 2, "two"))
        api.push_update(message_update(1001, 42, 1, "one"))
        for number, text in enumerate(["three", "four", "five"], start=3):
            api.push_update(message_update(1000 + number, 42, number, text))
        sent = await wait(api, 42, 5)
        assert [m["text"] for m in sent] == [
            "echo: one", "echo: two", "echo: three", "echo: four", "echo: five"]
        assert [text for _, text in rasa.received] == ["one", "two", "three", "four", "five"]
    finally:
        await stop(app)


async def test_slow_rasa_gets_one_notice_then_the_answer(
    api: FakeBotApi, bridge_settings: Settings
) -> None:
    class Slow(StubRasa):
        async def send(self, sender: str, text: str, metadata: Any = None) -> Any:
            self.received.append((sender, text))
            await asyncio.sleep(2.0)
            return self.answer(text)

    app = await running(bridge_settings, Slow(default_answer))
    try:
        api.push_text(43, "are you there")
        sent = await wait(api, 43, 2)
        assert "answer is coming" in sent[0]["text"]
        assert sent[1]["text"] == "echo: are you there"
        await asyncio.sleep(0.5)
        assert len(api.sent_messages(43)) == 2
    finally:
        await stop(app)


async def test_rasa_down_then_back_the_message_is_kept_and_answered_once(
    api: FakeBotApi, bridge_settings: Settings
) -> None:
    """A real RasaClient against a port where Rasa is down, then comes up 2.5 s later."""
    port = free_port()
    received: list[str] = []

    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        received.append(body["message"])
        return web.json_response([{"text": f"back: {body['message']}"}])

    client = RasaClient(f"http://127.0.0.1:{port}", patience_s=30, backoff_s=0.2,
                        max_backoff_s=1.0)
    app = await running(bridge_settings, client)
    runner = None
    try:
        api.push_text(44, "hello while down")
        await asyncio.sleep(2.5)
        server = web.Application()
        server.router.add_post("/webhooks/rest/webhook", webhook)
        runner = web.AppRunner(server)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        sent = await wait(api, 44, 2)
        assert "answer is coming" in sent[0]["text"]
        assert sent[1]["text"] == "back: hello while down"
        await asyncio.sleep(0.5)
        assert received == ["hello while down"] and len(api.sent_messages(44)) == 2
    finally:
        await stop(app)
        if runner is not None:
            await runner.cleanup()


async def test_rasa_down_longer_than_the_patience_gets_a_kind_reply(
    api: FakeBotApi, bridge_settings: Settings
) -> None:
    client = RasaClient(f"http://127.0.0.1:{free_port()}", patience_s=1.5, backoff_s=0.2)
    app = await running(bridge_settings, client)
    try:
        api.push_text(45, "anyone")
        sent = await wait(api, 45, 2)
        assert "answer is coming" in sent[0]["text"]
        assert "send your message again" in sent[1]["text"] and "1-888-373-7888" in sent[1]["text"]
    finally:
        await stop(app)


async def test_telegram_429_is_waited_out_and_the_answer_sent_once(
    api: FakeBotApi, bridge_settings: Settings
) -> None:
    app = await running(bridge_settings, StubRasa(default_answer))
    try:
        api.fail_next("sendMessage", 429, retry_after=1, times=2)
        started = time.monotonic()
        api.push_text(46, "busy telegram")
        sent = await wait(api, 46, 1)
        assert sent[0]["text"] == "echo: busy telegram"
        assert time.monotonic() - started >= 1.9  # retry_after honoured, twice
        await asyncio.sleep(0.5)
        assert len(api.sent_messages(46)) == 1
        assert len(api.calls("sendMessage", chat_id=46)) == 3  # two refused, one delivered
    finally:
        await stop(app)


async def test_quick_exit_does_not_wait_for_a_slow_turn(
    api: FakeBotApi, bridge_settings: Settings
) -> None:
    class SlowOnQuestion(StubRasa):
        async def send(self, sender: str, text: str, metadata: Any = None) -> Any:
            self.received.append((sender, text))
            await asyncio.sleep(4.0 if text == "slow question" else 0.01)
            return self.answer(text)

    app = await running(bridge_settings, SlowOnQuestion(default_answer))
    try:
        api.push_text(47, "first")
        await wait(api, 47, 1)
        api.push_text(47, "slow question")
        await asyncio.sleep(0.3)
        started = time.monotonic()
        api.push_text(47, "/exit")
        await asyncio.to_thread(
            api.wait_for, lambda a: all(m["deleted"] for m in a.messages(47)[:2]), 10.0)
        assert time.monotonic() - started < 3.0, "the quick exit waited for the slow turn"
        done = await asyncio.to_thread(
            api.wait_for, lambda a: [m for m in a.sent_messages(47)
                                     if "Press and hold" in m["text"]], 15.0)
        await asyncio.sleep(4.5)  # the slow turn has finished by now
        alive = [m for m in api.messages(47) if not m["deleted"]]
        assert [m["message_id"] for m in alive] == [done[0]["message_id"]]
        assert "echo: slow question" not in sent_texts(api, 47)
    finally:
        await stop(app)


async def test_updates_received_but_not_answered_before_a_restart_are_answered_after(
    api: FakeBotApi, bridge_settings: Settings
) -> None:
    url, key = bridge_settings.database_url, bridge_settings.data_key_file
    # What a bridge killed mid-turn leaves: one update journalled, never answered; one
    # answered (its id kept, its content dropped).
    run_in_session(lambda s: journal.claim(s, 700, message_update(700, 48, 1, "lost?"), key), url)
    run_in_session(lambda s: journal.claim(s, 699, message_update(699, 48, 9, "done"), key), url)
    run_in_session(lambda s: journal.finish(s, 699), url)
    rasa = StubRasa(default_answer)
    app = await running(bridge_settings, rasa)
    try:
        sent = await wait(api, 48, 1)
        assert sent[0]["text"] == "echo: lost?"
        api.push_update(message_update(700, 48, 1, "lost?"))  # and Telegram's late retry
        api.push_text(48, "after")
        sent = await wait(api, 48, 2)
        await asyncio.sleep(0.5)
        assert sent_texts(api, 48) == ["echo: lost?", "echo: after"]
        assert [text for _, text in rasa.received] == ["lost?", "after"]

        def rows(session: Any) -> list[tuple]:
            return [(r.update_id, r.sealed, r.done_at is not None)
                    for r in session.scalars(select(TelegramUpdate)).all()]

        stored = run_in_session(rows, url)
        assert all(done and sealed is None for _, sealed, done in stored), stored
    finally:
        await stop(app)


def test_the_journal_keeps_no_content_once_answered_and_forgets_ids_later(
    settings: Settings,
) -> None:
    import datetime as dt

    url, key = settings.database_url, settings.data_key_file
    update = message_update(5, 49, 1, "my secret words")
    assert run_in_session(lambda s: journal.claim(s, 5, update, key), url) is True
    assert run_in_session(lambda s: journal.claim(s, 5, update, key), url) is False
    sealed = run_in_session(lambda s: s.get(TelegramUpdate, 5).sealed, url)
    # Sealed: a Fernet token (URL-safe base64, so no spaces or quotes); none of the
    # update's JSON, text or chat id shows. ("49" alone can occur in random base64.)
    assert re.fullmatch(r"[A-Za-z0-9_\-=]+", sealed)
    assert "my secret words" not in sealed and '"chat"' not in sealed
    assert '"id": 49' not in sealed and '"id":49' not in sealed
    assert run_in_session(lambda s: journal.unanswered(s, key), url) == [update]
    run_in_session(lambda s: journal.finish(s, 5), url)
    assert run_in_session(lambda s: journal.unanswered(s, key), url) == []
    later = dt.datetime.utcnow() + dt.timedelta(days=3)
    assert run_in_session(lambda s: journal.purge(s, later), url) == 1
    assert run_in_session(lambda s: s.get(TelegramUpdate, 5), url) is None


async def test_an_update_this_version_cannot_read_does_not_block_the_others(
    api: FakeBotApi, bridge_settings: Settings
) -> None:
    rasa = StubRasa(default_answer)
    app = await running(bridge_settings, rasa)
    try:
        # A poll without a field newer Bot API versions require: unreadable for PTB 22.
        api.push_update({"poll": {"id": "p1", "question": "?", "options": [],
                                  "total_voter_count": 0, "is_closed": True,
                                  "is_anonymous": True, "type": "regular",
                                  "allows_multiple_answers": False}})
        api.push_text(50, "still here")
        sent = await wait(api, 50, 1)
        assert sent[0]["text"] == "echo: still here"
        assert [text for _, text in rasa.received] == ["still here"]
    finally:
        await stop(app)
