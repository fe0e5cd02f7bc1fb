"""A fake Telegram Bot API server on loopback, for end-to-end tests and benchmarks.

The bot under test reaches it with::

    ApplicationBuilder().token(TOKEN).base_url(api.base_url)

so requests arrive at ``POST|GET /bot{token}/{method}``. The server runs an aiohttp
application on its own event loop in a background thread, so synchronous test code (and
async code running in any other loop) can drive it through the thread-safe test-side API:
``push_*`` to enqueue updates, ``calls`` / ``sent_messages`` / ``messages`` to inspect what
the bot did, ``wait_for*`` to block until it did it, ``fail_next`` to inject faults.

Updates reach the bot by ``getUpdates`` (long polling, the default) or, once the bot has
called ``setWebhook`` with a ``url``, by webhook like real Telegram: each queued update is
POSTed as JSON to that URL (header ``X-Telegram-Bot-Api-Secret-Token`` when a
``secret_token`` was set), at most ``max_connections`` (default 40) at a time, started in
queue order. An update leaves the queue only on a 2xx answer; after any other status, a
connection error or ``webhook_timeout`` seconds without an answer it is posted again after
a growing pause (``webhook_retry_first`` doubling up to ``webhook_retry_max``), so a slow
bot can see an update twice, as with Telegram. Later updates are not held back meanwhile.
While a webhook is set ``getUpdates`` answers 409 Conflict; ``deleteWebhook`` (or
``setWebhook`` with an empty url) goes back to polling. ``getWebhookInfo`` reports the url,
``pending_update_count`` and ``last_error_message``. Test side: ``redeliver(update_id)``
posts a delivered update again (a Telegram retry), ``post_webhook(update, secret=...)``
posts anything with any secret header and returns the HTTP status, ``webhook_posts`` /
``webhook_failures`` count queue deliveries, ``webhook_log()`` lists them.

All state lives behind one lock; the server loop only holds it for short, non-blocking
sections, and long polls and webhook delivery are woken with ``loop.call_soon_threadsafe``.

What it does not model: files (sendPhoto & co. answer 404 like any unknown method),
groups beyond a plain ``{"type": "group"}`` chat for negative ids, "message is not
modified", per-chat flood limits (use ``fail_next``), ``allowed_updates`` filtering, and
MarkdownV2 parsing (only HTML markup is stripped when measuring text length).
"""

from __future__ import annotations

import asyncio
import copy
import html
import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

JsonDict = dict[str, Any]

BOT_USER: JsonDict = {
    "id": 999000,
    "is_bot": True,
    "first_name": "Assistant",
    "username": "test_assistant_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}

MAX_TEXT_LENGTH = 4096
MAX_CALLBACK_DATA_BYTES = 64
DELETE_WINDOW_SECONDS = 48 * 3600
MAX_LONG_POLL_SECONDS = 5.0
MAX_UPDATES_PER_CALL = 100
POLL_INTERVAL_SECONDS = 0.02
WEBHOOK_MAX_CONNECTIONS = 40  # Telegram's default; it accepts 1-100
WEBHOOK_TIMEOUT_SECONDS = 10.0
WEBHOOK_RETRY_FIRST_SECONDS = 0.1
WEBHOOK_RETRY_MAX_SECONDS = 2.0
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_CONFIGURED: Any = object()  # post_webhook(secret=...) default: the secret setWebhook gave

_DEFAULT_DESCRIPTIONS: dict[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

# Parameters that are plain strings in the Bot API: never JSON-decode these, even when the
# value happens to look like JSON (a user may well type "[1, 2]").
_STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "query",
        "url",
        "description",
        "short_description",
        "name",
        "title",
        "callback_query_id",
        "inline_message_id",
        "secret_token",
        "action",
        "parse_mode",
        "language_code",
        "emoji",
        "business_connection_id",
        "message_effect_id",
        "ip_address",
    }
)

_HTML_TAG = re.compile(r"<[^>]*>")


