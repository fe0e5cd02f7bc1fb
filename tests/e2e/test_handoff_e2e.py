"""Counselor handoff end to end: the real stack (trained model, action server, Rasa, the
Telegram bridge against the fake Bot API, and the staff console), driven from the
person's side through Telegram and from the counselor's side through the console's HTTP
interface (its forms, as a browser would send them)."""

from __future__ import annotations

import re
import time

import httpx
import pytest
from sqlalchemy import create_engine, text

from bot.accounts.auth import create_account
from bot.db.session import session_factory
from bot.handoff.models import Ticket
from bot.identity import Pseudonymizer
from tests.e2e.test_telegram_e2e import keyboard, press, say, texts
from testsupport.fake_bot_api import FakeBotApi
from testsupport.stack import TEST_PSEUDONYM_KEY, Stack

pytestmark = pytest.mark.e2e
PASSWORD = "river stones and tea 4"
WAIT = 60.0


class Console:
    """A counselor's browser session on the console, as plain HTTP."""

    def __init__(self, url: str, username: str) -> None:
        self.http = httpx.Client(base_url=url, follow_redirects=True, timeout=30)
        page = self.http.get("/login")
        self.http.post("/login", data={"username": username, "password": PASSWORD,
                                       "csrf_token": self.token(page.text)})
        assert self.http.get("/handoffs").status_code == 200

    @staticmethod
    def token(html: str) -> str:
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    def get(self, path: str) -> httpx.Response:
        return self.http.get(path)

    def post(self, path: str, **fields: str) -> httpx.Response:
        token = self.token(self.http.get("/handoffs").text)
        return self.http.post(path, data={"csrf_token": token, **fields})


def on_duty_counselor(stack: Stack, login: str, name: str) -> Console:
    """A counselor account, signed in to the console and on duty."""
    with session_factory(stack.settings.database_url)() as session:
        create_account(session, login, PASSWORD, "counselor", name, actor="test")
        session.commit()
    console = Console(stack.console_url, login)
    console.post("/handoffs/duty", on_duty="1")
    return console


@pytest.fixture(scope="module")
def counselor(stack: Stack) -> Console:
    return on_duty_counselor(stack, "cora", "Cora")


def sender_of(user: int) -> str:
    return Pseudonymizer(TEST_PSEUDONYM_KEY.encode()).sender_id("telegram", user)


def user_events(stack: Stack, user: int) -> int:
    """How many person messages Rasa has stored for this person."""
    engine = create_engine(stack.settings.tracker_store_url, future=True)
    try:
        with engine.connect() as connection:
            return connection.execute(
                text("select count(*) from events where sender_id = :s and type_name = 'user'"),
                {"s": sender_of(user)}).scalar_one()
    finally:
        engine.dispose()


def ticket_of(stack: Stack, user: int) -> Ticket:
    with session_factory(stack.settings.database_url)() as session:
        return session.query(Ticket).filter_by(user_id=sender_of(user)).order_by(
            Ticket.id.desc()).first()


def wait_for_text(api: FakeBotApi, user: int, fragment: str, after: int) -> list[dict]:
    """Messages the bot sent after `after`, once one contains `fragment`."""
    api.wait_for(lambda a: any(fragment in m.get("text", "")
                               for m in a.sent_messages(user)[after:]), timeout=WAIT)
    return api.sent_messages(user)[after:]


def ask_sharing_nothing(api: FakeBotApi, user: int) -> list[dict]:
    """Start, ask for a person, share nothing: the turn that asks for the optional note."""
    say(api, user, "/start")
    turn = say(api, user, "i need a real person")
    return press(api, user, turn[-1], "Share nothing")


def save_a_program(api: FakeBotApi, user: int) -> str:
    """Start, search, save the first program found; its card's name line."""
    say(api, user, "/start")
    cards = say(api, user, "free cooking classes in atlanta")
    program = re.search(r"\[SAMPLE\][^\n]*", texts(cards)).group(0).strip()
    assert "Saved" in texts(press(api, user, cards[-1], "Save 1"))
    return program


