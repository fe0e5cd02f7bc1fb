"""Record-relief information through the real stack: the screener and the direct question."""

from __future__ import annotations

import pytest

from tests.e2e.test_telegram_e2e import keyboard, press, say, texts
from testsupport.fake_bot_api import FakeBotApi
from testsupport.stack import Stack

pytestmark = pytest.mark.e2e
FORBIDDEN = ("eligible", "you qualify", "guarantee")


def assert_information_not_advice(turn: list[dict]) -> None:
    """Legal help and the disclaimer close the answer; no verdict anywhere."""
    whole = texts(turn).lower()
    for phrase in FORBIDDEN:
        assert phrase not in whole, phrase
    assert "not legal advice" in turn[-1]["text"].lower()
    assert "freedom network" in turn[-1]["text"].lower()


def test_screener_with_buttons_why_and_a_typed_state(fake_api: FakeBotApi, stack: Stack) -> None:
    user = 424200001
    menu = say(fake_api, user, "/start")[-1]
    turn = press(fake_api, user, menu, "Clearing a record")
    assert "not legal advice" in texts(turn) and "Where was your case?" in turn[-1]["text"]
    assert {"Federal court", "Skip", "Why do you ask?", "Quick exit"} <= set(
        dict(keyboard(turn[-1])))

    turn = say(fake_api, user, "georgia")
    assert "arrest only" in turn[-1]["text"].lower()
    turn = press(fake_api, user, turn[-1], "Why do you ask?")
    assert "arrests" in texts(turn) and "arrest only" in turn[-1]["text"].lower()
    for title in ("Convicted", "Prostitution or related", "Yes", "No, 18 or older"):
        turn = press(fake_api, user, turn[-1], title)
    result = press(fake_api, user, turn[-1], "Yes, it's done")
    whole = texts(result)
    assert "Georgia" in whole and "17-10-21" in whole
    assert_information_not_advice(result)
    assert "Main menu" in dict(keyboard(result[-1]))

    # Save it, then see it again (rebuilt from the knowledge base, legal help last).
    turn = press(fake_api, user, result[-1], "Save this for later")
    assert "Saved" in texts(turn)
    turn = press(fake_api, user, turn[-1], "My saved answers")
    assert "17-10-21" in texts(turn)
    assert_information_not_advice(turn)


def test_every_question_skipped_still_answers_honestly(
    fake_api: FakeBotApi, stack: Stack
) -> None:
    user = 424200002
    turn = say(fake_api, user, "i want to clear my record")
    for _ in range(6):
        turn = press(fake_api, user, turn[-1], "Skip")
    assert "Without the state" in texts(turn)
    assert_information_not_advice(turn)


def test_direct_question_and_a_legal_word(fake_api: FakeBotApi, stack: Stack) -> None:
    user = 424200003
    turn = say(fake_api, user, "can i clear my record in texas?")
    whole = texts(turn)
    assert "Texas" in whole and "nondisclosure" in whole.lower()
    assert_information_not_advice(turn)

    turn = press(fake_api, user, turn[-1], "Ask about another state")
    turn = press(fake_api, user, turn[-1], "Federal court")
    assert "arrest only" in turn[-1]["text"].lower()
    turn = say(fake_api, user, "stop asking me questions")
    assert "stopped the questions" in texts(turn)

    turn = say(fake_api, user, "what does vacatur mean")
    assert "vacatur" in texts(turn).lower()
    assert_information_not_advice(turn)


def test_free_legal_help_asked_after_an_answer_is_for_that_place(
    fake_api: FakeBotApi, stack: Stack
) -> None:
    user = 424200004
    say(fake_api, user, "can i clear my record in texas?")
    turn = say(fake_api, user, "where can i get free legal help")
    whole = texts(turn)
    assert "Where to get free legal help:" in whole and "texaslawhelp.org" in whole, whole
    assert "Freedom Network USA" in whole
    assert_information_not_advice(turn)

    # With no place known yet: the national help, and a way to name the state.
    user = 424200005
    say(fake_api, user, "/start")
    turn = say(fake_api, user, "i need a lawyer but i cant pay, who can help")
    whole = texts(turn)
    assert "Freedom Network USA" in whole and "tell me the state" in whole, whole
    assert "Ask about a state" in [t for t, _ in keyboard(turn[-1])]