class ApiError(Exception):
    """A Bot API error answer: HTTP status, description and optional ``parameters``."""

    def __init__(self, status: int, description: str, parameters: JsonDict | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> JsonDict:
        """The JSON body Telegram would send for this error."""
        payload: JsonDict = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            payload["parameters"] = self.parameters
        return payload


def _bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


@dataclass
class _Fault:
    status: int
    description: str
    parameters: JsonDict | None
    delay: float


@dataclass
class _Chat:
    chat: JsonDict
    next_message_id: int = 1
    messages: dict[int, JsonDict] = field(default_factory=dict)  # message_id -> record, in order


def _decode_value(key: str, value: Any) -> Any:
    """JSON-decode a form value that carries a JSON object/array/boolean (PTB's encoding)."""
    if not isinstance(value, str) or key in _STRING_FIELDS:
        return value
    stripped = value.strip()
    if stripped[:1] in ("{", "[") or stripped in ("true", "false", "null"):
        try:
            return json.loads(stripped)
        except ValueError:
            return value
    return value


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _command_entities(text: str) -> list[JsonDict]:
    """A ``bot_command`` entity for text starting with "/", as Telegram would attach."""
    if not text.startswith("/") or len(text) < 2 or text[1].isspace():
        return []
    command = re.split(r"\s", text, maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": _utf16_len(command)}]


def _visible_text(text: str, parse_mode: Any) -> str:
    """The text a user sees: HTML markup stripped for ``parse_mode=HTML``, else unchanged."""
    if isinstance(parse_mode, str) and parse_mode.upper() == "HTML":
        return html.unescape(_HTML_TAG.sub("", text))
    return text


def _has_inline_keyboard(record: JsonDict) -> bool:
    markup = record.get("reply_markup")
    return isinstance(markup, dict) and bool(markup.get("inline_keyboard"))


def _to_int(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise _bad_request(f"{what} is invalid")
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise _bad_request(f"{what} is invalid") from None


def _required_int(params: JsonDict, key: str, missing: str) -> int:
    value = params.get(key)
    if value is None or value == "":
        raise _bad_request(missing)
    return _to_int(value, key)


def _optional_int(params: JsonDict, key: str) -> int | None:
    value = params.get(key)
    if value is None or value == "":
        return None
    return _to_int(value, key)


class FakeBotApi:
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
        self._methods: dict[str, tuple[str, Callable[[JsonDict], Any]]] = {}
        for name, handler in (
            ("getMe", self._get_me),
            ("getUpdates", self._true),  # placeholder: served by the async _get_updates
            ("deleteWebhook", self._delete_webhook),
            ("setWebhook", self._set_webhook),
            ("getWebhookInfo", self._get_webhook_info),
            ("setMyCommands", self._set_my_commands),
            ("deleteMyCommands", self._delete_my_commands),
            ("getMyCommands", self._get_my_commands),
            ("close", self._true),
            ("logOut", self._true),
            ("sendMessage", self._send_message),
            ("sendChatAction", self._send_chat_action),
            ("answerCallbackQuery", self._answer_callback_query),
            ("editMessageText", self._edit_message_text),
            ("editMessageReplyMarkup", self._edit_message_reply_markup),
            ("deleteMessage", self._delete_message),
            ("deleteMessages", self._delete_messages),
        ):
            self._methods[name.lower()] = (name, handler)

    def _init_state(self) -> None:
        self._updates: list[JsonDict] = []
        self._calls: list[JsonDict] = []
        self._chats: dict[int, _Chat] = {}
        self._users: dict[int, JsonDict] = {}
        self._faults: dict[str, deque[_Fault]] = {}
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
            record["params"] = await self._read_params(request)
        except Exception as exc:  # noqa: BLE001 - malformed body is the client's problem
            record["status"] = 400
            with self._lock:
                self._calls.append(record)
            error = _bad_request(f"can't parse request: {exc}")
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
                        raise ApiError(409, _WEBHOOK_CONFLICT)
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

    @staticmethod
    async def _read_params(request: web.Request) -> JsonDict:
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
        return {name: _decode_value(name, value) for name, value in params.items()}

    # ------------------------------------------------------------------ state helpers (lock held)

    def _get_chat(self, chat_id: int, first_name: str = "User") -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            if chat_id < 0:
                info: JsonDict = {"id": chat_id, "type": "group", "title": "Test group"}
            else:
                info = {"id": chat_id, "type": "private", "first_name": first_name}
            chat = self._chats[chat_id] = _Chat(chat=info)
        return chat

    def _user(self, user_id: int, first_name: str | None = None) -> JsonDict:
        user = self._users.get(user_id)
        if user is None or (first_name is not None and user["first_name"] != first_name):
            user = {"id": user_id, "is_bot": False, "first_name": first_name or "User"}
            self._users[user_id] = user
        return dict(user)

    def _new_message(self, chat: _Chat, sender: JsonDict, content: JsonDict) -> JsonDict:
        message_id = chat.next_message_id
        chat.next_message_id += 1
        now = int(time.time())
        message: JsonDict = {
            "message_id": message_id,
            "date": now,
            "chat": dict(chat.chat),
            "from": dict(sender),
            **content,
        }
        chat.messages[message_id] = {
            "message_id": message_id,
            "chat_id": chat.chat["id"],
            "from_bot": bool(sender.get("is_bot")),
            "deleted": False,
            "text": content.get("text"),
            "reply_markup": None,
            "date": now,
            "edited": False,
            "message": message,
        }
        return message

    def _enqueue(self, update: JsonDict) -> JsonDict:
        with self._lock:
            update_id = update.get("update_id")
            if update_id is None:
                update = {"update_id": self._next_update_id, **update}
            self._next_update_id = max(self._next_update_id, update["update_id"] + 1)
            self._updates.append(update)
            result = copy.deepcopy(update)
        self._wake_pollers()
        return result

    def _wake_pollers(self) -> None:
        loop = self._loop
        for event in (self._update_event, self._webhook_event):
            if loop is not None and event is not None and not loop.is_closed():
                try:
                    loop.call_soon_threadsafe(event.set)
                except RuntimeError:  # loop closed between the check and the call
                    pass

    def _message_record(self, params: JsonDict, *, for_edit: bool) -> JsonDict:
        chat_id = _required_int(params, "chat_id", "chat_id is empty")
        message_id = _required_int(params, "message_id", "message identifier is not specified")
        chat = self._chats.get(chat_id)
        record = chat.messages.get(message_id) if chat else None
        if record is None or record["deleted"]:
            raise _bad_request(
                "message to edit not found" if for_edit else "message to delete not found"
            )
        return record

    @staticmethod
    def _check_text(text: Any, parse_mode: Any) -> tuple[str, str]:
        if text is None or not str(text).strip():
            raise _bad_request("message text is empty")
        raw = str(text)
        visible = _visible_text(raw, parse_mode)
        if not visible.strip():
            raise _bad_request("message text is empty")
        if len(visible) > MAX_TEXT_LENGTH:
            raise _bad_request("message is too long")
        return raw, visible

    @staticmethod
    def _check_markup(markup: Any) -> None:
        if markup is None:
            return
        if not isinstance(markup, dict):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            return
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad_request(
                "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
            )
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or "text" not in button:
                    raise _bad_request(
                        "can't parse inline keyboard button: "
                        "Text buttons are unallowed in the inline keyboard"
                    )
                data = button.get("callback_data")
                if (
                    data is not None
                    and not 1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
                ):
                    raise _bad_request("BUTTON_DATA_INVALID")

    @staticmethod
    def _deletable(record: JsonDict) -> bool:
        return time.time() - record["date"] <= DELETE_WINDOW_SECONDS

    # ------------------------------------------------------------------ Bot API methods (lock held)

    def _true(self, params: JsonDict) -> bool:
        return True

    def _get_me(self, params: JsonDict) -> JsonDict:
        return dict(BOT_USER)

    def _delete_webhook(self, params: JsonDict) -> bool:
        self._webhook_url = ""
        self._webhook_secret = None
        self._webhook_max_connections = WEBHOOK_MAX_CONNECTIONS
        self._webhook_allowed_updates = None
        self._webhook_generation += 1  # the running sender stops; in-flight posts finish
        self._retry_at.clear()
        self._attempts.clear()
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        self._wake_pollers()
        return True

    def _set_webhook(self, params: JsonDict) -> bool:
        url = str(params.get("url") or "").strip()
        if not url:  # Telegram: an empty url removes the webhook
            return self._delete_webhook(params)
        if not url.startswith(("http://", "https://")):
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and secret != "":
            if not _SECRET_TOKEN.match(str(secret)):
                raise _bad_request("secret token contains unallowed characters")
            secret = str(secret)
        else:
            secret = None
        max_connections = _optional_int(params, "max_connections")
        if max_connections is None:
            max_connections = WEBHOOK_MAX_CONNECTIONS
        allowed = params.get("allowed_updates")
        self._webhook_url = url
        self._webhook_secret = secret
        self._webhook_max_connections = max(1, min(max_connections, 100))
        self._webhook_allowed_updates = list(allowed) if isinstance(allowed, list) else None
        self._webhook_last_error = None
        self._retry_at.clear()
        self._attempts.clear()
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        self._start_sender()
        self._wake_pollers()
        return True

    def _start_sender(self) -> None:
        """Start a sender for the current webhook on the server loop (we run on it: an HTTP
        handler or the start-up); the previous sender stops at its next wake-up."""
        self._webhook_generation += 1
        task = asyncio.get_running_loop().create_task(
            self._webhook_sender(self._webhook_generation)
        )
        self._webhook_tasks.add(task)
        task.add_done_callback(self._webhook_tasks.discard)

    def _get_webhook_info(self, params: JsonDict) -> JsonDict:
        info: JsonDict = {
            "url": self._webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._webhook_url:
            info["max_connections"] = self._webhook_max_connections
            if self._webhook_allowed_updates is not None:
                info["allowed_updates"] = list(self._webhook_allowed_updates)
        if self._webhook_last_error is not None:
            info["last_error_date"], info["last_error_message"] = self._webhook_last_error
        return info

    @staticmethod
    def _commands_key(params: JsonDict) -> str:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)

    def _set_my_commands(self, params: JsonDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad_request("can't parse commands JSON object")
        self._commands[self._commands_key(params)] = copy.deepcopy(commands)
        return True

    def _delete_my_commands(self, params: JsonDict) -> bool:
        self._commands.pop(self._commands_key(params), None)
        return True

    def _get_my_commands(self, params: JsonDict) -> list[JsonDict]:
        return copy.deepcopy(self._commands.get(self._commands_key(params), []))

    def _send_message(self, params: JsonDict) -> JsonDict:
        chat_id = _required_int(params, "chat_id", "chat_id is empty")
        raw, visible = self._check_text(params.get("text"), params.get("parse_mode"))
        markup = params.get("reply_markup")
        self._check_markup(markup)
        chat = self._get_chat(chat_id)
        content: JsonDict = {"text": visible}
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            content["reply_markup"] = copy.deepcopy(markup)  # Message.reply_markup is inline only
        message = self._new_message(chat, BOT_USER, content)
        record = chat.messages[message["message_id"]]
        record.update(
            text=raw,
            plain_text=visible,
            parse_mode=params.get("parse_mode"),
            reply_markup=copy.deepcopy(markup),
            params=copy.deepcopy(params),
        )
        return copy.deepcopy(message)

    def _send_chat_action(self, params: JsonDict) -> bool:
        _required_int(params, "chat_id", "chat_id is empty")
        if not params.get("action"):
            raise _bad_request("wrong parameter action in request")
        return True

    def _answer_callback_query(self, params: JsonDict) -> bool:
        if not params.get("callback_query_id"):
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        return True

    def _edit(self, params: JsonDict, *, text: bool) -> JsonDict | bool:
        if params.get("inline_message_id") and params.get("chat_id") is None:
            if text:
                self._check_text(params.get("text"), params.get("parse_mode"))
            self._check_markup(params.get("reply_markup"))
            return True
        record = self._message_record(params, for_edit=True)
        if not record["from_bot"]:
            raise _bad_request("message can't be edited")
        markup = params.get("reply_markup")
        self._check_markup(markup)
        message = record["message"]
        if text:
            raw, visible = self._check_text(params.get("text"), params.get("parse_mode"))
            record.update(text=raw, plain_text=visible, parse_mode=params.get("parse_mode"))
            message["text"] = visible
        # As in Telegram, an edit without reply_markup removes the inline keyboard.
        record["reply_markup"] = copy.deepcopy(markup)
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = copy.deepcopy(markup)
        else:
            message.pop("reply_markup", None)
        record["edited"] = True
        message["edit_date"] = int(time.time())
        return copy.deepcopy(message)

    def _edit_message_text(self, params: JsonDict) -> JsonDict | bool:
        return self._edit(params, text=True)

    def _edit_message_reply_markup(self, params: JsonDict) -> JsonDict | bool:
        return self._edit(params, text=False)

    def _delete_message(self, params: JsonDict) -> bool:
        record = self._message_record(params, for_edit=False)
        if not self._deletable(record):
            raise _bad_request("message can't be deleted")
        record["deleted"] = True
        return True

    def _delete_messages(self, params: JsonDict) -> bool:
        chat_id = _required_int(params, "chat_id", "chat_id is empty")
        ids = params.get("message_ids")
        if not isinstance(ids, list) or not ids:
            raise _bad_request("message identifiers are not specified")
        chat = self._chats.get(chat_id)
        for raw_id in ids:
            record = chat.messages.get(_to_int(raw_id, "message_ids")) if chat else None
            if record is not None and not record["deleted"] and self._deletable(record):
                record["deleted"] = True
        return True

    async def _get_updates(self, params: JsonDict) -> list[JsonDict]:
        offset = _optional_int(params, "offset")
        limit = _optional_int(params, "limit") or MAX_UPDATES_PER_CALL
        limit = max(1, min(limit, MAX_UPDATES_PER_CALL))
        try:
            timeout = float(params.get("timeout") or 0)
        except (TypeError, ValueError):
            raise _bad_request("timeout is invalid") from None
        timeout = max(0.0, min(timeout, self.max_long_poll))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        event = self._update_event
        assert event is not None
        while True:
            event.clear()
            with self._lock:
                if self._webhook_url:  # setWebhook during the long poll
                    raise ApiError(409, _WEBHOOK_CONFLICT)
                if offset is not None and offset < 0:
                    del self._updates[: max(0, len(self._updates) + offset)]
                elif offset is not None:
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
                batch = copy.deepcopy(self._updates[:limit])
            if batch or self._closing:
                return batch
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    # ------------------------------------------------------------------ webhook delivery

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            # No pool limit of its own: max_connections bounds the queue's posts.
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        return self._session

    async def _webhook_sender(self, generation: int) -> None:
        """Post queued updates (queue order, at most max_connections in flight) until the
        webhook is deleted or replaced."""
        event = self._webhook_event
        assert event is not None
        loop = asyncio.get_running_loop()
        while not self._closing:
            event.clear()
            now = loop.time()
            wake_at: float | None = None
            batch: list[JsonDict] = []
            with self._lock:
                if generation != self._webhook_generation or not self._webhook_url:
                    return
                url, secret = self._webhook_url, self._webhook_secret
                free = self._webhook_max_connections - len(self._in_flight)
                for update in self._updates:
                    if len(batch) >= free:
                        break
                    update_id = update["update_id"]
                    if update_id in self._in_flight:
                        continue
                    due = self._retry_at.get(update_id)
                    if due is not None and due > now:
                        wake_at = due if wake_at is None else min(wake_at, due)
                        continue
                    self._in_flight.add(update_id)
                    batch.append(copy.deepcopy(update))
            for update in batch:
                task = loop.create_task(self._deliver(update, url, secret))
                self._webhook_tasks.add(task)
                task.add_done_callback(self._webhook_tasks.discard)
            timeout = None if wake_at is None else max(0.0, wake_at - loop.time())
            try:
                await asyncio.wait_for(event.wait(), timeout)
            except asyncio.TimeoutError:
                pass

    async def _deliver(self, update: JsonDict, url: str, secret: str | None) -> None:
        """Post one queued update; dequeue it on 2xx, else schedule another attempt."""
        update_id = update["update_id"]
        loop = asyncio.get_running_loop()
        with self._lock:
            self.webhook_posts += 1
            attempt = self._attempts.get(update_id, 0) + 1
        started = time.monotonic()
        try:
            status, error = await self._post(url, update, secret)
        except Exception as exc:  # noqa: BLE001 - a bug here must not stall the queue
            status, error = 0, f"{type(exc).__name__}: {exc}"
            with self._lock:
                self.errors.append(f"webhook delivery: {error}")
        finally:
            with self._lock:
                self._in_flight.discard(update_id)
        with self._lock:
            self._webhook_log.append({
                "update_id": update_id,
                "attempt": attempt,
                "status": status,
                "error": error,
                "time": started,
                "answered": time.monotonic(),
            })
            if 200 <= status < 300:
                self._updates = [u for u in self._updates if u["update_id"] != update_id]
                self._retry_at.pop(update_id, None)
                self._attempts.pop(update_id, None)
                self._delivered[update_id] = update
            else:
                self.webhook_failures += 1
                self._attempts[update_id] = attempt
                pause = min(self.webhook_retry_first * 2 ** (attempt - 1), self.webhook_retry_max)
                self._retry_at[update_id] = loop.time() + pause
                self._webhook_last_error = (int(time.time()), error)
        if self._webhook_event is not None:
            self._webhook_event.set()

    async def _post(self, url: str, update: JsonDict, secret: str | None) -> tuple[int, str]:
        """POST one update as Telegram does: (HTTP status or 0, Telegram-style error text)."""
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        body = json.dumps(update, ensure_ascii=False).encode("utf-8")
        timeout = aiohttp.ClientTimeout(total=self.webhook_timeout)
        try:
            async with self._client().post(
                url, data=body, headers=headers, timeout=timeout, allow_redirects=False
            ) as response:
                await response.read()
                if 200 <= response.status < 300:
                    return response.status, ""
                reason = response.reason or _DEFAULT_DESCRIPTIONS.get(response.status, "")
                return response.status, (
                    f"Wrong response from the webhook: {response.status} {reason}".strip()
                )
        except asyncio.TimeoutError:
            return 0, "Read timeout expired"
        except aiohttp.ClientConnectorError:
            return 0, "Connection refused"
        except aiohttp.ClientError as exc:
            return 0, f"Connection error: {type(exc).__name__}"

    def _run_in_loop(self, coroutine: Any) -> Any:
        """Run a coroutine on the server loop from a test thread and wait for its result."""
        loop = self._loop
        try:
            self._check_blocking_allowed()
            if loop is None or self._thread is None:
                raise RuntimeError("FakeBotApi is not running")
        except RuntimeError:
            coroutine.close()
            raise
        future = asyncio.run_coroutine_threadsafe(coroutine, loop)
        return future.result(self.webhook_timeout + 5.0)

    # ------------------------------------------------------------------ test side: webhook

    @property
    def webhook_url(self) -> str:
        """The url the bot gave ``setWebhook`` ("" while polling)."""
        with self._lock:
            return self._webhook_url

    def redeliver(self, update_id: int) -> int:
        """POST an update again to the webhook, as a Telegram retry would; the HTTP status
        (0: refused or timed out). The queue is not touched."""
        with self._lock:
            update = self._delivered.get(update_id) or next(
                (u for u in self._updates if u["update_id"] == update_id), None
            )
            url, secret = self._webhook_url, self._webhook_secret
        if update is None:
            raise KeyError(f"no update {update_id} was queued or delivered")
        if not url:
            raise RuntimeError("no webhook is set")
        status, _error = self._run_in_loop(self._post(url, copy.deepcopy(update), secret))
        return int(status)

    def post_webhook(
        self, update: JsonDict, secret: str | None = _CONFIGURED, url: str | None = None
    ) -> int:
        """POST a raw (possibly forged) update to the webhook with header ``secret`` (the
        configured one by default; None: no header); the HTTP status (0: refused or timed
        out). An ``update_id`` is assigned when missing. Not queued, not counted."""
        with self._lock:
            target = url or self._webhook_url
            if secret is _CONFIGURED:
                secret = self._webhook_secret
            update = copy.deepcopy(update)
            if "update_id" not in update:
                update = {"update_id": self._next_update_id, **update}
                self._next_update_id += 1
        if not target:
            raise RuntimeError("no webhook is set and no url given")
        status, _error = self._run_in_loop(self._post(target, update, secret))
        return int(status)

    def webhook_log(self) -> list[JsonDict]:
        """Every queue delivery: ``update_id``, ``attempt``, ``status`` (0: refused or timed
        out), ``error``, ``time`` (posted) and ``answered`` (monotonic), oldest first."""
        with self._lock:
            return copy.deepcopy(self._webhook_log)

    def add_listener(self, listener: Callable[[JsonDict], None]) -> Callable[[], None]:
        """Call ``listener(record)`` in the server thread after each answered Bot API call
        (``record`` as in ``calls()``, plus ``message_id`` for a sent message; do not modify
        it, return fast). Returns a function that removes the listener."""
        self._listeners.append(listener)

        def remove() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return remove

    # ------------------------------------------------------------------ test side: input

    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int | None = None,
        times: int = 1,
        *,
        description: str | None = None,
        delay: float = 0.0,
    ) -> None:
        """Make the next ``times`` calls of ``method`` answer ``status`` (after ``delay`` s)."""
        parameters: JsonDict | None = None
        if status == 429 and retry_after is None:
            retry_after = 1
        if retry_after is not None:
            parameters = {"retry_after": retry_after}
        if description is None:
            if status == 429:
                description = f"Too Many Requests: retry after {retry_after}"
            else:
                description = _DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
        fault = _Fault(status=status, description=description, parameters=parameters, delay=delay)
        with self._lock:
            queue = self._faults.setdefault(method.lower(), deque())
            queue.extend(copy.deepcopy(fault) for _ in range(times))

    def push_update(self, update: JsonDict) -> JsonDict:
        """Enqueue a raw update (``update_id`` assigned if missing); return it as queued."""
        update = copy.deepcopy(update)
        message = update.get("message")
        if isinstance(message, dict):
            with self._lock:
                self._adopt_message(message)
        return self._enqueue(update)

    def _adopt_message(self, message: JsonDict) -> None:
        """Store a hand-built incoming message so later ids in its chat do not collide."""
        chat_info = message.get("chat")
        message_id = message.get("message_id")
        if not isinstance(chat_info, dict) or not isinstance(message_id, int):
            return
        chat_id = chat_info.get("id")
        if not isinstance(chat_id, int):
            return
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = _Chat(chat=dict(chat_info))
        if message_id in chat.messages:
            return
        chat.next_message_id = max(chat.next_message_id, message_id + 1)
        sender = message.get("from") or {}
        chat.messages[message_id] = {
            "message_id": message_id,
            "chat_id": chat_id,
            "from_bot": bool(sender.get("is_bot")),
            "deleted": False,
            "text": message.get("text"),
            "reply_markup": None,
            "date": int(message.get("date") or time.time()),
            "edited": False,
            "message": copy.deepcopy(message),
        }
        chat.messages = dict(sorted(chat.messages.items()))

    def _push_user_message(
        self,
        user_id: int,
        content: JsonDict,
        *,
        first_name: str = "User",
        chat_id: int | None = None,
    ) -> JsonDict:
        with self._lock:
            user = self._user(user_id, first_name)
            chat = self._get_chat(user_id if chat_id is None else chat_id, first_name)
            message = self._new_message(chat, user, content)
            update = {"message": copy.deepcopy(message)}
        return self._enqueue(update)

    def push_text(
        self, user_id: int, text: str, *, first_name: str = "User", chat_id: int | None = None
    ) -> JsonDict:
        """Enqueue a text ``message`` update (``bot_command`` entity for "/..."); return it."""
        content: JsonDict = {"text": text}
        entities = _command_entities(text)
        if entities:
            content["entities"] = entities
        return self._push_user_message(user_id, content, first_name=first_name, chat_id=chat_id)

    def push_callback(
        self, user_id: int, message_id: int, data: str, *, chat_id: int | None = None
    ) -> JsonDict:
        """Enqueue a ``callback_query`` for a button press on bot message ``message_id``."""
        cid = user_id if chat_id is None else chat_id
        with self._lock:
            chat = self._chats.get(cid)
            record = chat.messages.get(message_id) if chat else None
            if record is None:
                raise KeyError(f"no message {message_id} in chat {cid}")
            callback_id = str(self._next_callback_id)
            self._next_callback_id += 1
            query = {
                "id": callback_id,
                "from": self._user(user_id),
                "chat_instance": f"ci-{cid}",
                "data": data,
                "message": copy.deepcopy(record["message"]),
            }
        return self._enqueue({"callback_query": query})

    def push_edited_text(
        self, user_id: int, message_id: int, text: str, *, chat_id: int | None = None
    ) -> JsonDict:
        """Enqueue an ``edited_message`` update changing the user's message text."""
        cid = user_id if chat_id is None else chat_id
        with self._lock:
            chat = self._chats.get(cid)
            record = chat.messages.get(message_id) if chat else None
            if record is None or record["from_bot"]:
                raise KeyError(f"no user message {message_id} in chat {cid}")
            message = record["message"]
            message["text"] = text
            message.pop("entities", None)
            entities = _command_entities(text)
            if entities:
                message["entities"] = entities
            message["edit_date"] = int(time.time())
            record.update(text=text, edited=True)
            update = {"edited_message": copy.deepcopy(message)}
        return self._enqueue(update)

    def _file_ids(self, kind: str) -> JsonDict:
        with self._lock:
            serial = self._next_file_id
            self._next_file_id += 1
        return {"file_id": f"{kind}-file-{serial}", "file_unique_id": f"{kind}-uniq-{serial}"}

    def push_sticker(
        self, user_id: int, *, emoji: str = "👍", chat_id: int | None = None
    ) -> JsonDict:
        """Enqueue a message carrying a regular static sticker."""
        sticker = {
            **self._file_ids("sticker"),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": 20480,
        }
        return self._push_user_message(user_id, {"sticker": sticker}, chat_id=chat_id)

    def push_voice(
        self, user_id: int, *, duration: int = 2, chat_id: int | None = None
    ) -> JsonDict:
        """Enqueue a message carrying a voice note."""
        voice = {
            **self._file_ids("voice"),
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": 8000,
        }
        return self._push_user_message(user_id, {"voice": voice}, chat_id=chat_id)

    def push_photo(
        self, user_id: int, *, caption: str | None = None, chat_id: int | None = None
    ) -> JsonDict:
        """Enqueue a message carrying a photo (two sizes) and an optional caption."""
        small, large = self._file_ids("photo"), self._file_ids("photo")
        content: JsonDict = {
            "photo": [
                {**small, "width": 90, "height": 60, "file_size": 1500},
                {**large, "width": 1280, "height": 853, "file_size": 120000},
            ]
        }
        if caption is not None:
            content["caption"] = caption
        return self._push_user_message(user_id, content, chat_id=chat_id)

    def push_location(
        self,
        user_id: int,
        *,
        latitude: float = 52.52,
        longitude: float = 13.405,
        chat_id: int | None = None,
    ) -> JsonDict:
        """Enqueue a message carrying a location."""
        location = {"latitude": latitude, "longitude": longitude}
        return self._push_user_message(user_id, {"location": location}, chat_id=chat_id)

    def push_document(
        self,
        user_id: int,
        *,
        file_name: str = "notes.txt",
        mime_type: str = "text/plain",
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> JsonDict:
        """Enqueue a message carrying a document."""
        document = {
            **self._file_ids("document"),
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": 1024,
        }
        content: JsonDict = {"document": document}
        if caption is not None:
            content["caption"] = caption
        return self._push_user_message(user_id, content, chat_id=chat_id)

    def set_message_age(self, chat_id: int, message_id: int, age_seconds: float) -> None:
        """Backdate a stored message by ``age_seconds`` (> 48 h makes it undeletable)."""
        with self._lock:
            chat = self._chats.get(chat_id)
            record = chat.messages.get(message_id) if chat else None
            if record is None:
                raise KeyError(f"no message {message_id} in chat {chat_id}")
            record["date"] = int(time.time() - age_seconds)
            record["message"]["date"] = record["date"]

    def reset(self) -> None:
        """Forget all calls, messages, updates, faults and settings, the webhook included
        (id counters keep going)."""
        with self._lock:
            self._init_state()
        self._wake_pollers()

    # ------------------------------------------------------------------ test side: inspection

    def calls(self, method: str | None = None, chat_id: int | None = None) -> list[JsonDict]:
        """Recorded calls (``method``, ``params``, ``time``, ``status``...), oldest first."""
        with self._lock:
            selected = []
            for call in self._calls:
                if method is not None and call["method"].lower() != method.lower():
                    continue
                if chat_id is not None:
                    try:
                        if _to_int(call["params"].get("chat_id"), "chat_id") != chat_id:
                            continue
                    except ApiError:
                        continue
                selected.append(call)
            return copy.deepcopy(selected)

    def unknown_calls(self) -> list[JsonDict]:
        """Calls to methods this fake does not implement (answered 404)."""
        with self._lock:
            return copy.deepcopy([call for call in self._calls if call.get("unknown")])

    def pending_updates(self) -> list[JsonDict]:
        """Updates not yet confirmed by a ``getUpdates`` offset or a 2xx webhook answer."""
        with self._lock:
            return copy.deepcopy(self._updates)

    def messages(self, chat_id: int) -> list[JsonDict]:
        """Every message in the chat (user and bot), by id, with ``from_bot``/``deleted`` flags."""
        with self._lock:
            chat = self._chats.get(chat_id)
            return copy.deepcopy(list(chat.messages.values())) if chat else []

    def sent_messages(self, chat_id: int) -> list[JsonDict]:
        """Messages the bot sent to the chat, in order, including deleted ones (flagged)."""
        return [record for record in self.messages(chat_id) if record["from_bot"]]

    def message(self, chat_id: int, message_id: int) -> JsonDict | None:
        """One stored message record, or None."""
        with self._lock:
            chat = self._chats.get(chat_id)
            record = chat.messages.get(message_id) if chat else None
            return copy.deepcopy(record) if record else None

    # ------------------------------------------------------------------ test side: waiting

    def wait_for(self, predicate: Callable[[FakeBotApi], Any], timeout: float = 30.0) -> Any:
        """Block until ``predicate(self)`` is truthy (polled every 20 ms); return its value."""
        self._check_blocking_allowed()
        deadline = time.monotonic() + timeout
        while True:
            value = predicate(self)
            if value:
                return value
            if time.monotonic() >= deadline:
                raise TimeoutError(f"condition not met within {timeout:g} s\n{self.summary()}")
            time.sleep(POLL_INTERVAL_SECONDS)

    def _sent_records(self, chat_id: int) -> list[JsonDict]:
        """The chat's bot-message records, uncopied (lock must be held)."""
        chat = self._chats.get(chat_id)
        return [record for record in chat.messages.values() if record["from_bot"]] if chat else []

    def sent_count(self, chat_id: int) -> int:
        """How many messages the bot has sent to the chat (deleted ones included)."""
        with self._lock:
            return len(self._sent_records(chat_id))

    def wait_for_messages(self, chat_id: int, count: int, timeout: float = 30.0) -> list[JsonDict]:
        """Wait until the bot has sent at least ``count`` messages (in total) to the chat."""
        self.wait_for(lambda api: api.sent_count(chat_id) >= count, timeout)
        return self.sent_messages(chat_id)

    def wait_for_reply(
        self, chat_id: int, after_count: int, timeout: float = 30.0, settle: float = 0.0
    ) -> JsonDict:
        """Wait for bot message number ``after_count`` (0-based); ``settle`` s later, return it."""
        self.wait_for(lambda api: api.sent_count(chat_id) > after_count, timeout)
        if settle > 0:
            time.sleep(settle)
        return self.sent_messages(chat_id)[after_count]

    def wait_for_keyboard(
        self, chat_id: int, after_count: int, timeout: float = 30.0
    ) -> list[JsonDict]:
        """Wait for a new bot message with an inline keyboard; return ``sent[after_count:it+1]``."""

        def found(api: FakeBotApi) -> list[JsonDict] | None:
            with api._lock:
                sent = api._sent_records(chat_id)
                for index in range(after_count, len(sent)):
                    if _has_inline_keyboard(sent[index]):
                        return copy.deepcopy(sent[after_count : index + 1])
            return None

        return self.wait_for(found, timeout)

    def summary(self, last: int = 15) -> str:
        """A short human-readable digest of recent calls, for failure messages."""
        with self._lock:
            calls = list(self._calls)
            pending = len(self._updates)
            errors = list(self.errors)
        polls = sum(1 for call in calls if call["method"] == "getUpdates")
        others = [call for call in calls if call["method"] != "getUpdates"]
        lines = [
            f"{len(calls)} calls recorded ({polls} getUpdates), {pending} updates pending",
        ]
        with self._lock:
            if self._webhook_url:
                lines.append(
                    f"  webhook {self._webhook_url}: {self.webhook_posts} posts, "
                    f"{self.webhook_failures} failed, {len(self._in_flight)} in flight"
                    + (f", last error: {self._webhook_last_error[1]}"
                       if self._webhook_last_error else "")
                )
        for call in others[-last:]:
            params = json.dumps(call["params"], ensure_ascii=False, default=str)
            if len(params) > 160:
                params = params[:157] + "..."
            lines.append(f"  {call['method']} -> {call.get('status')} {params}")
        lines.extend(f"  fake error: {error}" for error in errors[-5:])
        return "\n".join(lines)

    def _check_blocking_allowed(self) -> None:
        if self._thread is not None and threading.current_thread() is self._thread:
            raise RuntimeError("wait_for* must not be called from the fake server's own thread")
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return
        raise RuntimeError(
            "wait_for* blocks; from async code use `await asyncio.to_thread(api.wait_for..., ...)`"
        )


__all__ = ["BOT_USER", "ApiError", "FakeBotApi"]
