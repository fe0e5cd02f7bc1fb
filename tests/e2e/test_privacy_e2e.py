"""Privacy through the real stack, with every process logging at DEBUG (the chattiest level).

Planted personal data must appear in no log line of any process and in no database file
byte; after /forget, no table of either database holds the person's id or words.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.identity import Pseudonymizer
from tests.e2e.conftest import TOKEN
from tests.e2e.test_telegram_e2e import WAIT, keyboard, say, texts
from testsupport.fake_bot_api import FakeBotApi
from testsupport.stack import TEST_PSEUDONYM_KEY, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.default_only]

USER = 313374242
NAME = "Zorabel Quintanilla"
PHONE = "404-555-0199"
EMAIL = "zorabel.q@example.com"
PLANTED = f"hi my name is {NAME}, call me at {PHONE} or {EMAIL}"


@pytest.fixture(scope="module")
def fake_api() -> Iterator[FakeBotApi]:
    """A fake Bot API of this module's own (the session's stack polls the shared one)."""
    api = FakeBotApi(token=TOKEN)
    api.start()
    yield api
    api.stop()


@pytest.fixture(scope="module")
def debug_stack(
    fake_api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    """The whole stack with LOG_LEVEL=DEBUG in every process."""
    var_dir = tmp_path_factory.mktemp("debug-stack") / "var"
    running = Stack(var_dir, telegram_base_url=fake_api.base_url, telegram_token=TOKEN,
                    extra_env={"LOG_LEVEL": "DEBUG"})
    running.start()
    yield running
    running.stop()


def every_value(database: Path) -> list[str]:
    """Every cell of every table, as text."""
    connection = sqlite3.connect(database)
    try:
        values = []
        tables = [r[0] for r in connection.execute(
            "select name from sqlite_master where type='table'")]
        for table in tables:
            for row in connection.execute(f'select * from "{table}"'):
                values.extend("" if cell is None else str(cell) for cell in row)
        return values
    finally:
        connection.close()


def test_planted_personal_data_is_in_no_log_and_no_database_byte(
    fake_api: FakeBotApi, debug_stack: Stack
) -> None:
    assert "about your privacy" in texts(say(fake_api, USER, "hi"))
    say(fake_api, USER, PLANTED)
    say(fake_api, USER, f"{NAME} again, {PHONE}")
    logs = debug_stack.log_files()
    assert logs and sum(p.stat().st_size for p in logs) > 2000, "DEBUG logs were not written"
    for log in logs:
        content = log.read_text(errors="replace")
        for secret in (NAME.split()[0], NAME.split()[1], PHONE, "4045550199", EMAIL,
                       str(USER)):
            assert secret not in content, (log.name, secret)
    for database in debug_stack.settings.var_dir.glob("*.db*"):
        try:
            blob = database.read_bytes()
        except FileNotFoundError:  # a -wal/-shm file SQLite removed as a connection closed
            continue
        for secret in (NAME.split()[0].encode(), PHONE.encode(), EMAIL.encode(),
                       str(USER).encode(), struct.pack(">i", USER)):
            assert secret not in blob, (database.name, secret)


def test_forget_leaves_no_trace_of_the_person_in_any_table(
    fake_api: FakeBotApi, debug_stack: Stack
) -> None:
    sender = Pseudonymizer(TEST_PSEUDONYM_KEY.encode()).sender_id("telegram", USER)
    databases = [debug_stack.settings.var_dir / name for name in ("app.db", "tracker.db")]
    assert any(sender in every_value(db) for db in databases)

    turn = say(fake_api, USER, "/forget")
    before = fake_api.sent_count(USER)
    fake_api.push_callback(USER, turn[-1]["message_id"],
                           dict(keyboard(turn[-1]))["Yes, delete everything"])
    assert "deleted everything" in fake_api.wait_for_reply(USER, before, timeout=WAIT)["text"]

    def gone(_: FakeBotApi) -> bool:
        return not any(sender in value for db in databases for value in every_value(db))

    fake_api.wait_for(gone, timeout=WAIT)
    for db in databases:
        for value in every_value(db):
            assert NAME.split()[0] not in value and PHONE not in value
    # Every message of the chat that could be deleted was deleted.
    alive = [m for m in fake_api.messages(USER) if not m["deleted"]]
    assert len(alive) == 1 and "deleted everything" in alive[0]["text"]
