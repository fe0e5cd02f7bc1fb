"""Faults in the real stack, and what the person sees: nothing lost, nothing answered twice.

- the action server is down: a kind "can't do that right now", and the conversation goes on
  once it is back;
- Rasa is killed mid-conversation: the bridge keeps the message, says it is slow, and
  answers once Rasa is back, from where the conversation was (the stored tracker);
- the bridge itself is killed while a message waits for an answer: after the restart the
  message is answered, once;
- Telegram answers 429: the bridge waits `retry_after` and sends the answer once.

(A database restart is tested on the scale profile: tests/scale/test_scale_e2e.py.)
"""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.test_telegram_e2e import WAIT, press, say, texts
from testsupport.fake_bot_api import FakeBotApi
from testsupport.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.default_only]
RESTART_WAIT = 300.0  # Rasa loads its model again after a kill (minutes on 2 busy cores)


def sent_after(api: FakeBotApi, user: int, before: int) -> list[str]:
    return [m["text"] for m in api.sent_messages(user)[before:]]


def kill(stack: Stack, name: str) -> None:
    """SIGKILL a service's whole process group, as the kernel's OOM killer would."""
    service = stack.service(name)
    assert service.process is not None
    os.killpg(service.process.pid, signal.SIGKILL)
    service.process.wait(timeout=10)


def restart_dead(stack: Stack) -> threading.Thread:
    """What `make run` does once a second: restart what died (in the background)."""
    thread = threading.Thread(target=stack.supervisor.check_once, daemon=True)
    thread.start()
    return thread


def unanswered_updates(stack: Stack) -> int:
    engine = create_engine(stack.settings.database_url, future=True)
    try:
        with engine.connect() as connection:
            return connection.execute(text(
                "select count(*) from telegram_update where done_at is null")).scalar_one()
    finally:
        engine.dispose()


def test_action_server_down_gets_a_kind_reply_and_the_conversation_goes_on(
    fake_api: FakeBotApi, stack: Stack
) -> None:
    user = 929000001
    say(fake_api, user, "/start")
    action_server = stack.service("action server")
    action_server.stop()
    try:
        before = fake_api.sent_count(user)
        fake_api.push_text(user, "free cooking classes near 30303")
        reply = fake_api.wait_for_reply(user, before, timeout=WAIT, settle=1.0)
        assert "can't do that right now" in reply["text"]
        assert "SAMPLE" not in "\n".join(sent_after(fake_api, user, before))
    finally:
        action_server.start()
        assert stack.supervisor.wait_healthy(action_server, RESTART_WAIT)
    turn = say(fake_api, user, "free cooking classes near 30303")
    assert "SAMPLE" in texts(turn)
    assert fake_api.errors == []


def test_rasa_killed_mid_conversation_the_message_waits_and_the_topic_goes_on(
    fake_api: FakeBotApi, stack: Stack
) -> None:
    user = 929000002
    menu = say(fake_api, user, "/start")[-1]
    turn = press(fake_api, user, menu, "Clearing a record")
    assert "Where was your case?" in turn[-1]["text"]

    kill(stack, "rasa")
    before = fake_api.sent_count(user)
    fake_api.push_text(user, "georgia")
    # "typing…", then after a few seconds a note that the answer is coming.
    notice = fake_api.wait_for_reply(user, before, timeout=WAIT)
    assert "answer is coming" in notice["text"]
    restarting = restart_dead(stack)
    fake_api.wait_for(
        lambda api: any("arrest only" in t.lower() for t in sent_after(api, user, before)),
        timeout=RESTART_WAIT)
    restarting.join(RESTART_WAIT)
    time.sleep(1.0)
    said = sent_after(fake_api, user, before)
    # The screener went on from the stored conversation: Georgia's next question, once.
    assert sum("arrest only" in t.lower() for t in said) == 1, said
    assert sum("answer is coming" in t for t in said) == 1, said
    assert fake_api.errors == []


def test_bridge_killed_while_a_message_waits_answers_it_once_after_the_restart(
    fake_api: FakeBotApi, stack: Stack
) -> None:
    user = 929000003
    say(fake_api, user, "/start")
    rasa = stack.service("rasa")
    rasa.stop()  # the next message waits in the bridge (retrying) ...
    before = fake_api.sent_count(user)
    fake_api.push_text(user, "what can you do")
    fake_api.wait_for(lambda api: unanswered_updates(stack) == 1, timeout=WAIT)
    kill(stack, "telegram bridge")  # ... and the bridge dies with it unanswered
    restarting = restart_dead(stack)  # Rasa and the bridge come back
    fake_api.wait_for(
        lambda api: any("I can help you with" in t for t in sent_after(api, user, before)),
        timeout=RESTART_WAIT)
    restarting.join(RESTART_WAIT)
    time.sleep(2.0)
    said = sent_after(fake_api, user, before)
    assert sum("I can help you with" in t for t in said) == 1, said
    fake_api.wait_for(lambda api: unanswered_updates(stack) == 0, timeout=WAIT)
    # And the next message is answered as usual.
    assert "I can help you with" in texts(say(fake_api, user, "what can you do"))
    assert fake_api.errors == []


def test_telegram_429_the_answer_comes_once_after_retry_after(
    fake_api: FakeBotApi, stack: Stack
) -> None:
    user = 929000004
    say(fake_api, user, "/start")
    fake_api.fail_next("sendMessage", 429, retry_after=2, times=1)
    started = time.monotonic()
    turn = say(fake_api, user, "what can you do")
    assert time.monotonic() - started >= 2.0
    assert "I can help you with" in texts(turn)
    time.sleep(1.0)
    helps = [t for t in sent_after(fake_api, user, 0) if "I can help you with" in t]
    assert len(helps) == 1
    assert fake_api.errors == []
