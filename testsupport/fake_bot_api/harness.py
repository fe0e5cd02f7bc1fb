"""The test side of the fake Bot API: updates in, faults to inject, what the bot did out,
and waiting for it; thread-safe, for synchronous test code."""

from __future__ import annotations

import asyncio
import copy
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from testsupport.fake_bot_api.protocol import (
    DEFAULT_DESCRIPTIONS,
    POLL_INTERVAL_SECONDS,
    ApiError,
    Fault,
    JsonDict,
    command_entities,
    has_inline_keyboard,
    to_int,
)


class Harness:
    """Part of `FakeBotApi` (server.py): what a test calls."""

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
                description = DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
        fault = Fault(status=status, description=description, parameters=parameters, delay=delay)
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
        entities = command_entities(text)
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
            entities = command_entities(text)
            if entities:
                message["entities"] = entities
            message["edit_date"] = int(time.time())
            record.update(text=text, edited=True)
            update = {"edited_message": copy.deepcopy(message)}
        return self._enqueue(update)

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
                        if to_int(call["params"].get("chat_id"), "chat_id") != chat_id:
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

    def wait_for(self, predicate: Callable[[Harness], Any], timeout: float = 30.0) -> Any:
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

        def found(api: Harness) -> list[JsonDict] | None:
            with api._lock:
                sent = api._sent_records(chat_id)
                for index in range(after_count, len(sent)):
                    if has_inline_keyboard(sent[index]):
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
