"""The fake Telegram Bot API, exercised through a real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, MessageEntity, Update
from telegram.error import BadRequest, EndPointNotFound, InvalidToken, NetworkError, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)
from telegram.request import HTTPXRequest

from testsupport.fake_bot_api import BOT_USER, FakeBotApi

TOKEN = "123:ABC"
USER = 4242

pytestmark = pytest.mark.timeout(10)


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    """A running fake server, stopped after the test."""
    with FakeBotApi(token=TOKEN, host="127.0.0.1", port=0) as server:
        yield server


def build_app(api: FakeBotApi, token: str = TOKEN) -> Application:
    """A PTB application pointed at the fake server."""
    return ApplicationBuilder().token(token).base_url(api.base_url).build()


def keyboard(*data: str) -> InlineKeyboardMarkup:
    """A one-row inline keyboard with one button per callback_data."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d) for d in data]])


def raw_call(
    api: FakeBotApi,
    method: str,
    *,
    query: dict[str, Any] | None = None,
    json_body: dict[str, Any] | None = None,
) -> tuple[int, dict[str, Any]]:
    """Call the fake with plain urllib (GET with a query string, or POST with JSON)."""
    url = f"{api.base_url}{TOKEN}/{method}"
    if query:
        url += "?" + urllib.parse.urlencode(query)
    data = json.dumps(json_body).encode() if json_body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


@pytest.mark.asyncio
async def test_get_me_through_application(api: FakeBotApi) -> None:
    """Application.initialize() calls getMe and PTB parses the bot user."""
    async with build_app(api) as app:
        assert app.bot.id == BOT_USER["id"]
        assert app.bot.username == "test_assistant_bot"
        assert app.bot.first_name == "Assistant"
    assert api.calls("getMe")


@pytest.mark.asyncio
async def test_wrong_token_is_unauthorized(api: FakeBotApi) -> None:
    """A token other than the configured one gets 401, which PTB reports as InvalidToken."""
    request = HTTPXRequest()
    bot = Bot("999:WRONG", base_url=api.base_url, request=request, get_updates_request=request)
    try:
        with pytest.raises(InvalidToken):
            await bot.initialize()
    finally:
        await request.shutdown()  # PTB does not close its client when initialize() fails
    assert [(c["method"], c["status"]) for c in api.calls()] == [("getMe", 401)]


@pytest.mark.asyncio
async def test_send_message_ids_increase_and_share_the_chat_counter(api: FakeBotApi) -> None:
    """Bot and user messages draw ids from one per-chat counter; PTB parses the Message."""
    api.push_text(USER, "hello")  # user message takes id 1
    async with build_app(api) as app:
        first = await app.bot.send_message(USER, "one", reply_markup=keyboard("a", "b"))
        second = await app.bot.send_message(USER, "two")
        other_chat = await app.bot.send_message(USER + 1, "elsewhere")
    assert (first.message_id, second.message_id) == (2, 3)
    assert other_chat.message_id == 1
    assert first.text == "one" and first.chat.id == USER and first.from_user.is_bot
    assert first.reply_markup == keyboard("a", "b")
    sent = api.sent_messages(USER)
    assert [(m["message_id"], m["text"], m["deleted"]) for m in sent] == [
        (2, "one", False),
        (3, "two", False),
    ]
    assert sent[0]["reply_markup"]["inline_keyboard"][0][1]["callback_data"] == "b"
    assert [m["from_bot"] for m in api.messages(USER)] == [False, True, True]


@pytest.mark.asyncio
async def test_send_message_enforces_telegram_limits(api: FakeBotApi) -> None:
    """Too long or empty text and oversized callback_data are 400s (PTB BadRequest)."""
    async with build_app(api) as app:
        ok = await app.bot.send_message(USER, "x" * 4096)
        with pytest.raises(BadRequest, match="(?i)message is too long"):
            await app.bot.send_message(USER, "x" * 4097)
        with pytest.raises(BadRequest, match="(?i)message text is empty"):
            await app.bot.send_message(USER, "   ")
        with pytest.raises(BadRequest, match="(?i)BUTTON_DATA_INVALID"):
            await app.bot.send_message(USER, "menu", reply_markup=keyboard("d" * 65))
        html_ok = await app.bot.send_message(USER, "<b>" + "y" * 4096 + "</b>", parse_mode="HTML")
    assert ok.message_id == 1 and html_ok.message_id == 2
    assert [m["message_id"] for m in api.sent_messages(USER)] == [1, 2]