def test_summary_only_two_way_chat_then_the_assistant_resumes(
    fake_api: FakeBotApi, stack: Stack, counselor: Console
) -> None:
    user = 515000001
    program = save_a_program(fake_api, user)

    # Asking for a person: who, when, on duty, and exactly what a summary holds.
    turn = say(fake_api, user, "can i talk to someone")
    shown = texts(turn)
    assert "not police" in shown and "A counselor is on duty now." in shown
    assert "1 saved program" in shown
    assert [t for t, _ in keyboard(turn[-1])][:4] == [
        "Share nothing", "Share a summary", "Summary and this chat", "Not now"]
    turn = press(fake_api, user, turn[-1], "Share a summary")
    assert "Type it in one message now" in texts(turn)

    # The note goes with the request; Rasa confirms; the person sees their place in line.
    before = fake_api.sent_count(user)
    fake_api.push_text(user, "I want to find work soon")
    sent = wait_for_text(fake_api, user, "You are number 1 in line", before)
    assert "Your request is sent." in texts(sent)
    ticket = ticket_of(stack, user)
    assert (ticket.status, ticket.share) == ("waiting", "summary")
    with session_factory(stack.settings.database_url)() as session:
        consent = session.execute(text(
            "select kind from consent where user_id = :u"), {"u": sender_of(user)}).all()
    assert ("handoff_summary",) in [tuple(c) for c in consent]

    # The counselor sees the queue, and only after taking it, the summary and the note —
    # not the conversation (the person agreed to a summary only).
    assert f"Request {ticket.id}" in counselor.get("/handoffs/lists").text
    locked = counselor.get(f"/handoffs/{ticket.id}").text
    assert "Take this request" in locked and program not in locked
    before_join = fake_api.sent_count(user)
    page = counselor.post(f"/handoffs/{ticket.id}/take").text
    assert program in page and "I want to find work soon" in page
    assert "free cooking classes" not in page and "conversation with the assistant" not in page

    # The person is told who joined.
    joined = wait_for_text(fake_api, user, "Cora, a counselor, is here now", before_join)
    assert ("Back to the assistant", "/handoff_back") in keyboard(
        next(m for m in joined if "is here now" in m["text"]))

    # Two-way: the person's words reach the counselor and not Rasa.
    rasa_before = user_events(stack, user)
    count = fake_api.sent_count(user)
    fake_api.push_text(user, "hello? is this a real person")
    deadline = time.monotonic() + WAIT
    while "is this a real person" not in counselor.get(
            f"/handoffs/{ticket.id}/messages").text:
        assert time.monotonic() < deadline, "the message never reached the counselor"
        time.sleep(0.3)
    counselor.post(f"/handoffs/{ticket.id}/reply", text="Yes, I am Cora. How can I help?")
    got = wait_for_text(fake_api, user, "Cora (counselor): Yes, I am Cora", count)
    assert [m["text"] for m in got if "counselor):" in m["text"]] == [
        "Cora (counselor): Yes, I am Cora. How can I help?"]
    assert user_events(stack, user) == rasa_before

    # The counselor ends it; the person gets the goodbye, then the assistant is back.
    count = fake_api.sent_count(user)
    counselor.post(f"/handoffs/{ticket.id}/close", closing="Take care. Ask for us any time.")
    back = wait_for_text(fake_api, user, "You are back with the assistant", count)
    order = [m["text"] for m in back]
    assert order.index("Cora (counselor): Take care. Ask for us any time.") < order.index(
        "Cora ended the chat.") < next(i for i, t in enumerate(order) if "back with" in t)
    assert ticket_of(stack, user).status == "closed"
    # The assistant's own welcome back ends with its buttons; wait for them.
    fake_api.wait_for_keyboard(user, count, timeout=WAIT)
    time.sleep(1.0)

    # From now on, messages go to Rasa again.
    turn = say(fake_api, user, "menu")
    assert user_events(stack, user) > rasa_before
    assert "Skills and jobs" in [t for t, _ in keyboard(turn[-1])]


