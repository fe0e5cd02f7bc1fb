"""Whole conversations through every hop: fake Telegram -> bridge -> Rasa -> actions -> DB.

Each assertion is on what the fake Bot API server received, i.e. what a person would see.
"""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.identity import Pseudonymizer
from testsupport.fake_bot_api import FakeBotApi
from testsupport.stack import TEST_PSEUDONYM_KEY, Stack

pytestmark = pytest.mark.e2e
WAIT = 90.0


def texts(messages: list[dict]) -> str:
    """All message texts of a turn, joined."""
    return "\n".join(m.get("text") or "" for m in messages)


def keyboard(message: dict) -> list[tuple[str, str]]:
    """(title, callback data) of every inline button of a message."""
    markup = message.get("reply_markup") or {}
    return [(b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", [])
            for b in row]


def say(api: FakeBotApi, user: int, text: str) -> list[dict]:
    """Send a text and return the bot's messages up to the next one with buttons."""
    before = api.sent_count(user)
    api.push_text(user, text)
    return api.wait_for_keyboard(user, before, timeout=WAIT)


def press(api: FakeBotApi, user: int, message: dict, title: str) -> list[dict]:
    """Press the button with this title and return the bot's answer up to its buttons."""
    data = dict(keyboard(message))[title]
    before = api.sent_count(user)
    api.push_callback(user, message["message_id"], data)
    return api.wait_for_keyboard(user, before, timeout=WAIT)


def test_welcome_menu_fallback_restart_crisis_continue_exit(
    fake_api: FakeBotApi, stack: Stack
) -> None:
    user = 987654321

    # Welcome: privacy notice first (what is kept, how long, who sees it, how to leave).
    turn = say(fake_api, user, "/start")
    welcome = texts(turn)
    assert "30 days" in welcome and "/exit" in welcome and "Someone with your phone" in welcome
    menu = turn[-1]
    titles = [title for title, _ in keyboard(menu)]
    assert titles == ["Skills and jobs", "Training programs", "Clearing a record",
                      "Talk to a person", "Safety help", "Quick exit"]
    assert fake_api.calls("sendChatAction", chat_id=user), "no typing indicator was shown"

    # A menu button: answered, its keyboard cleared, and the first question of that topic.
    turn = press(fake_api, user, menu, "Training programs")
    assert "Where should I look?" in texts(turn) and "Online" in dict(keyboard(turn[-1]))
    assert fake_api.calls("answerCallbackQuery")
    assert fake_api.message(user, menu["message_id"])["reply_markup"] in (None, {})

    # "What can you do" in words.
    turn = say(fake_api, user, "what can you do")
    assert "Clearing a record" in texts(turn)

    # Nonsense: ask to rephrase, with the menu as buttons, never a dead end.
    turn = say(fake_api, user, "zxq blorp wib")
    assert "other words" in texts(turn)
    assert "Skills and jobs" in dict(keyboard(turn[-1]))

    # Every process restarts; the conversation must survive (SQL tracker store).
    stack.restart()

    # Crisis words: the hotlines at once, that the hotline is not the police.
    turn = say(fake_api, user, "I'm scared, he's outside")
    crisis = texts(turn)
    assert "911" in crisis and "1-888-373-7888" in crisis and "233733" in crisis
    assert "not the police" in crisis and "988" in crisis

    # "Go on where I was" brings back the question from before the restart.
    turn = press(fake_api, user, turn[-1], "Go on where I was")
    assert "other words" in texts(turn)

    # The database remembers the privacy notice was shown: a short welcome back now.
    turn = say(fake_api, user, "hi")
    assert "Welcome back" in texts(turn) and "30 days" not in texts(turn)

    # Quick exit: every message the bot can still delete is deleted, one neutral line stays.
    before = fake_api.sent_count(user)
    fake_api.push_text(user, "/exit")
    done = fake_api.wait_for_reply(user, before, timeout=WAIT)
    assert "press and hold" in done["text"]
    remaining = [m for m in fake_api.messages(user) if not m["deleted"]]
    assert [m["message_id"] for m in remaining] == [done["message_id"]]
    assert fake_api.calls("deleteMessages", chat_id=user)


def test_quick_exit_button_and_bad_input_get_kind_replies(
    fake_api: FakeBotApi, stack: Stack
) -> None:
    user = 555000111
    menu = say(fake_api, user, "hello")[-1]

    for push, expected in (
        (fake_api.push_sticker, "only read text"),
        (fake_api.push_voice, "voice"),
        (fake_api.push_photo, "photos"),
        (fake_api.push_location, "location"),
        (fake_api.push_document, "photos or files"),
    ):
        before = fake_api.sent_count(user)
        push(user)
        assert expected in fake_api.wait_for_reply(user, before, timeout=WAIT)["text"]

    before = fake_api.sent_count(user)
    sent = fake_api.push_text(user, "training")
    fake_api.wait_for_keyboard(user, before, timeout=WAIT)
    before = fake_api.sent_count(user)
    fake_api.push_edited_text(user, sent["message"]["message_id"], "training please")
    assert "send it again" in fake_api.wait_for_reply(user, before, timeout=WAIT)["text"]

    before = fake_api.sent_count(user)
    fake_api.push_text(user, "/frobnicate")
    assert "/exit" in fake_api.wait_for_reply(user, before, timeout=WAIT)["text"]

    # Forged or stale button data: a kind note and the menu, never a crash.
    before = fake_api.sent_count(user)
    fake_api.push_callback(user, menu["message_id"], '/drop_tables{"x":1}')
    turn = fake_api.wait_for_keyboard(user, before, timeout=WAIT)
    assert "doesn't work anymore" in texts(turn) and "Skills and jobs" in dict(keyboard(turn[-1]))

    # A reply longer than Telegram's limit would be split; a long message is answered.
    turn = say(fake_api, user, "help " * 1500)
    assert all(len(m["text"]) <= 4096 for m in turn)

    # The quick-exit button on any menu works like /exit.
    before = fake_api.sent_count(user)
    fake_api.push_callback(user, turn[-1]["message_id"], dict(keyboard(turn[-1]))["Quick exit"])
    done = fake_api.wait_for_reply(user, before, timeout=WAIT)
    assert "press and hold" in done["text"]
    assert [m["message_id"] for m in fake_api.messages(user) if not m["deleted"]] == [
        done["message_id"]
    ]
    assert fake_api.errors == []


def rows_about(stack: Stack, sender: str) -> dict[str, int]:
    """How many rows each store holds about one pseudonymous sender (SQLite or PostgreSQL)."""
    counts = {}
    settings = stack.settings
    for url, query in (
            (settings.tracker_store_url, "select count(*) from events where sender_id = :s"),
            (settings.database_url, 'select count(*) from "user" where id = :s'),
            (settings.database_url, "select count(*) from chat_message where user_id = :s"),
            (settings.database_url, "select count(*) from consent where user_id = :s")):
        engine = create_engine(url, future=True)
        try:
            with engine.connect() as connection:
                counts[query.split()[3].strip('"')] = connection.execute(
                    text(query), {"s": sender}).scalar_one()
        finally:
            engine.dispose()
    return counts


def test_forget_erases_the_conversation_and_profile(fake_api: FakeBotApi, stack: Stack) -> None:
    user = 600700800
    sender = Pseudonymizer(TEST_PSEUDONYM_KEY.encode()).sender_id("telegram", user)
    say(fake_api, user, "hi")
    say(fake_api, user, "zxq blorp")
    assert all(rows_about(stack, sender).values()), rows_about(stack, sender)

    turn = say(fake_api, user, "/forget")
    assert "can't be undone" in texts(turn)
    before = fake_api.sent_count(user)
    data = dict(keyboard(turn[-1]))["Yes, delete everything"]
    fake_api.push_callback(user, turn[-1]["message_id"], data)
    done = fake_api.wait_for_reply(user, before, timeout=WAIT)
    assert "deleted everything" in done["text"]
    fake_api.wait_for(lambda api: not any(rows_about(stack, sender).values()), timeout=WAIT)

    # Writing again starts fresh: the full privacy notice, as for a new person.
    assert "about your privacy" in texts(say(fake_api, user, "hi"))


def _sqlite_files(stack: Stack) -> list[Path]:
    return sorted(p for p in stack.settings.var_dir.glob("*.db*") if p.is_file())


@pytest.mark.default_only
def test_no_raw_telegram_id_in_databases_or_logs(fake_api: FakeBotApi, stack: Stack) -> None:
    """Runs after the conversations above: their Telegram ids must be nowhere."""
    user = 771234567
    say(fake_api, user, "hi")
    ids = [987654321, 555000111, 600700800, user]
    for path in _sqlite_files(stack):
        try:
            blob = path.read_bytes()
        except FileNotFoundError:  # a -wal/-shm file SQLite removed as a connection closed
            continue
        for uid in ids:
            assert str(uid).encode() not in blob, (path, uid)
            assert struct.pack(">i", uid) not in blob, (path, uid)
    for db in ("app.db", "tracker.db"):
        connection = sqlite3.connect(stack.settings.var_dir / db)
        tables = [r[0] for r in connection.execute("select name from sqlite_master "
                                                   "where type='table'")]
        for table in tables:
            columns = [r[1] for r in connection.execute(f"pragma table_info('{table}')")]
            for column in columns:
                for uid in ids:
                    found = connection.execute(
                        f"select count(*) from '{table}' where cast(\"{column}\" as text) "
                        "like ?", (f"%{uid}%",)).fetchone()[0]
                    assert found == 0, (db, table, column, uid)
        connection.close()
    for log in stack.log_files():
        content = log.read_text(errors="replace")
        for uid in ids:
            assert str(uid) not in content, (log.name, uid)