@pytest.mark.asyncio
async def test_delete_message_works_once_then_fails(api: FakeBotApi) -> None:
    """deleteMessage deletes bot and user messages once; too-old messages refuse."""
    incoming = api.push_text(USER, "delete me")["message"]["message_id"]
    async with build_app(api) as app:
        sent = await app.bot.send_message(USER, "bye")
        old = await app.bot.send_message(USER, "ancient")
        api.set_message_age(USER, old.message_id, 49 * 3600)

        assert await app.bot.delete_message(USER, sent.message_id) is True
        with pytest.raises(BadRequest, match="(?i)message to delete not found"):
            await app.bot.delete_message(USER, sent.message_id)
        assert await app.bot.delete_message(USER, incoming) is True
        with pytest.raises(BadRequest, match="(?i)message can't be deleted"):
            await app.bot.delete_message(USER, old.message_id)
        with pytest.raises(BadRequest, match="(?i)message to delete not found"):
            await app.bot.delete_message(USER, 999)
    flags = {m["message_id"]: m["deleted"] for m in api.messages(USER)}
    assert flags == {incoming: True, sent.message_id: True, old.message_id: False}


@pytest.mark.asyncio
async def test_delete_messages_skips_missing_and_old(api: FakeBotApi) -> None:
    """deleteMessages deletes what it can and silently skips the rest."""
    async with build_app(api) as app:
        ids = [(await app.bot.send_message(USER, f"m{i}")).message_id for i in range(4)]
        api.set_message_age(USER, ids[3], 72 * 3600)
        assert await app.bot.delete_messages(USER, [ids[0], ids[1], 500, ids[3]]) is True
        assert await app.bot.delete_messages(USER, [ids[0]]) is True  # already gone: skipped
    assert [m["deleted"] for m in api.sent_messages(USER)] == [True, True, False, False]
    assert api.calls("deleteMessages")[0]["params"]["message_ids"] == [ids[0], ids[1], 500, ids[3]]


@pytest.mark.asyncio
async def test_edit_message_reply_markup_and_text(api: FakeBotApi) -> None:
    """Edits update the stored message; editing text without markup drops the keyboard."""
    async with build_app(api) as app:
        sent = await app.bot.send_message(USER, "pick", reply_markup=keyboard("a"))
        edited = await app.bot.edit_message_reply_markup(
            chat_id=USER, message_id=sent.message_id, reply_markup=keyboard("b", "c")
        )
        assert edited.reply_markup == keyboard("b", "c")
        assert api.sent_messages(USER)[0]["reply_markup"] == keyboard("b", "c").to_dict()

        retexted = await app.bot.edit_message_text(
            "picked", chat_id=USER, message_id=sent.message_id
        )
        assert retexted.text == "picked" and retexted.reply_markup is None
        record = api.sent_messages(USER)[0]
        assert record["text"] == "picked" and record["reply_markup"] is None and record["edited"]

        await app.bot.delete_message(USER, sent.message_id)
        with pytest.raises(BadRequest, match="(?i)message to edit not found"):
            await app.bot.edit_message_text("again", chat_id=USER, message_id=sent.message_id)
        with pytest.raises(BadRequest, match="(?i)message to edit not found"):
            await app.bot.edit_message_reply_markup(chat_id=USER, message_id=77)


@pytest.mark.asyncio
async def test_get_updates_round_trip_with_command_entity(api: FakeBotApi) -> None:
    """A pushed "/start" arrives as an Update with a bot_command entity; offsets confirm."""
    pushed = api.push_text(USER, "/start hello", first_name="Ann")
    async with build_app(api) as app:
        updates = await app.bot.get_updates(offset=0, timeout=1)
        assert [u.update_id for u in updates] == [pushed["update_id"]]
        message = updates[0].message
        assert message is not None and message.text == "/start hello"
        assert message.from_user.first_name == "Ann" and message.chat.id == USER
        assert message.entities == (MessageEntity(MessageEntity.BOT_COMMAND, 0, 6),)
        assert message.parse_entities([MessageEntity.BOT_COMMAND]).popitem()[1] == "/start"

        again = await app.bot.get_updates(offset=0, timeout=0)  # not confirmed yet
        assert [u.update_id for u in again] == [pushed["update_id"]]
        confirmed = await app.bot.get_updates(offset=pushed["update_id"] + 1, timeout=0)
        assert confirmed == ()
    assert api.pending_updates() == []