def test_consent_nothing_the_counselor_sees_no_profile_and_bot_ends_it(
    fake_api: FakeBotApi, stack: Stack, counselor: Console
) -> None:
    user = 515000002
    program = save_a_program(fake_api, user)
    turn = say(fake_api, user, "i need a real person")
    turn = press(fake_api, user, turn[-1], "Share nothing")
    assert "only what you write" in texts(turn)
    turn = press(fake_api, user, turn[-1], "Send without a note")
    assert "You are number" in texts(turn)
    ticket = ticket_of(stack, user)
    assert ticket.share == "none" and ticket.sealed_summary == ""

    count = fake_api.sent_count(user)
    page = counselor.post(f"/handoffs/{ticket.id}/take").text
    assert "They chose to share nothing" in page
    assert program not in page and "Summary they shared" not in page
    assert "cooking" not in page.lower()
    wait_for_text(fake_api, user, "is here now", count)
    count = fake_api.sent_count(user)
    fake_api.push_text(user, "/bot")
    wait_for_text(fake_api, user, "You are back with the assistant", count)
    closed = ticket_of(stack, user)
    assert (closed.status, closed.closed_by) == ("closed", "person")
    assert "went back to the assistant" in counselor.get(
        f"/handoffs/{ticket.id}/messages").text



def test_a_note_that_takes_the_request_back_is_never_sent_without_asking(
    fake_api: FakeBotApi, stack: Stack
) -> None:
    # English: "i changed my mind" while the note is awaited -> asked -> cancelled.
    user = 515000010
    ask_sharing_nothing(fake_api, user)
    turn = say(fake_api, user, "actually cancel that, i changed my mind")
    assert "Do you want to cancel your request" in texts(turn)
    assert "Nothing has been sent yet" in texts(turn)
    assert ticket_of(stack, user).status == "draft"  # not in the queue
    turn = press(fake_api, user, turn[-1], "Yes, cancel it")
    assert "Your request is cancelled" in texts(turn)
    cancelled = ticket_of(stack, user)
    assert (cancelled.status, cancelled.closed_by) == ("closed", "cancelled")

    # Spanish: a note that only sounds like it is sent, as written, when the person says so.
    user = 515000011
    say(fake_api, user, "/start")
    say(fake_api, user, "en español por favor")
    turn = say(fake_api, user, "quiero hablar con una persona")
    turn = press(fake_api, user, turn[-1], "No compartir nada")
    note = "ya no quiero trabajar de noche, quiero ayuda con eso"
    turn = say(fake_api, user, note)
    assert "¿Quieres cancelar tu pedido" in texts(turn)
    before = fake_api.sent_count(user)
    press(fake_api, user, turn[-1], "No, enviarlo con esa nota")
    sent = wait_for_text(fake_api, user, "Tu pedido se envió.", before)
    assert re.search(r"Tienes el lugar \d+ en la fila", texts(sent)), texts(sent)
    ticket = ticket_of(stack, user)
    assert ticket.status == "waiting" and ticket.sealed_note != ""


def test_stop_after_asking_for_a_counselor_offers_to_cancel_the_request(
    fake_api: FakeBotApi, stack: Stack
) -> None:
    user = 515000012
    turn = ask_sharing_nothing(fake_api, user)
    turn = press(fake_api, user, turn[-1], "Send without a note")
    assert ticket_of(stack, user).status == "waiting"
    turn = say(fake_api, user, "actually, cancel that, I changed my mind")
    assert "Do you want to cancel it?" in texts(turn), texts(turn)
    assert ticket_of(stack, user).status == "waiting"  # nothing decided on a guess
    turn = press(fake_api, user, turn[-1], "Cancel my request")
    assert "Your request is cancelled" in texts(turn)
    assert ticket_of(stack, user).status == "closed"
