"""What only the scale profile has (E2E_PROFILE=scale; the session's stack from
tests/e2e/conftest.py): app data and Rasa's tracker in PostgreSQL (two databases),
conversation locks in Redis, two Rasa workers. Selected by settings only (DATABASE_URL,
TRACKER_STORE_URL, LOCK_STORE_URL, RASA_WORKERS), as `make run` would be. Also: PostgreSQL
restarts under a running conversation.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import create_engine, text

from bot.identity import Pseudonymizer
from tests.e2e.conftest import SCALE_STARTUP_S, WEBHOOK_SECRET
from tests.e2e.test_telegram_e2e import WAIT, keyboard, press, say, texts
from testsupport.fake_bot_api import FakeBotApi
from testsupport.processes import children
from testsupport.servers import PostgresServer, RedisServer
from testsupport.stack import TEST_PSEUDONYM_KEY, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.scale, pytest.mark.scale_only]


def sender_of(user: int) -> str:
    return Pseudonymizer(TEST_PSEUDONYM_KEY.encode()).sender_id("telegram", user)


@pytest.fixture(scope="module")
def urls(stack: Stack) -> dict[str, str]:
    """The scale profile's settings, as the session's stack got them (tests/e2e/conftest.py)."""
    settings = stack.settings
    return {"DATABASE_URL": settings.database_url,
            "TRACKER_STORE_URL": settings.tracker_store_url,
            "LOCK_STORE_URL": settings.lock_store_url,
            "RASA_WORKERS": str(settings.rasa_workers)}


def rows(url: str, query: str, **params: object) -> list[tuple]:
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            return [tuple(r) for r in connection.execute(text(query), params)]
    finally:
        engine.dispose()


class LockWatcher:
    """Polls Redis for Rasa's conversation lock keys while turns run."""

    def __init__(self, redis_server: RedisServer) -> None:
        self.client = redis_server.client()
        self.seen: set[str] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for key in self.client.scan_iter(match="lock:*"):
                self.seen.add(key.decode())
            time.sleep(0.005)

    def __enter__(self) -> LockWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def test_profile_is_what_the_settings_say(stack: Stack, urls: dict[str, str]) -> None:
    settings = stack.settings
    assert settings.database_url.startswith("postgresql+psycopg2://")  # normalised
    assert settings.tracker_store_url.startswith("postgresql")
    assert settings.lock_store_url.startswith("redis://") and settings.rasa_workers == 2
    # Nothing fell back to the SQLite defaults.
    assert not list(settings.var_dir.glob("*.db"))
    rasa = stack.service("rasa")
    assert rasa.env["SANIC_WORKERS"] == "2"
    assert rasa.process is not None and len(children(rasa.process.pid)) == 2
    # The stack is up once one worker answers; the other may still be loading the model.
    log_path = settings.var_dir / "log" / "rasa.log"
    deadline = time.monotonic() + SCALE_STARTUP_S
    while time.monotonic() < deadline:
        log = log_path.read_text(errors="replace")
        if log.count("Rasa server is up and running") >= 2:
            break
        time.sleep(1)
    assert log.count("Rasa server is up and running") == 2, log[-3000:]
    assert log.count("Lock store: RedisLockStore") == 2, log[-3000:]  # once per worker
    assert "InMemoryLockStore" not in log


def test_conversation_two_people_at_once(
        fake_api: FakeBotApi, stack: Stack, urls: dict[str, str],
        redis_server: RedisServer) -> None:
    ana, ben = 810000001, 820000002
    commands_before = redis_server.client().info("commandstats")

    # Start and the menu.
    turn = say(fake_api, ana, "/start")
    assert "30 days" in texts(turn) and "Training programs" in dict(keyboard(turn[-1]))

    # Two people at once, several messages each without waiting for replies: each gets
    # their own answers, in the order they wrote.
    turn_b = say(fake_api, ben, "/start")
    ana_before, ben_before = fake_api.sent_count(ana), fake_api.sent_count(ben)
    with LockWatcher(redis_server) as watcher:
        for ana_text, ben_text in (("what can you do", "what can you do"),
                                   ("free cooking classes near 30303",
                                    "I'm scared, he's outside")):
            fake_api.push_text(ana, ana_text)
            fake_api.push_text(ben, ben_text)

        def done(user: int, before: int, last: str) -> Callable[[FakeBotApi], bool]:
            return lambda api: last in texts(api.sent_messages(user)[before:])

        fake_api.wait_for(done(ana, ana_before, "not real programs"), timeout=WAIT)
        fake_api.wait_for(done(ben, ben_before, "not the police"), timeout=WAIT)
    ana_said = texts(fake_api.sent_messages(ana)[ana_before:])
    ben_said = texts(fake_api.sent_messages(ben)[ben_before:])
    assert ana_said.index("I can help you with") < ana_said.index("SAMPLE")
    assert "911" not in ana_said
    assert ben_said.index("I can help you with") < ben_said.index("911")
    assert "1-888-373-7888" in ben_said and "SAMPLE" not in ben_said
    assert turn_b and "30 days" in texts(turn_b)

    # The conversation locks were in Redis, one key per person, named by the pseudonym.
    assert {f"lock:{sender_of(ana)}", f"lock:{sender_of(ben)}"} & watcher.seen, watcher.seen
    commands = redis_server.client().info("commandstats")
    calls = lambda stats, name: stats.get(f"cmdstat_{name}", {}).get("calls", 0)  # noqa: E731
    assert calls(commands, "set") > calls(commands_before, "set")
    assert calls(commands, "del") > calls(commands_before, "del")

    # Rasa's events are in PostgreSQL (encrypted), the person's row in the app database.
    tracker, app = urls["TRACKER_STORE_URL"], stack.settings.database_url
    events = rows(tracker, "select type_name, data from events where sender_id = :s "
                  "order by id", s=sender_of(ana))
    assert {"user", "bot", "action"} <= {kind for kind, _ in events}
    assert not any("cooking" in data for _, data in events)
    assert rows(app, 'select count(*) from "user" where id = :s', s=sender_of(ana)) == [(1,)]
    assert rows(app, "select count(*) from program where is_sample") == [(49,)]

    # (A restart of every process mid-topic is in test_telegram_e2e, on both profiles.)
    turn = say(fake_api, ana, "hi")
    assert "Welcome back" in texts(turn) and "30 days" not in texts(turn)
    assert fake_api.errors == []