@pytest.mark.asyncio
async def test_long_poll_times_out_empty_and_wakes_on_push(api: FakeBotApi) -> None:
    """An idle long poll returns [] after its timeout; a push from another thread wakes it."""
    async with build_app(api) as app:
        started = time.monotonic()
        assert await app.bot.get_updates(timeout=1) == ()
        assert 0.9 <= time.monotonic() - started < 2.0

        timer = threading.Timer(0.2, api.push_text, args=(USER, "ping"))
        timer.start()
        started = time.monotonic()
        updates = await app.bot.get_updates(timeout=3)
        timer.join()
    assert time.monotonic() - started < 1.5
    assert updates[0].message.text == "ping"


@pytest.mark.asyncio
async def test_fail_next_injects_retry_after_and_gateway_errors(api: FakeBotApi) -> None:
    """fail_next answers 429 (PTB RetryAfter) or 502 (NetworkError) the given number of times."""
    api.fail_next("sendMessage", status=429, retry_after=1)
    api.fail_next("sendChatAction", status=502, times=2)
    async with build_app(api) as app:
        with warnings.catch_warnings():  # PTB 22 warns about retry_after becoming a timedelta
            warnings.simplefilter("ignore")
            with pytest.raises(RetryAfter) as caught:
                await app.bot.send_message(USER, "first")
            assert caught.value.retry_after in (1, dtm.timedelta(seconds=1))
        assert (await app.bot.send_message(USER, "second")).message_id == 1
        for _ in range(2):
            with pytest.raises(NetworkError, match="(?i)Bad Gateway"):
                await app.bot.send_chat_action(USER, "typing")
        assert await app.bot.send_chat_action(USER, "typing") is True
    assert [c["status"] for c in api.calls("sendMessage")] == [429, 200]
    assert [c["status"] for c in api.calls("sendChatAction", chat_id=USER)] == [502, 502, 200]


@pytest.mark.asyncio
async def test_unknown_method_is_404_and_recorded(api: FakeBotApi) -> None:
    """Unimplemented methods answer 404 (PTB raises EndPointNotFound) and are recorded."""
    async with build_app(api) as app:
        with pytest.raises(EndPointNotFound, match="sendTeleport"):
            await app.bot.do_api_request("sendTeleport", api_kwargs={"chat_id": USER})
    unknown = api.unknown_calls()
    assert [c["method"] for c in unknown] == ["sendTeleport"]
    assert unknown[0]["params"] == {"chat_id": str(USER)}


@pytest.mark.asyncio
async def test_housekeeping_methods(api: FakeBotApi) -> None:
    """Webhook, command and callback-answer methods accept PTB's calls."""
    async with build_app(api) as app:
        assert await app.bot.delete_webhook(drop_pending_updates=True) is True
        info = await app.bot.get_webhook_info()
        assert info.url == "" and info.pending_update_count == 0
        assert await app.bot.set_my_commands([("start", "Start"), ("help", "Help")]) is True
        assert [c.command for c in await app.bot.get_my_commands()] == ["start", "help"]
        assert await app.bot.delete_my_commands() is True
        assert await app.bot.get_my_commands() == ()
        assert await app.bot.answer_callback_query("42", text="done") is True
    assert api.calls("answerCallbackQuery")[0]["params"]["text"] == "done"


@pytest.mark.asyncio
async def test_application_polling_end_to_end(api: FakeBotApi) -> None:
    """A polling Application answers a command with a keyboard and handles the button press."""

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_chat.send_action("typing")
        await update.effective_message.reply_text("Hi!")
        await update.effective_message.reply_text("Choose:", reply_markup=keyboard("yes", "no"))

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await query.answer(f"got {query.data}")
        await query.edit_message_reply_markup(None)
        await query.message.reply_text(f"You chose {query.data}")

    app = build_app(api)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    async with app:
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        await app.start()
        try:
            api.push_text(USER, "/start")
            turn = await asyncio.to_thread(api.wait_for_keyboard, USER, 0, 5.0)
            assert [m["text"] for m in turn] == ["Hi!", "Choose:"]

            api.push_callback(USER, turn[-1]["message_id"], "no")
            reply = await asyncio.to_thread(api.wait_for_reply, USER, 2, 5.0)
            assert reply["text"] == "You chose no"
            await asyncio.to_thread(api.wait_for, lambda a: a.calls("editMessageReplyMarkup"), 5.0)
        finally:
            await app.updater.stop()
            await app.stop()
    assert api.calls("answerCallbackQuery")[0]["params"]["text"] == "got no"
    assert api.sent_messages(USER)[1]["reply_markup"] is None
    assert [c["params"]["action"] for c in api.calls("sendChatAction", chat_id=USER)] == ["typing"]


