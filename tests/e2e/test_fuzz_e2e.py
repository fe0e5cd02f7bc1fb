"""Thousands of random and hostile updates through the real stack (issue #9, bad input at
volume): huge texts, control characters, right-to-left scripts, emoji floods, combining
marks, unknown and forged button data, edits, buttons of deleted messages, every kind of
media, odd commands and update kinds the bot does not handle.

Every update that a person would expect an answer to gets one (a message in their chat);
the update kinds the bot ignores get a deliberate silence; nothing crashes (no error
handler call, no error in the fake API); and the memory of the bridge and of Rasa stays flat
between the first and the second half of the run.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

import pytest

from tests.e2e.test_telegram_e2e import texts
from testsupport.fake_bot_api import FakeBotApi
from testsupport.processes import tree_rss_mb
from testsupport.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.default_only]

USERS = 60
UPDATES_PER_USER = 36  # in two halves: 2,160 updates in all
REPLY_WAIT = 180.0
SEED = 20261129

RTL = ["مرحبا أريد تدريب", "שלום אני צריכה עזרה", "\u202eevil reversed\u202c text",
       "ابحث عن عمل قريب", "\u200f\u200f\u200f"]
WORDS = ["job", "training", "help", "record", "georgia", "30303", "free", "nails", "cna",
         "clear", "menu", "quien", "trabajo", "scared", "hola", "zxq", "🙂", "'; drop table"]
FORGED = ['/drop_tables{"x":1}', "/forget_confirm", "/choose_record{\"jurisdiction\":\"zz\"}",
          "~" + "f" * 20, "", "/", "{}", "/save_program{\"program\":\"../../etc\"}",
          "/program_details{\"program\":-1}", "x" * 64, "/nlu_fallback", "/quick_exit@x",
          "/search_programs{\"location\":\"" + "a" * 30 + "\"}", "\u0000\u0001"]
COMMANDS = ["/", "/start@some_other_bot", "/menu extra words", "/HELP", "/privacy",
            "/saved", "/unknown_thing", "/start " + "x" * 300]


def hostile_text(rng: random.Random) -> str:
    kind = rng.randrange(9)
    if kind == 0:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randrange(400, 900)))[:4096]
    if kind == 1:
        return "".join(chr(rng.choice([0, 1, 7, 8, 27, 127, 0x85, 0x2028, 0xFEFF]))
                       + rng.choice(WORDS) for _ in range(40))
    if kind == 2:
        return rng.choice(RTL) + " " + rng.choice(WORDS)
    if kind == 3:
        return "".join(rng.choice("😀😭🔥💔🙏🏽👩‍👧‍👦🇺🇸") for _ in range(rng.randrange(10, 1500)))
    if kind == 4:
        return "h" + "\u0301\u0302\u0303\u0336" * rng.randrange(50, 500) + "elp"
    if kind == 5:
        return rng.choice(COMMANDS)
    if kind == 6:
        return "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(1, 200)))
    if kind == 7:
        return rng.choice(["   ", "\n\n", "\t"])
    return " ".join(rng.choice(WORDS) for _ in range(rng.randrange(1, 8)))


class Person:
    """One fuzzing user: sends updates one at a time and checks each gets its answer."""

    def __init__(self, api: FakeBotApi, user: int, rng: random.Random) -> None:
        self.api, self.user, self.rng = api, user, rng
        self.problems: list[str] = []
        self.sent = 0
        self.my_messages: list[int] = []

    def _bot_messages(self) -> list[dict]:
        return self.api.sent_messages(self.user)

    def _wait_for_answer(self, before: int, what: str) -> None:
        deadline = time.monotonic() + REPLY_WAIT
        while time.monotonic() < deadline:
            if self.api.sent_count(self.user) > before:
                return
            time.sleep(0.1)
        self.problems.append(f"user {self.user}: no answer to {what}")

    def one(self) -> None:
        api, rng, user = self.api, self.rng, self.user
        before = api.sent_count(user)
        kind = rng.randrange(12)
        expect: str | None = None
        if kind <= 4:
            update = api.push_text(user, hostile_text(rng))
            self.my_messages.append(update["message"]["message_id"])
            expect = "a text"
        elif kind == 5 and self._bot_messages():
            target = rng.choice(self._bot_messages())["message_id"]
            api.push_callback(user, target, rng.choice(FORGED))
            expect = "a forged button"
        elif kind == 6 and self.my_messages:
            api.push_edited_text(user, rng.choice(self.my_messages), hostile_text(rng))
            expect = "an edit"
        elif kind == 7:
            push: Callable[..., dict] = rng.choice(
                [api.push_sticker, api.push_voice, api.push_photo, api.push_document])
            push(user)
            expect = "media"
        elif kind == 8:
            api.push_location(user)
            expect = "a location"
        elif kind == 9:
            # A button on a message that does not exist (any more).
            api.push_update({"callback_query": {
                "id": f"gone-{user}-{self.sent}", "chat_instance": f"ci-{user}",
                "from": {"id": user, "is_bot": False, "first_name": "U"}, "data": "/menu",
                "message": {"message_id": 10_000_000 + self.sent, "date": 0,
                            "chat": {"id": user, "type": "private"},
                            "from": {"id": 1, "is_bot": True, "first_name": "B"},
                            "text": "old"}}})
            expect = "a button of a deleted message"
        elif kind == 10:
            api.push_update({"my_chat_member": {  # the person blocked and unblocked the bot
                "chat": {"id": user, "type": "private"},
                "from": {"id": user, "is_bot": False, "first_name": "U"}, "date": 0,
                "old_chat_member": {"status": "member", "user": {"id": 1, "is_bot": True,
                                                                  "first_name": "B"}},
                "new_chat_member": {"status": "kicked", "user": {"id": 1, "is_bot": True,
                                                                 "first_name": "B"},
                                    "until_date": 0}}})
        else:
            api.push_update({"poll": {"id": "p1", "question": "?", "options": [],
                                      "total_voter_count": 0, "is_closed": True,
                                      "is_anonymous": True, "type": "regular",
                                      "allows_multiple_answers": False}})
        self.sent += 1
        if expect is not None:
            self._wait_for_answer(before, expect)

    def run(self, count: int) -> None:
        try:
            for _ in range(count):
                self.one()
        except Exception as error:  # noqa: BLE001 - reported by the test
            self.problems.append(f"user {self.user}: {type(error).__name__}: {error}")


def half(people: list[Person], count: int) -> None:
    threads = [threading.Thread(target=p.run, args=(count,), daemon=True) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(REPLY_WAIT * count)


def test_thousands_of_hostile_updates_all_answered_nothing_crashes_memory_flat(
    fake_api: FakeBotApi, stack: Stack
) -> None:
    rng = random.Random(SEED)
    people = [Person(fake_api, 970_000_000 + n, random.Random(rng.random()))
              for n in range(USERS)]
    bridge = stack.service("telegram bridge").process.pid
    rasa = stack.service("rasa").process.pid
    started = time.monotonic()

    half(people, UPDATES_PER_USER // 2)
    time.sleep(2.0)
    mid = {"bridge": tree_rss_mb(bridge), "rasa": tree_rss_mb(rasa)}
    half(people, UPDATES_PER_USER // 2)
    time.sleep(2.0)
    end = {"bridge": tree_rss_mb(bridge), "rasa": tree_rss_mb(rasa)}
    took = time.monotonic() - started

    sent = sum(p.sent for p in people)
    problems = [problem for p in people for problem in p.problems]
    print(f"fuzz: {sent} updates in {took:.0f} s; RSS MB after half 1 {mid}, after half 2 {end}")
    assert sent == USERS * UPDATES_PER_USER
    assert not problems, "\n".join(problems[:20])
    assert fake_api.errors == []
    bridge_log = (stack.settings.var_dir / "log" / "bridge.log").read_text(errors="replace")
    assert "Error while handling an update" not in bridge_log
    # Memory stays flat: the second half (as many updates again) adds little.
    assert end["bridge"] - mid["bridge"] < 25, (mid, end)
    assert end["rasa"] - mid["rasa"] < 80, (mid, end)

    # And everyone still gets a normal answer.
    for person in people[:5]:
        before = fake_api.sent_count(person.user)
        fake_api.push_text(person.user, "/menu")
        fake_api.wait_for(lambda api, p=person, b=before: any(
            m.get("reply_markup") for m in api.sent_messages(p.user)[b:]), timeout=REPLY_WAIT)
        # The quick-exit button, in whichever language the fuzz left the person in.
        assert "/quick_exit" in str(fake_api.sent_messages(person.user)[-1]["reply_markup"])
        assert texts(fake_api.sent_messages(person.user)[before:])