def test_postgresql_restart_loses_no_message(
        fake_api: FakeBotApi, stack: Stack, urls: dict[str, str],
        postgres: PostgresServer) -> None:
    """The database restarts between two messages (pooled connections are dead: each
    process tests a connection before use) and during one (the work waits for the server,
    bot/db/retry.py): the person notices nothing."""
    dana = 840000004
    turn = say(fake_api, dana, "/start")
    turn = press(fake_api, dana, turn[-1], "Training programs")
    assert "Where should I look?" in texts(turn)
    postgres.restart()
    before = fake_api.sent_count(dana)
    turn = say(fake_api, dana, "30303")
    assert "SAMPLE" in texts(turn)
    said = [m["text"] for m in fake_api.sent_messages(dana)[before:]]
    assert not any("can't" in t for t in said), said
    # The database restarts again while a message is on its way through the bridge, Rasa
    # and the actions: whatever step it hits waits for the database, and the person gets
    # one answer.
    before = fake_api.sent_count(dana)
    fake_api.push_text(dana, "what can you do")
    postgres.restart()
    fake_api.wait_for(lambda api: "I can help you with" in texts(
        api.sent_messages(dana)[before:]), timeout=WAIT)
    said = [m["text"] for m in fake_api.sent_messages(dana)[before:]]
    assert sum("I can help you with" in t for t in said) == 1, said
    assert not any("can't" in t for t in said), said
    # Both databases took the turns: Rasa's events and the bridge's journal.
    count = "select count(*) from events where sender_id = :s and type_name = 'user'"
    assert rows(urls["TRACKER_STORE_URL"], count, s=sender_of(dana)) == [(4,)]
    # (an update is marked answered just after its last reply is sent)
    fake_api.wait_for(lambda api: rows(
        urls["DATABASE_URL"],
        "select count(*) from telegram_update where done_at is null") == [(0,)], timeout=WAIT)
    assert "Error while handling an update" not in (
        stack.settings.var_dir / "log" / "bridge.log").read_text(errors="replace")
    assert fake_api.errors == []


def test_webhook_checks_the_secret_drops_retries_and_keeps_order(
        fake_api: FakeBotApi, stack: Stack) -> None:
    settings = stack.settings
    assert settings.telegram_mode == "webhook" and settings.webhook_secret == WEBHOOK_SECRET
    assert fake_api.webhook_url == settings.webhook_url  # the bridge registered its webhook
    eva = 850000005
    say(fake_api, eva, "/start")
    helps = lambda: [m for m in fake_api.sent_messages(eva)  # noqa: E731
                     if "I can help you with" in (m.get("text") or "")]

    # Forged posts (no secret, a wrong one) are refused and answered by nothing.
    before = fake_api.sent_count(eva)
    forged = {"message": {"message_id": 9999, "date": int(time.time()), "text": "what can you do",
                          "chat": {"id": eva, "type": "private"},
                          "from": {"id": eva, "is_bot": False, "first_name": "E"}}}
    assert fake_api.post_webhook(forged, secret=None) == 403
    assert fake_api.post_webhook(forged, secret="not-the-secret") == 403

    # Telegram sends an update again (it missed our 200): answered once.
    update = fake_api.push_text(eva, "what can you do")
    fake_api.wait_for(lambda api: helps(), timeout=WAIT)
    assert fake_api.redeliver(update["update_id"]) == 200
    time.sleep(3.0)
    assert len(helps()) == 1
    assert fake_api.webhook_posts > 0

    # Three messages at once (webhook deliveries run in parallel): answered in order.
    before = fake_api.sent_count(eva)
    for message in ("what can you do", "free cooking classes near 30303", "what can you do"):
        fake_api.push_text(eva, message)
    fake_api.wait_for(lambda api: len(helps()) == 3, timeout=WAIT)
    said = texts(fake_api.sent_messages(eva)[before:])
    first, second = said.index("I can help you with"), said.rindex("I can help you with")
    assert first < said.index("SAMPLE") < second
    assert fake_api.errors == []
