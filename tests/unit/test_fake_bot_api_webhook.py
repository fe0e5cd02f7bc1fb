"""Webhook delivery of the fake Telegram Bot API, against a tiny aiohttp receiver on loopback
(and once against python-telegram-bot's own webhook server)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp import web
from telegram import Update
from telegram.error import Conflict
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from testsupport.fake_bot_api import SECRET_HEADER, FakeBotApi
from testsupport.stack import free_port

TOKEN = "123:ABC"
USER = 4242
SECRET = "s3cret_Token-1"

pytestmark = pytest.mark.timeout(20)


class Receiver:
    """A webhook endpoint in its own thread: records every POST, answers the queued statuses
    (then 200) after the queued delays (then none), 403 on a wrong secret like PTB."""

    def __init__(
        self, secret: str | None = None, statuses: tuple[int, ...] = (),
        delays: tuple[float, ...] = (),
    ) -> None:
        self.secret = secret
        self.statuses = deque(statuses)
        self.delays = deque(delays)
        self.received: list[dict[str, Any]] = []
        self.active = 0
        self.max_active = 0
        self.port = free_port()
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        with self._lock:
            self.received.append(
                {"update": body, "secret": request.headers.get(SECRET_HEADER),
                 "time": time.monotonic()}
            )
            status = self.statuses.popleft() if self.statuses else 200
            delay = self.delays.popleft() if self.delays else 0.0
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            if delay:
                await asyncio.sleep(delay)
        finally:
            with self._lock:
                self.active -= 1
        if self.secret is not None and request.headers.get(SECRET_HEADER) != self.secret:
            return web.Response(status=403)
        return web.Response(status=status)

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_post("/hook", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    def start(self) -> Receiver:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(5)
        return self

    async def _shutdown(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        # Keep-alive connections from the fake may still have a handler waiting.
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    def ids(self) -> list[int]:
        with self._lock:
            return [entry["update"]["update_id"] for entry in self.received]

    def wait_for(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.01)
        raise TimeoutError(f"{len(self.received)} of {count} posts received")


def call(api: FakeBotApi, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    """Call the fake's Bot API with a JSON body."""
    request = urllib.request.Request(
        f"{api.base_url}{TOKEN}/{method}", data=json.dumps(params).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi(token=TOKEN, webhook_retry_first=0.05, webhook_retry_max=0.2) as server:
        yield server


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver(secret=SECRET).start()
    yield server
    server.stop()


def test_delivery_carries_the_secret_and_dequeues_on_200(
    api: FakeBotApi, receiver: Receiver
) -> None:
    waiting = api.push_text(USER, "sent before the webhook")  # queued, delivered once set
    assert call(api, "setWebhook", url=receiver.url, secret_token=SECRET)[0] == 200
    pushed = api.push_text(USER, "hello")
    posts = sorted(receiver.wait_for(2), key=lambda p: p["update"]["update_id"])
    assert [p["update"] for p in posts] == [waiting, pushed]  # 40 connections: any order
    assert {p["secret"] for p in posts} == {SECRET}
    api.wait_for(lambda a: not a.pending_updates(), timeout=2)
    status, body = call(api, "getWebhookInfo")
    info = body["result"]
    assert status == 200 and info["url"] == receiver.url
    assert info["pending_update_count"] == 0 and info["max_connections"] == 40
    assert "last_error_message" not in info
    assert (api.webhook_posts, api.webhook_failures) == (2, 0)
    assert sorted((e["update_id"], e["status"]) for e in api.webhook_log()) == [
        (waiting["update_id"], 200), (pushed["update_id"], 200)]


def test_no_secret_header_without_a_secret(api: FakeBotApi) -> None:
    receiver = Receiver().start()
    try:
        call(api, "setWebhook", url=receiver.url)
        api.push_text(USER, "hi")
        assert receiver.wait_for(1)[0]["secret"] is None
    finally:
        receiver.stop()


def test_redelivered_after_a_500_until_acknowledged(api: FakeBotApi) -> None:
    receiver = Receiver(statuses=(500, 502)).start()
    try:
        call(api, "setWebhook", url=receiver.url)
        pushed = api.push_text(USER, "again please")
        posts = receiver.wait_for(3)
        assert receiver.ids() == [pushed["update_id"]] * 3
        gaps = [b["time"] - a["time"] for a, b in zip(posts, posts[1:], strict=False)]
        assert gaps[0] >= 0.04 and gaps[1] >= 0.08  # a growing pause between attempts
        api.wait_for(lambda a: not a.pending_updates(), timeout=2)
        info = call(api, "getWebhookInfo")[1]["result"]
        assert info["pending_update_count"] == 0
        assert info["last_error_message"] == "Wrong response from the webhook: 502 Bad Gateway"
        assert info["last_error_date"] > 0
        assert (api.webhook_posts, api.webhook_failures) == (3, 2)
        assert [e["attempt"] for e in api.webhook_log()] == [1, 2, 3]
    finally:
        receiver.stop()


def test_timeout_means_a_duplicate_delivery() -> None:
    """A bot slower than the timeout gets the same update twice (Telegram retries)."""
    receiver = Receiver(delays=(1.0,)).start()
    try:
        with FakeBotApi(token=TOKEN, webhook_timeout=0.3, webhook_retry_first=0.05) as api:
            call(api, "setWebhook", url=receiver.url)
            pushed = api.push_text(USER, "slow")
            receiver.wait_for(2)
            assert receiver.ids() == [pushed["update_id"]] * 2
            api.wait_for(lambda a: not a.pending_updates(), timeout=2)
            assert api.webhook_log()[0]["error"] == "Read timeout expired"
    finally:
        receiver.stop()


def test_refused_connection_is_retried_and_reported(api: FakeBotApi) -> None:
    url = f"http://127.0.0.1:{free_port()}/nobody"
    call(api, "setWebhook", url=url)
    api.push_text(USER, "anyone?")
    api.wait_for(lambda a: a.webhook_failures >= 2, timeout=3)
    info = call(api, "getWebhookInfo")[1]["result"]
    assert info["pending_update_count"] == 1
    assert info["last_error_message"] == "Connection refused"


def test_order_with_one_connection(api: FakeBotApi, receiver: Receiver) -> None:
    call(api, "setWebhook", url=receiver.url, secret_token=SECRET, max_connections=1)
    pushed = [api.push_text(USER + i % 3, f"m{i}")["update_id"] for i in range(8)]
    receiver.wait_for(8)
    assert receiver.ids() == pushed and receiver.max_active == 1


def test_at_most_max_connections_in_flight_started_in_queue_order() -> None:
    receiver = Receiver(delays=(0.3,) * 10).start()
    try:
        with FakeBotApi(token=TOKEN) as api:
            call(api, "setWebhook", url=receiver.url, max_connections=3)
            pushed = [api.push_text(USER + i, f"m{i}")["update_id"] for i in range(10)]
            receiver.wait_for(10)
            assert receiver.max_active == 3
            assert sorted(receiver.ids()[:3]) == pushed[:3]  # the first three, any order
            assert sorted(receiver.ids()) == pushed
    finally:
        receiver.stop()


def test_get_updates_conflicts_while_a_webhook_is_set(api: FakeBotApi, receiver: Receiver) -> None:
    call(api, "setWebhook", url=receiver.url, secret_token=SECRET)
    status, body = call(api, "getUpdates", timeout=0)
    assert status == 409 and body["error_code"] == 409
    assert "webhook is active" in body["description"]

    async def poll() -> None:
        async with ApplicationBuilder().token(TOKEN).base_url(api.base_url).build() as app:
            with pytest.raises(Conflict):
                await app.bot.get_updates(timeout=0)

    asyncio.run(poll())


def test_a_long_poll_ends_in_conflict_when_a_webhook_is_set(
    api: FakeBotApi, receiver: Receiver
) -> None:
    answers: list[int] = []
    poller = threading.Thread(target=lambda: answers.append(call(api, "getUpdates", timeout=4)[0]))
    poller.start()
    api.wait_for(lambda a: a.calls("getUpdates"), timeout=2)
    call(api, "setWebhook", url=receiver.url, secret_token=SECRET)
    poller.join(2)
    assert answers == [409]


def test_delete_webhook_goes_back_to_polling(api: FakeBotApi, receiver: Receiver) -> None:
    call(api, "setWebhook", url=receiver.url, secret_token=SECRET)
    first = api.push_text(USER, "by webhook")
    receiver.wait_for(1)
    api.wait_for(lambda a: not a.pending_updates(), timeout=2)
    assert call(api, "deleteWebhook")[0] == 200
    assert api.webhook_url == ""
    second = api.push_text(USER, "by polling")
    status, body = call(api, "getUpdates", offset=first["update_id"] + 1, timeout=1)
    assert status == 200 and body["result"] == [second]
    time.sleep(0.2)
    assert receiver.ids() == [first["update_id"]]
    assert call(api, "getWebhookInfo")[1]["result"]["url"] == ""
    # setWebhook with an empty url removes the webhook too.
    call(api, "setWebhook", url=receiver.url)
    assert call(api, "setWebhook", url="")[0] == 200 and api.webhook_url == ""


def test_set_webhook_checks_the_secret_and_can_drop_pending(
    api: FakeBotApi, receiver: Receiver
) -> None:
    status, body = call(api, "setWebhook", url=receiver.url, secret_token="no spaces!")
    assert status == 400 and "secret token" in body["description"]
    assert api.webhook_url == ""
    api.push_text(USER, "old")
    call(api, "setWebhook", url=receiver.url, secret_token=SECRET, drop_pending_updates=True)
    fresh = api.push_text(USER, "new")
    receiver.wait_for(1)
    time.sleep(0.1)
    assert receiver.ids() == [fresh["update_id"]]


def test_redeliver_and_forged_posts(api: FakeBotApi, receiver: Receiver) -> None:
    call(api, "setWebhook", url=receiver.url, secret_token=SECRET)
    pushed = api.push_text(USER, "once")
    receiver.wait_for(1)
    api.wait_for(lambda a: not a.pending_updates(), timeout=2)
    assert api.redeliver(pushed["update_id"]) == 200
    assert receiver.ids() == [pushed["update_id"]] * 2
    assert receiver.received[1]["update"] == pushed and receiver.received[1]["secret"] == SECRET
    forged = {"message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"},
                          "text": "forged"}}
    assert api.post_webhook(forged, secret="wrong") == 403
    assert api.post_webhook(forged, secret=None) == 403
    assert api.post_webhook(forged) == 200  # the configured secret
    assert receiver.received[-1]["update"]["update_id"] > pushed["update_id"]
    assert api.webhook_posts == 1  # only queue deliveries count
    with pytest.raises(KeyError):
        api.redeliver(10_000)
    with pytest.raises(RuntimeError, match="blocks"):
        asyncio.run(_call_in_loop(api))


