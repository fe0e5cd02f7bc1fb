"""Skills and jobs, then training programs, through the real stack and the fake Bot API."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_telegram_e2e import keyboard, press, say, texts
from testsupport.fake_bot_api import FakeBotApi
from testsupport.stack import Stack

pytestmark = pytest.mark.e2e
SCALE_PICKS = ("Love it", "Like it", "Not sure", "Not for me", "Not at all")


def titles(message: dict) -> list[str]:
    return [title for title, _ in keyboard(message)]


def test_full_assessment_with_a_stop_on_the_way_to_jobs(
    fake_api: FakeBotApi, stack: Stack
) -> None:
    user = 313000001
    menu = say(fake_api, user, "/start")[-1]
    turn = press(fake_api, user, menu, "Skills and jobs")
    assert "5 minutes" in texts(turn) and "1 of 30" in turn[-1]["text"]
    assert {"Skip", "Stop and see my results", "Quick exit"} <= set(titles(turn[-1]))
    taps = 1
    # Everything answered: Social and Conventional statements loved, the rest disliked.
    while re.search(r"\d+ of 30", turn[-1]["text"]):
        statement = turn[-1]["text"]
        pick = "Not sure"
        number = int(re.search(r"(\d+) of 30", statement).group(1))
        area = "RIASEC"[(number - 1) % 6]
        pick = "Love it" if area in "SC" else "Not for me"
        assert set(SCALE_PICKS) <= set(titles(turn[-1]))
        turn = press(fake_api, user, turn[-1], pick)
        taps += 1
    assert "in your own words" in turn[-1]["text"]
    turn = say(fake_api, user, "i took care of my little brothers and did the money at a store")
    taps += 1
    assert "Did I get this right?" in turn[-1]["text"]
    turn = press(fake_api, user, turn[-1], "Yes, that's right")
    taps += 1
    answers = {"How many hours": "Part time", "childcare": "Yes, I need it",
               "get around": "Bus or train", "ID card": "Some of them",
               "personal": "I may need help", "school": "High school or GED",
               "languages": "Both", "criminal record": "Not sure"}
    for _ in range(len(answers)):
        question = turn[-1]["text"]
        key = next(k for k in answers if k in question)
        if key == "personal":
            # "Why do you ask?" answers and asks the same question again.
            turn = press(fake_api, user, turn[-1], "Why do you ask?")
            assert "never share it with police" in texts(turn) and key in turn[-1]["text"]
        turn = press(fake_api, user, turn[-1], answers.pop(key))
        taps += 1
    result = texts(turn)
    assert "Helping" in result and "Organizing" in result
    assert "Jobs that may fit you" in result and "Clearing a record" in titles(turn[-1])
    assert taps <= 42
    buttons = titles(turn[-1])
    assert "Find training for 1" in buttons and "More about 1" in buttons

    more = press(fake_api, user, turn[-1], "More about 1")
    assert "How to start" in texts(more)

    profile = say(fake_api, user, "what do you know about me")
    assert "part time" in texts(profile) and "needs childcare" in texts(profile)
    assert "Delete my profile" in titles(profile[-1])

    # From a job to training: the place is asked once, then cards with buttons.
    turn = press(fake_api, user, turn[-1], "Find training for 1")
    assert "Where should I look?" in turn[-1]["text"]
    turn = say(fake_api, user, "30303")
    cards = texts(turn)
    assert "SAMPLE" in cards


def test_stopping_after_five_answers_still_gives_jobs(fake_api: FakeBotApi, stack: Stack) -> None:
    user = 313000002
    turn = say(fake_api, user, "help me find a job that fits me")
    for _ in range(5):
        turn = press(fake_api, user, turn[-1], "Love it")
    turn = press(fake_api, user, turn[-1], "Stop and see my results")
    assert "Jobs that may fit you" in texts(turn) and "rough first idea" in texts(turn)


def test_search_page_details_save_and_list(fake_api: FakeBotApi, stack: Stack) -> None:
    user = 313000003
    turn = say(fake_api, user, "free cooking classes near 30303")
    first = texts(turn)
    assert "SAMPLE" in first and "not real programs" in first
    assert "Details 1" in titles(turn[-1]) and "More programs" in titles(turn[-1])
    page_two = press(fake_api, user, turn[-1], "More programs")
    assert "4 to" in texts(page_two) or "That's all" in texts(page_two)

    details = press(fake_api, user, turn[-1], "Details 1")
    assert "How to join" in texts(details) and "SAMPLE" in texts(details)
    saved = press(fake_api, user, details[-1], "Save this")
    assert "Saved" in texts(saved)
    listing = press(fake_api, user, saved[-1], "My saved programs")
    assert "Your saved programs" in texts(listing) and "Remove 1" in titles(listing[-1])
    removed = press(fake_api, user, listing[-1], "Remove 1")
    assert "Removed" in texts(removed)
    empty = press(fake_api, user, removed[-1], "My saved programs")
    assert "no saved programs" in texts(empty)
