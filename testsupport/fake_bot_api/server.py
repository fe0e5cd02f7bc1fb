"""`FakeBotApi`: the aiohttp server on its own loop and thread, its state, and the HTTP
layer that records each call and hands it to the method's handler."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

from testsupport.fake_bot_api.harness import Harness
from testsupport.fake_bot_api.methods import BotApiMethods
from testsupport.fake_bot_api.protocol import (
    MAX_LONG_POLL_SECONDS,
    WEBHOOK_CONFLICT,
    WEBHOOK_MAX_CONNECTIONS,
    WEBHOOK_RETRY_FIRST_SECONDS,
    WEBHOOK_RETRY_MAX_SECONDS,
    WEBHOOK_TIMEOUT_SECONDS,
    ApiError,
    Chat,
    Fault,
    JsonDict,
    bad_request,
    decode_value,
)
from testsupport.fake_bot_api.store import ChatStore
from testsupport.fake_bot_api.webhook import WebhookDelivery


class FakeBotApi(Harness, WebhookDelivery, BotApiMethods, ChatStore):
    """A fake Telegram Bot API served by aiohttp from a background thread."""

    def __init__(
        self,
        token: str = "123:ABC",
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        max_long_poll: float = MAX_LONG_POLL_SECONDS,
        webhook_timeout: float = WEBHOOK_TIMEOUT_SECONDS,
        webhook_retry_first: float = WEBHOOK_RETRY_FIRST_SECONDS,
        webhook_retry_max: float = WEBHOOK_RETRY_MAX_SECONDS,
    ) -> None:
        self.token = token
        self.host = host
        self.port = port
        self.max_long_poll = max_long_poll
        self.webhook_timeout = webhook_timeout
        self.webhook_retry_first = webhook_retry_first
        self.webhook_retry_max = webhook_retry_max
        self._lock = threading.RLock()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._update_event: asyncio.Event | None = None
        self._webhook_event: asyncio.Event | None = None
        self._session: aiohttp.ClientSession | None = None
        self._webhook_tasks: set[asyncio.Task[Any]] = set()
        self._webhook_generation = 0  # bumped by set/deleteWebhook and reset(): old senders stop
        self._listeners: list[Callable[[JsonDict], None]] = []
        self._closing = False
        # Counters survive reset(): a running Updater keeps its offset, so ids must not go back.
        self._next_update_id = 1
        self._next_callback_id = 1
        self._next_file_id = 1
        self._init_state()
        self._methods: dict[str, tuple[str, Callable[[JsonDict], Any]]] = self._method_table()

    def _init_state(self) -> None:
        self._updates: list[JsonDict] = []
        self._calls: list[JsonDict] = []
        self._chats: dict[int, Chat] = {}
        self._users: dict[int, JsonDict] = {}
        self._faults: dict[str, deque[Fault]] = {}
        self._commands: dict[str, list[JsonDict]] = {}
        self._webhook_url = ""
        self._webhook_secret: str | None = None
        self._webhook_max_connections = WEBHOOK_MAX_CONNECTIONS
        self._webhook_allowed_updates: list[str] | None = None
        self._webhook_last_error: tuple[int, str] | None = None  # (unix time, message)
        self._webhook_generation += 1
        self._in_flight: set[int] = set()  # update ids being posted right now
        self._retry_at: dict[int, float] = {}  # update id -> loop time of its next attempt
        self._attempts: dict[int, int] = {}  # update id -> failed deliveries so far
        self._delivered: dict[int, JsonDict] = {}  # update id -> update, answered 2xx
        self._webhook_log: list[JsonDict] = []
        self.webhook_posts = 0  # queue deliveries posted (redeliver/post_webhook not counted)
        self.webhook_failures = 0  # of those, answered non-2xx, refused or timed out
        self.errors: list[str] = []  # unexpected exceptions inside the fake itself

    # ------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        """The ``base_url`` to give PTB's ``ApplicationBuilder`` (``http://host:port/bot``)."""
        return f"http://{self.host}:{self.port}/bot"

    def start(self) -> FakeBotApi:
        """Start the server thread; return once it is listening (``port`` is then set)."""
        if self._thread is not None:
            raise RuntimeError("FakeBotApi is already running")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind((self.host, self.port))
        except OSError:
            sock.close()
            raise
        self.port = sock.getsockname()[1]
        self._closing = False
        ready = threading.Event()
        failure: list[BaseException] = []
        loop = asyncio.new_event_loop()
        self._loop = loop

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._startup(sock))
            except BaseException as exc:  # noqa: BLE001 - reported to start()
                failure.append(exc)
                sock.close()
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                # Connection handlers may outlive runner.cleanup(); finish them before closing.
                pending = asyncio.all_tasks(loop)
                for task in pending:
                    task.cancel()
                if pending:
                    loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        self._thread = threading.Thread(target=run, name=f"FakeBotApi:{self.port}", daemon=True)
        self._thread.start()
        ready.wait(10.0)
        if failure or not ready.is_set():
            self._thread.join(1.0)
            self._thread = None
            self._loop = None
            if failure:
                raise RuntimeError("FakeBotApi failed to start") from failure[0]
            raise RuntimeError("FakeBotApi did not start within 10 s")
        return self

    async def _startup(self, sock: socket.socket) -> None:
        self._update_event = asyncio.Event()
        self._webhook_event = asyncio.Event()
        with self._lock:
            if self._webhook_url:  # restarted with a webhook still set: deliver again
                self._start_sender()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{prefix}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()

    def stop(self) -> None:
        """Stop the server and its thread (pending long polls return at once). Idempotent."""
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(10.0)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10.0)
            self._thread = None
            self._loop = None
            self._runner = None
            self._update_event = None
            self._webhook_event = None

    async def _shutdown(self) -> None:
        self._closing = True
        if self._update_event is not None:
            self._update_event.set()
        tasks = list(self._webhook_tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            await self._runner.cleanup()

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ HTTP layer

    async def _handle(self, request: web.Request) -> web.Response:
        prefix = request.match_info["prefix"]
        method = request.match_info["method"]
        record: JsonDict = {
            "method": method,
            "params": {},
            "time": time.monotonic(),
            "status": None,
        }
        if prefix != f"bot{self.token}":
            record["status"] = 401
            with self._lock:
                self._calls.append(record)
            return web.json_response(ApiError(401, "Unauthorized").body(), status=401)
        key = method.lower()
        known = self._methods.get(key)
        if known is not None:
            record["method"] = known[0]
        try:
            record["params"] = await _read_params(request)
        except Exception as exc:  # noqa: BLE001 - malformed body is the client's problem
            record["status"] = 400
            with self._lock:
                self._calls.append(record)
            error = bad_request(f"can't parse request: {exc}")
            return web.json_response(error.body(), status=400)
        with self._lock:
            self._calls.append(record)
            queue = self._faults.get(key)
            fault = queue.popleft() if queue else None

        try:
            if fault is not None:
                record["fault"] = True
                if fault.delay > 0:
                    await asyncio.sleep(fault.delay)
                raise ApiError(fault.status, fault.description, fault.parameters)
            if known is None:
                record["unknown"] = True
                raise ApiError(404, "Not Found: method not found")
            if key == "getupdates":
                with self._lock:
                    if self._webhook_url:
                        raise ApiError(409, WEBHOOK_CONFLICT)
                result = await self._get_updates(record["params"])
            else:
                with self._lock:
                    result = known[1](record["params"])
        except ApiError as error:
            with self._lock:
                record["status"] = error.status
                record["error"] = error.description
            self._notify(record)
            return web.json_response(error.body(), status=error.status)
        except Exception as exc:  # noqa: BLE001 - a bug in the fake; surface it to the test
            message = f"{record['method']}: {type(exc).__name__}: {exc}"
            with self._lock:
                record["status"] = 500
                record["error"] = message
                self.errors.append(message)
            self._notify(record)
            error = ApiError(500, f"Internal Server Error: {message}")
            return web.json_response(error.body(), status=500)
        with self._lock:
            record["status"] = 200
            if key == "sendmessage" and isinstance(result, dict):
                record["message_id"] = result.get("message_id")
        self._notify(record)
        return web.json_response({"ok": True, "result": result})

    def _notify(self, record: JsonDict) -> None:
        for listener in list(self._listeners):
            try:
                listener(record)
            except Exception as exc:  # noqa: BLE001 - a test's listener must not break the fake
                with self._lock:
                    self.errors.append(f"listener: {type(exc).__name__}: {exc}")


async def _read_params(request: web.Request) -> JsonDict:
    """A call's query, JSON or form parameters, JSON-encoded values decoded (a file: its size)."""
    params: JsonDict = dict(request.query)
    if request.can_read_body:
        content_type = request.content_type
        if content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                params.update(body)
        elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for name, value in form.items():
                if isinstance(value, web.FileField):
                    params[name] = {
                        "filename": value.filename,
                        "content_type": value.content_type,
                        "size": len(value.file.read()),
                    }
                else:
                    params[name] = value
    return {name: decode_value(name, value) for name, value in params.items()}
