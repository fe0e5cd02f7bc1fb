"""What the fake Bot API knows of Telegram's: limits, error answers, the records it keeps
of chats and injected faults, and the checks a request's parameters go through."""

from __future__ import annotations

import html
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

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
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)

DEFAULT_DESCRIPTIONS: dict[int, str] = {
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


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


@dataclass
class Fault:
    status: int
    description: str
    parameters: JsonDict | None
    delay: float


@dataclass
class Chat:
    chat: JsonDict
    next_message_id: int = 1
    messages: dict[int, JsonDict] = field(default_factory=dict)  # message_id -> record, in order


def decode_value(key: str, value: Any) -> Any:
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


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def command_entities(text: str) -> list[JsonDict]:
    """A ``bot_command`` entity for text starting with "/", as Telegram would attach."""
    if not text.startswith("/") or len(text) < 2 or text[1].isspace():
        return []
    command = re.split(r"\s", text, maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]


def visible_text(text: str, parse_mode: Any) -> str:
    """The text a user sees: HTML markup stripped for ``parse_mode=HTML``, else unchanged."""
    if isinstance(parse_mode, str) and parse_mode.upper() == "HTML":
        return html.unescape(_HTML_TAG.sub("", text))
    return text


def has_inline_keyboard(record: JsonDict) -> bool:
    markup = record.get("reply_markup")
    return isinstance(markup, dict) and bool(markup.get("inline_keyboard"))


def to_int(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise bad_request(f"{what} is invalid")
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise bad_request(f"{what} is invalid") from None


def required_int(params: JsonDict, key: str, missing: str) -> int:
    value = params.get(key)
    if value is None or value == "":
        raise bad_request(missing)
    return to_int(value, key)


def optional_int(params: JsonDict, key: str) -> int | None:
    value = params.get(key)
    if value is None or value == "":
        return None
    return to_int(value, key)


def check_text(text: Any, parse_mode: Any) -> tuple[str, str]:
    """The text as sent and as a user sees it; a Bot API error when empty or too long."""
    if text is None or not str(text).strip():
        raise bad_request("message text is empty")
    raw = str(text)
    visible = visible_text(raw, parse_mode)
    if not visible.strip():
        raise bad_request("message text is empty")
    if len(visible) > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")
    return raw, visible


def check_markup(markup: Any) -> None:
    """Raise the Bot API's error for a ``reply_markup`` Telegram would refuse."""
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or "text" not in button:
                raise bad_request(
                    "can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )
            data = button.get("callback_data")
            if (
                data is not None
                and not 1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
            ):
                raise bad_request("BUTTON_DATA_INVALID")


def deletable(record: JsonDict) -> bool:
    """Telegram lets a bot delete a message for 48 hours only."""
    return time.time() - record["date"] <= DELETE_WINDOW_SECONDS