async def _call_in_loop(api: FakeBotApi) -> int:
    return api.post_webhook({"message": {}})


def test_blocking_helpers_need_a_webhook(api: FakeBotApi) -> None:
    pushed = api.push_text(USER, "x")
    with pytest.raises(RuntimeError, match="no webhook"):
        api.redeliver(pushed["update_id"])
    with pytest.raises(RuntimeError, match="no webhook"):
        api.post_webhook({"message": {}})


def test_reset_forgets_the_webhook(api: FakeBotApi, receiver: Receiver) -> None:
    call(api, "setWebhook", url=receiver.url, secret_token=SECRET)
    api.reset()
    assert api.webhook_url == "" and call(api, "getUpdates", timeout=0)[0] == 200
    api.push_text(USER, "after reset")
    time.sleep(0.2)
    assert receiver.ids() == []


@pytest.mark.asyncio
async def test_python_telegram_bot_webhook_server_end_to_end(api: FakeBotApi) -> None:
    """PTB's own webhook server: setWebhook with our secret, updates in, replies out, a forged
    post refused."""

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(f"echo: {update.effective_message.text}")

    app: Application = ApplicationBuilder().token(TOKEN).base_url(api.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    port = free_port()
    async with app:
        await app.updater.start_webhook(
            listen="127.0.0.1", port=port, url_path="tg", secret_token=SECRET,
            webhook_url=f"http://127.0.0.1:{port}/tg", max_connections=5,
        )
        await app.start()
        try:
            assert api.calls("setWebhook")[-1]["params"]["secret_token"] == SECRET
            for text in ("one", "two"):
                api.push_text(USER, text)
            sent = await asyncio.to_thread(api.wait_for_messages, USER, 2, 5.0)
            assert sorted(m["text"] for m in sent) == ["echo: one", "echo: two"]
            forged = {"message": {"message_id": 99, "date": 0, "text": "forged",
                                  "chat": {"id": USER, "type": "private"}}}
            status = await asyncio.to_thread(api.post_webhook, forged, "not-the-secret")
            assert status == 403
            info = await app.bot.get_webhook_info()
            assert info.url == f"http://127.0.0.1:{port}/tg" and info.max_connections == 5
            assert info.pending_update_count == 0
        finally:
            await app.updater.stop()
            await app.stop()
    assert api.sent_count(USER) == 2 and api.webhook_failures == 0


def test_a_restarted_fake_keeps_delivering(receiver: Receiver) -> None:
    api = FakeBotApi(token=TOKEN).start()
    try:
        call(api, "setWebhook", url=receiver.url, secret_token=SECRET)
        api.stop()
        api.port = 0  # the old port may still be in TIME_WAIT
        api.start()
        pushed = api.push_text(USER, "after a restart")
        assert receiver.wait_for(1)[0]["update"] == pushed
    finally:
        api.stop()


def test_listeners_see_answered_calls(api: FakeBotApi) -> None:
    seen: list[tuple[str, int | None, int | None]] = []
    remove = api.add_listener(
        lambda record: seen.append((record["method"], record["status"], record.get("message_id")))
    )
    call(api, "sendMessage", chat_id=USER, text="one")
    call(api, "sendMessage", chat_id=USER, text="")
    remove()
    call(api, "sendMessage", chat_id=USER, text="unseen")
    assert seen == [("sendMessage", 200, 1), ("sendMessage", 400, None)]
