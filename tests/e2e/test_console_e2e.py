"""The staff console with the real stack: what staff save is what survivors get, as text
(never markup), and the preview talks to the same assistant."""

from __future__ import annotations

import re

import httpx
import pytest

from bot.accounts.auth import create_account
from bot.db.session import session_factory
from tests.e2e.test_telegram_e2e import say, texts
from testsupport.fake_bot_api import FakeBotApi
from testsupport.stack import Stack

pytestmark = pytest.mark.e2e
PASSWORD = "seven green kettles 3"
NAME = "<script>alert(1)</script> Welding Lab"


def token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.fixture(scope="module")
def staff(stack: Stack) -> httpx.Client:
    with session_factory(stack.settings.database_url)() as session:
        create_account(session, "sam", PASSWORD, "staff", "Sam", actor="test")
        session.commit()
    http = httpx.Client(base_url=stack.console_url, follow_redirects=True, timeout=60)
    page = http.get("/login")
    http.post("/login", data={"username": "sam", "password": PASSWORD,
                              "csrf_token": token(page.text)})
    return http


def test_a_listing_saved_in_the_console_reaches_telegram_as_plain_text(
    fake_api: FakeBotApi, stack: Stack, staff: httpx.Client
) -> None:
    form = staff.get("/programs/new").text
    fields = {"csrf_token": token(form), "key": "console-e2e-welding", "name": NAME,
              "provider_name": "Console Test Trades", "format": "in_person",
              "city": "Atlanta", "state": "GA", "zip": "30303", "total_cost_usd": "0",
              "keywords": "welding welder", "occupations": "51-4121",
              "last_verified": "2026-11-01", "languages": "en", "daytime": "yes"}
    saved = staff.post("/programs/new", data=fields)
    assert saved.status_code == 200 and "Saved" in saved.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Welding Lab" in saved.text
    assert "<script>alert(1)</script>" not in saved.text

    user = 616000001
    say(fake_api, user, "/start")
    cards = say(fake_api, user, "free welding classes in atlanta")
    assert NAME in texts(cards)  # shown as typed: a literal "<script>", not markup
    calls = [c for c in fake_api.calls("sendMessage", chat_id=user)
             if NAME in str(c["params"].get("text", ""))]
    assert calls and all(not c["params"].get("parse_mode") for c in calls)


def test_the_preview_talks_to_the_same_assistant(stack: Stack, staff: httpx.Client) -> None:
    page = staff.get("/preview").text
    answer = staff.post("/preview", data={"csrf_token": token(page),
                                          "text": "free welding classes in atlanta"})
    assert answer.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Welding Lab" in answer.text
    assert "not answering" not in answer.text
