"""The Bot API methods the fake answers, one handler each (called with the lock held)."""

from __future__ import annotations

import asyncio
import copy
import json
import re
import time
from collections.abc import Callable
from typing import Any

from testsupport.fake_bot_api.protocol import (
    BOT_USER,
    MAX_UPDATES_PER_CALL,
    WEBHOOK_CONFLICT,
    WEBHOOK_MAX_CONNECTIONS,
    ApiError,
    JsonDict,
    bad_request,
    check_markup,
    check_text,
    deletable,
    optional_int,
    required_int,
    to_int,
)

_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def commands_key(params: JsonDict) -> str:
    """``setMyCommands`` keeps one list per scope and language."""
    scope = params.get("scope") or {"type": "default"}
    return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)


class BotApiMethods:
    """Part of `FakeBotApi` (server.py): what each Bot API method does to the stored state."""

    def _method_table(self) -> dict[str, tuple[str, Callable[[JsonDict], Any]]]:
        """Lower-cased method name -> (its proper spelling, its handler)."""
        table: dict[str, tuple[str, Callable[[JsonDict], Any]]] = {}
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
            table[name.lower()] = (name, handler)
        return table

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
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and secret != "":
            if not _SECRET_TOKEN.match(str(secret)):
                raise bad_request("secret token contains unallowed characters")
            secret = str(secret)
        else:
            secret = None
        max_connections = optional_int(params, "max_connections")
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

    def _set_my_commands(self, params: JsonDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        self._commands[commands_key(params)] = copy.deepcopy(commands)
        return True

    def _delete_my_commands(self, params: JsonDict) -> bool:
        self._commands.pop(commands_key(params), None)
        return True

    def _get_my_commands(self, params: JsonDict) -> list[JsonDict]:
        return copy.deepcopy(self._commands.get(commands_key(params), []))

    def _send_message(self, params: JsonDict) -> JsonDict:
        chat_id = required_int(params, "chat_id", "chat_id is empty")
        raw, visible = check_text(params.get("text"), params.get("parse_mode"))
        markup = params.get("reply_markup")
        check_markup(markup)
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
        required_int(params, "chat_id", "chat_id is empty")
        if not params.get("action"):
            raise bad_request("wrong parameter action in request")
        return True

    def _answer_callback_query(self, params: JsonDict) -> bool:
        if not params.get("callback_query_id"):
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        return True

    def _edit(self, params: JsonDict, *, text: bool) -> JsonDict | bool:
        if params.get("inline_message_id") and params.get("chat_id") is None:
            if text:
                check_text(params.get("text"), params.get("parse_mode"))
            check_markup(params.get("reply_markup"))
            return True
        record = self._message_record(params, for_edit=True)
        if not record["from_bot"]:
            raise bad_request("message can't be edited")
        markup = params.get("reply_markup")
        check_markup(markup)
        message = record["message"]
        if text:
            raw, visible = check_text(params.get("text"), params.get("parse_mode"))
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
        if not deletable(record):
            raise bad_request("message can't be deleted")
        record["deleted"] = True
        return True

    def _delete_messages(self, params: JsonDict) -> bool:
        chat_id = required_int(params, "chat_id", "chat_id is empty")
        ids = params.get("message_ids")
        if not isinstance(ids, list) or not ids:
            raise bad_request("message identifiers are not specified")
        chat = self._chats.get(chat_id)
        for raw_id in ids:
            record = chat.messages.get(to_int(raw_id, "message_ids")) if chat else None
            if record is not None and not record["deleted"] and deletable(record):
                record["deleted"] = True
        return True

    async def _get_updates(self, params: JsonDict) -> list[JsonDict]:
        offset = optional_int(params, "offset")
        limit = optional_int(params, "limit") or MAX_UPDATES_PER_CALL
        limit = max(1, min(limit, MAX_UPDATES_PER_CALL))
        try:
            timeout = float(params.get("timeout") or 0)
        except (TypeError, ValueError):
            raise bad_request("timeout is invalid") from None
        timeout = max(0.0, min(timeout, self.max_long_poll))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        event = self._update_event
        assert event is not None
        while True:
            event.clear()
            with self._lock:
                if self._webhook_url:  # setWebhook during the long poll
                    raise ApiError(409, WEBHOOK_CONFLICT)
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