def test_push_helpers_build_valid_updates(api: FakeBotApi) -> None:
    """Attachment helpers, edited messages and raw updates all parse with PTB."""
    first = api.push_text(USER, "typo")
    pushed = [
        api.push_sticker(USER),
        api.push_voice(USER),
        api.push_photo(USER, caption="look"),
        api.push_location(USER),
        api.push_document(USER),
        api.push_edited_text(USER, first["message"]["message_id"], "fixed"),
        api.push_update(
            {
                "message": {
                    "message_id": 50,
                    "date": 0,
                    "chat": {"id": 7, "type": "private"},
                    "text": "raw",
                }
            }
        ),
    ]
    parsed = [Update.de_json(u, None) for u in pushed]
    assert parsed[0].message.sticker.emoji == "👍"
    assert (
        parsed[1].message.voice.file_id.startswith("voice-") and parsed[1].message.voice.mime_type
    )
    assert parsed[2].message.photo[-1].width == 1280 and parsed[2].message.caption == "look"
    assert parsed[3].message.location.latitude == pytest.approx(52.52)
    assert parsed[4].message.document.file_name == "notes.txt"
    assert parsed[5].edited_message.text == "fixed"
    assert parsed[6].message.text == "raw"
    ids = [u.update_id for u in parsed]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert [m["message_id"] for m in api.messages(USER)] == [1, 2, 3, 4, 5, 6]
    assert api.messages(USER)[0]["text"] == "fixed"
    assert api.push_text(7, "after raw")["message"]["message_id"] == 51
    with pytest.raises(KeyError):
        api.push_callback(USER, 404, "nope")


def test_raw_http_query_string_and_json_body(api: FakeBotApi) -> None:
    """Parameters are read from query strings and JSON bodies too."""
    status, body = raw_call(api, "getMe")
    assert status == 200 and body["result"]["username"] == "test_assistant_bot"
    status, body = raw_call(api, "sendMessage", query={"chat_id": USER, "text": "[1, 2]"})
    assert status == 200 and body["result"]["text"] == "[1, 2]"
    markup = {"inline_keyboard": [[{"text": "ok", "callback_data": "ok"}]]}
    status, body = raw_call(
        api, "sendMessage", json_body={"chat_id": USER, "text": "hi", "reply_markup": markup}
    )
    assert status == 200 and body["result"]["reply_markup"] == markup
    status, body = raw_call(api, "deleteMessage", json_body={"chat_id": USER, "message_id": 99})
    assert (status, body) == (
        400,
        {"ok": False, "error_code": 400, "description": "Bad Request: message to delete not found"},
    )


def test_wait_for_times_out_with_a_summary_and_reset_clears(api: FakeBotApi) -> None:
    """wait_for raises TimeoutError describing recent calls; reset() forgets everything."""
    raw_call(api, "sendMessage", query={"chat_id": USER, "text": "only one"})
    with pytest.raises(TimeoutError, match="(?i)sendMessage -> 200"):
        api.wait_for_messages(USER, 2, timeout=0.1)
    assert len(api.wait_for_messages(USER, 1, timeout=1.0)) == 1
    update_id = api.push_text(USER, "x")["update_id"]
    api.reset()
    assert api.calls() == [] and api.messages(USER) == [] and api.pending_updates() == []
    assert api.push_text(USER, "y")["update_id"] > update_id


def test_stop_returns_promptly_during_a_long_poll() -> None:
    """stop() ends a pending long poll instead of waiting for its timeout."""
    server = FakeBotApi(token=TOKEN).start()
    assert server.port != 0 and server.base_url == f"http://127.0.0.1:{server.port}/bot"
    poller = threading.Thread(target=lambda: raw_call(server, "getUpdates", query={"timeout": 5}))
    poller.start()
    server.wait_for(lambda a: a.calls("getUpdates"), timeout=2.0)
    started = time.monotonic()
    server.stop()
    poller.join(3.0)
    assert time.monotonic() - started < 2.0 and not poller.is_alive()
    server.stop()  # idempotent
