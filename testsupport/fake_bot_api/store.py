"""Chats, users, messages and the update queue of the fake Bot API (call with the lock held)."""

from __future__ import annotations

import copy
import time

from testsupport.fake_bot_api.protocol import Chat, JsonDict, bad_request, required_int


class ChatStore:
    """Part of `FakeBotApi` (server.py, whose `_init_state` sets the state used here): the
    stored chats and the queue of updates, kept as Telegram would number them."""

    def _get_chat(self, chat_id: int, first_name: str = "User") -> Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            if chat_id < 0:
                info: JsonDict = {"id": chat_id, "type": "group", "title": "Test group"}
            else:
                info = {"id": chat_id, "type": "private", "first_name": first_name}
            chat = self._chats[chat_id] = Chat(chat=info)
        return chat

    def _user(self, user_id: int, first_name: str | None = None) -> JsonDict:
        user = self._users.get(user_id)
        if user is None or (first_name is not None and user["first_name"] != first_name):
            user = {"id": user_id, "is_bot": False, "first_name": first_name or "User"}
            self._users[user_id] = user
        return dict(user)

    def _new_message(self, chat: Chat, sender: JsonDict, content: JsonDict) -> JsonDict:
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
            chat = self._chats[chat_id] = Chat(chat=dict(chat_info))
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

    def _sent_records(self, chat_id: int) -> list[JsonDict]:
        """The chat's bot-message records, uncopied (lock must be held)."""
        chat = self._chats.get(chat_id)
        return [record for record in chat.messages.values() if record["from_bot"]] if chat else []

    def _file_ids(self, kind: str) -> JsonDict:
        with self._lock:
            serial = self._next_file_id
            self._next_file_id += 1
        return {"file_id": f"{kind}-file-{serial}", "file_unique_id": f"{kind}-uniq-{serial}"}

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
        chat_id = required_int(params, "chat_id", "chat_id is empty")
        message_id = required_int(params, "message_id", "message identifier is not specified")
        chat = self._chats.get(chat_id)
        record = chat.messages.get(message_id) if chat else None
        if record is None or record["deleted"]:
            raise bad_request(
                "message to edit not found" if for_edit else "message to delete not found"
            )
        return record
