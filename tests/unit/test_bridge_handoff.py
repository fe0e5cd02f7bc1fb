"""The bridge's side of the counselor handoff: a person's messages go to the counselor (not
to Rasa) while a counselor has the request, the outbox delivers counselor messages, and the
assistant takes the person back when the chat ends.

The real python-telegram-bot Application polls a fake Bot API on loopback; a stand-in Rasa
records what it receives; tickets live in a migrated temporary database.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.accounts.auth import create_account
from bot.accounts.models import StaffAccount
from bot.config import Settings
from bot.db.models import ChatMessage
from bot.db.session import session_factory
from bot.domain_info import known_intents
from bot.handoff import store
from bot.handoff.models import Ticket, TicketMessage
from bot.identity import Pseudonymizer
from bot.rasa_client import RasaUnavailable
from bot.replies import parse_rasa_replies
from bot.telegram import handoff as bridge_handoff
from bot.telegram.application import build_application
from bot.telegram.state import BridgeState
from testsupport.fake_bot_api import FakeBotApi

KEY = b"k" * 32
MENU = [{"title": "Skills and jobs", "payload": "/choose_skills"}]
CRISIS = "im scared hes outside"
SENT_TEXT = "Sent. A counselor will write to you here."
BACK_TEXT = "You are back with the assistant."


def sender_of(user: int) -> str:
    return Pseudonymizer(KEY).sender_id("telegram", user)


class FakeRasa:
    """Answers like Rasa's REST channel; records every (sender, text) it received."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.received: list[tuple[str, str]] = []
        self.down = False

    def texts(self, sender: str | None = None) -> list[str]:
        return [text for who, text in self.received if sender is None or who == sender]

    async def send(self, sender: str, text: str, metadata: Any = None) -> list[dict[str, Any]]:
        self.received.append((sender, text))
        await asyncio.sleep(0.01)
        if self.down:
            raise RasaUnavailable("ConnectError")
        if text == "talk to a person":  # the Rasa side makes a draft and says so
            ticket_id = self.desk.draft(sender)
            return [{"text": "Type a note for the counselor, or tap Send."},
                    {"custom": {"handoff_ticket": ticket_id}}]
        if text == "/quick_exit":
            return [{"custom": {"quick_exit": True}}, {"text": "Done. Press and hold to delete."}]
        if text == "/forget":
            return [{"text": "Delete everything?",
                     "buttons": [{"title": "Yes", "payload": "/forget_confirm"}]}]
        if text == "/handoff_send":
            return [{"text": SENT_TEXT}]
        if text == "/handoff_ended":
            return [{"text": BACK_TEXT, "buttons": MENU}]
        return [{"text": f"echo: {text}", "buttons": MENU}]

    async def close(self) -> None:
        return None


class Desk:
    """The counselors' side, straight on the database (what the console does)."""

    def __init__(self, settings: Settings) -> None:
        self.factory = session_factory(settings.database_url)
        self.key = settings.data_key_file

    def run(self, work: Callable[[Session], Any]) -> Any:
        with self.factory.begin() as session:
            return work(session)

    def counselor(self, username: str = "maria", name: str = "Maria") -> int:
        def make(session: Session) -> int:
            account = create_account(session, username, "correct horse battery 9",
                                     "counselor", display_name=name)
            session.flush()
            return account.id
        return self.run(make)

    def draft(self, sender: str) -> int:
        return self.run(lambda s: store.create_draft(
            s, sender, "summary", key_file=self.key, summary={"topic": "jobs"}).id)

    def active(self, user: int, account_id: int) -> int:
        """A request of this Telegram user that the counselor took (chat id = user id)."""
        ticket_id = self.draft(sender_of(user))

        def go(session: Session) -> None:
            store.set_chat(session, ticket_id, sender_of(user), user, self.key)
            ticket = session.get(Ticket, ticket_id)
            store.submit(session, ticket, "", self.key)
            store.take(session, ticket, session.get(StaffAccount, account_id), self.key)
        self.run(go)
        return ticket_id

    def reply(self, ticket_id: int, account_id: int, text: str) -> None:
        self.run(lambda s: store.reply(s, s.get(Ticket, ticket_id),
                                       s.get(StaffAccount, account_id), text, self.key))

    def close(self, ticket_id: int, account_id: int, closing: str) -> None:
        self.run(lambda s: store.close_by_counselor(
            s, s.get(Ticket, ticket_id), s.get(StaffAccount, account_id), closing,
            self.key))

    def ticket(self, ticket_id: int) -> dict[str, Any]:
        def read(session: Session) -> dict[str, Any]:
            t = session.get(Ticket, ticket_id)
            return {"status": t.status, "closed_by": t.closed_by, "chat": t.sealed_chat,
                    "chat_id": store.chat_of(t, self.key), "resume": t.resume_pending,
                    "note": store.unseal(t.sealed_note, self.key)}
        return self.run(read)

    def messages(self, ticket_id: int, direction: str) -> list[dict[str, Any]]:
        def read(session: Session) -> list[dict[str, Any]]:
            rows = session.execute(select(TicketMessage).where(
                TicketMessage.ticket_id == ticket_id, TicketMessage.direction == direction)
                .order_by(TicketMessage.id)).scalars()
            return [{"body": store.unseal(m.sealed_body, self.key), "crisis": m.crisis,
                     "delivered": m.delivered_at is not None, "failed": m.failed}
                    for m in rows]
        return self.run(read)

    def recorded_out_ids(self, user: int) -> set[int]:
        return set(self.run(lambda s: list(s.execute(
            select(ChatMessage.message_id).where(ChatMessage.user_id == sender_of(user),
                                                 ChatMessage.direction == "out")).scalars())))


@pytest.fixture()
def desk(bridge_settings: Settings) -> Desk:
    return Desk(bridge_settings)


class Running:
    """The bridge application polling the fake API (optionally with its outbox)."""

    def __init__(self, settings: Settings, rasa: FakeRasa) -> None:
        state = BridgeState(settings, rasa, Pseudonymizer(KEY), set(known_intents()))
        state.outbox_every_s = 0.05
        self.app = build_application(state)

    async def start(self, outbox: bool = False) -> Running:
        await self.app.initialize()
        if outbox:
            await self.app.post_init(self.app)  # what run_polling does: starts the outbox
        await self.app.start()
        await self.app.updater.start_polling(poll_interval=0.0, timeout=1)
        return self

    async def stop(self) -> None:
        await self.app.updater.stop()
        await self.app.stop()
        await self.app.post_stop(self.app)
        await self.app.shutdown()
        await self.app.post_shutdown(self.app)


@pytest.fixture()
async def running(bridge_settings: Settings, desk: Desk):  # type: ignore[no-untyped-def]
    started: list[Running] = []

    async def start(outbox: bool = False) -> tuple[Running, FakeRasa]:
        rasa = FakeRasa(desk)
        runner = await Running(bridge_settings, rasa).start(outbox)
        started.append(runner)
        return runner, rasa

    yield start
    for runner in started:
        await runner.stop()


async def wait(api: FakeBotApi, chat: int, count: int) -> list[dict]:
    """The bot's messages to `chat` once there are at least `count`."""
    return await asyncio.to_thread(api.wait_for_messages, chat, count, 15.0)


async def until(condition: Callable[[], Any], timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


def buttons(message: dict) -> list[tuple[str, str]]:
    markup = message.get("reply_markup") or {}
    return [(b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", [])
            for b in row]


# --- parsing ------------------------------------------------------------------------------

def test_handoff_ticket_is_parsed_and_never_shown() -> None:
    replies = parse_rasa_replies([{"text": "Type a note."}, {"custom": {"handoff_ticket": 12}},
                                  {"custom": {"handoff_ticket": True}},
                                  {"custom": {"handoff_ticket": "x1"}}])
    assert [(r.text, r.handoff_ticket) for r in replies] == [("Type a note.", None), ("", 12)]
    assert parse_rasa_replies([{"custom": {"handoff_ticket": "7"}}])[0].handoff_ticket == 7


# --- (a) a draft: the typed text is the note -------------------------------------------

async def test_draft_chat_is_kept_and_typed_text_becomes_the_note(
    api: FakeBotApi, desk: Desk, running: Any
) -> None:
    _, rasa = await running()
    user, sender = 4101, sender_of(4101)
    api.push_text(user, "talk to a person")
    first = await wait(api, user, 1)
    assert first[0]["text"] == "Type a note for the counselor, or tap Send."
    ticket_id = desk.run(lambda s: store.open_ticket(s, sender).id)
    await until(lambda: desk.ticket(ticket_id)["chat_id"] == user)
    assert desk.ticket(ticket_id)["status"] == "draft"

    api.push_text(user, "I want help with my record")
    sent = await wait(api, user, 2)
    assert sent[1]["text"] == SENT_TEXT
    assert rasa.texts(sender) == ["talk to a person", "/handoff_send"]
    ticket = desk.ticket(ticket_id)
    assert ticket["status"] == "waiting" and ticket["note"] == "I want help with my record"
    assert len(api.sent_messages(user)) == 2  # the ticket signal itself sent nothing


async def test_crisis_words_in_a_note_get_crisis_help_first_and_the_note_is_kept(
    api: FakeBotApi, desk: Desk, running: Any
) -> None:
    _, rasa = await running()
    user, sender = 4102, sender_of(4102)
    ticket_id = desk.draft(sender)
    api.push_text(user, CRISIS)
    sent = await wait(api, user, 2)
    assert "1-888-373-7888" in sent[0]["text"] and sent[1]["text"] == SENT_TEXT
    assert desk.ticket(ticket_id)["note"] == CRISIS
    assert rasa.texts(sender) == ["/handoff_send"]


async def test_a_ticket_of_someone_else_is_not_touched(
    api: FakeBotApi, desk: Desk, running: Any
) -> None:
    _, rasa = await running()
    other = desk.draft(sender_of(9999))
    rasa_answer = rasa.send

    async def forged(sender: str, text: str, metadata: Any = None) -> list[dict[str, Any]]:
        await rasa_answer(sender, text, metadata)
        return [{"text": "ok"}, {"custom": {"handoff_ticket": other}}]

    rasa.send = forged  # type: ignore[method-assign]
    api.push_text(4103, "hello")
    await wait(api, 4103, 1)
    await asyncio.sleep(0.2)
    assert desk.ticket(other)["chat"] == ""


# --- (b) active: text goes to the counselor, nothing to Rasa ----------------------------

async def test_active_text_goes_to_the_counselor_and_crisis_gets_help_at_once(
    api: FakeBotApi, desk: Desk, running: Any
) -> None:
    _, rasa = await running()
    user = 4201
    ticket_id = desk.active(user, desk.counselor())
    api.push_text(user, "hello Maria, thanks")
    await until(lambda: desk.messages(ticket_id, "in"))
    assert desk.messages(ticket_id, "in") == [
        {"body": "hello Maria, thanks", "crisis": False, "delivered": False, "failed": False}]
    await asyncio.sleep(0.2)
    assert rasa.received == [] and api.sent_messages(user) == []  # deliberate silence

    api.push_text(user, CRISIS)
    sent = await wait(api, user, 1)
    assert "1-888-373-7888" in sent[0]["text"] and "not the police" in sent[0]["text"]
    await until(lambda: len(desk.messages(ticket_id, "in")) == 2)
    assert desk.messages(ticket_id, "in")[1]["body"] == CRISIS
    assert desk.messages(ticket_id, "in")[1]["crisis"] is True
    assert rasa.received == []


# --- (c) /bot ends the chat and Rasa takes over -----------------------------------------

async def test_bot_command_ends_the_chat_and_rasa_resumes(
    api: FakeBotApi, desk: Desk, running: Any
) -> None:
    _, rasa = await running()
    user, sender = 4301, sender_of(4301)
    ticket_id = desk.active(user, desk.counselor())
    api.push_text(user, "/bot")
    sent = await wait(api, user, 1)
    assert sent[0]["text"] == BACK_TEXT
    assert rasa.texts() == ["/handoff_ended"] and rasa.received[0][0] == sender
    ticket = desk.ticket(ticket_id)
    assert ticket["status"] == "closed" and ticket["closed_by"] == "person"
    assert ticket["chat"] == ""

    # Afterwards, /bot is only the menu, and text goes to Rasa again.
    api.push_text(user, "/bot")
    api.push_text(user, "hello again")
    await wait(api, user, 3)
    assert rasa.texts() == ["/handoff_ended", "/menu", "hello again"]


# --- (d) quick exit during a counselor chat --------------------------------------------

async def test_quick_exit_ends_the_chat_and_deletes_messages(
    api: FakeBotApi, desk: Desk, running: Any
) -> None:
    _, rasa = await running()
    user = 4401
    api.push_text(user, "hello")
    await wait(api, user, 1)
    ticket_id = desk.active(user, desk.counselor())
    api.push_text(user, "are you there?")
    await until(lambda: desk.messages(ticket_id, "in"))
    api.push_text(user, "/exit")
    sent = await wait(api, user, 2)
    assert "Press and hold" in sent[-1]["text"]
    ticket = desk.ticket(ticket_id)
    assert ticket["status"] == "closed" and ticket["closed_by"] == "quick_exit"
    alive = [m["message_id"] for m in api.messages(user) if not m["deleted"]]
    assert alive == [sent[-1]["message_id"]]
    assert rasa.texts() == ["hello", "/quick_exit"]


async def test_quick_exit_also_ends_a_request_still_waiting(
    api: FakeBotApi, desk: Desk, running: Any
) -> None:
    """No counselor may write "Maria is here now" to a phone the person just hid the chat
    on: a waiting request ends with the quick exit too."""
    _, rasa = await running()
    user = 4403
    api.push_text(user, "hello")
    await wait(api, user, 1)
    ticket_id = desk.draft(sender_of(user))
    desk.run(lambda s: store.submit(s, s.get(Ticket, ticket_id), "", desk.key))
    api.push_text(user, "/exit")
    await wait(api, user, 2)
    ticket = desk.ticket(ticket_id)
    assert (ticket["status"], ticket["closed_by"]) == ("closed", "quick_exit")
    maria = desk.counselor()
    with pytest.raises(store.HandoffError):
        desk.run(lambda s: store.take(s, s.get(Ticket, ticket_id),
                                      s.get(StaffAccount, maria), desk.key))


async def test_quick_exit_button_works_even_when_the_database_call_fails(
    api: FakeBotApi, desk: Desk, running: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, rasa = await running()
    user = 4402
    api.push_text(user, "hello")
    menu = (await wait(api, user, 1))[0]
    desk.active(user, desk.counselor())

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database is down")

    monkeypatch.setattr(bridge_handoff, "end_active", broken)
    api.push_callback(user, menu["message_id"], dict(buttons(menu))["Quick exit"])
    sent = await wait(api, user, 2)
    assert "Press and hold" in sent[-1]["text"]
    alive = [m["message_id"] for m in api.messages(user) if not m["deleted"]]
    assert alive == [sent[-1]["message_id"]]


# --- (e) the outbox --------------------------------------------------------------------

async def test_counselor_messages_are_delivered_once_in_order_with_back_and_exit(
    api: FakeBotApi, desk: Desk, running: Any
) -> None:
    _, rasa = await running(outbox=True)
    commands = api.calls("setMyCommands")[-1]["params"]["commands"]
    assert "bot" in [c["command"] for c in commands]
    user, bystander = 4501, 4502
    maria = desk.counselor()
    ticket_id = desk.active(user, maria)
    desk.reply(ticket_id, maria, "Hello, I am here. How can I help?")
    sent = await wait(api, user, 2)
    assert sent[0]["text"] == ("Maria, a counselor, is here now. Write to them here. "
                               "To go back to the assistant, send /bot.")
    assert sent[1]["text"] == "Maria (counselor): Hello, I am here. How can I help?"
    for message in sent:
        assert [t for t, _ in buttons(message)] == ["Back to the assistant", "Quick exit"]
    await asyncio.sleep(0.5)  # several more rounds
    assert len(api.sent_messages(user)) == 2 and api.sent_messages(bystander) == []
    out = desk.messages(ticket_id, "out")
    assert [(m["delivered"], m["failed"]) for m in out] == [(True, False), (True, False)]
    # Their ids are kept, so a quick exit deletes them too.
    await until(lambda: desk.recorded_out_ids(user) == {m["message_id"] for m in sent})
    assert rasa.received == []

    # "Back to the assistant" on the counselor's message: like /bot.
    api.push_callback(user, sent[1]["message_id"], "/handoff_back")
    back = await wait(api, user, 3)
    assert back[2]["text"] == BACK_TEXT and rasa.texts() == ["/handoff_ended"]
    assert desk.ticket(ticket_id)["closed_by"] == "person"


async def test_outbox_gives_up_on_blocked_chats_and_retries_network_errors(
    api: FakeBotApi, desk: Desk, running: Any
) -> None:
    maria = desk.counselor()
    blocked = desk.active(4601, maria)
    api.fail_next("sendMessage", 403)  # the "joined" message to 4601: bot blocked
    await running(outbox=True)
    await until(lambda: desk.messages(blocked, "out")[0]["failed"])
    assert api.sent_messages(4601) == []

    flaky = desk.active(4602, maria)
    api.fail_next("sendMessage", 500, times=2)
    sent = await wait(api, 4602, 1)
    assert "is here now" in sent[0]["text"]
    await asyncio.sleep(0.3)
    assert len(api.sent_messages(4602)) == 1
    assert desk.messages(flaky, "out")[0]["delivered"] is True
    assert desk.messages(flaky, "out")[0]["failed"] is False

    # No chat to deliver to (e.g. a request made in the console's preview): failed.
    nowhere = desk.draft(sender_of(4603))
    desk.run(lambda s: (store.submit(s, s.get(Ticket, nowhere), "", desk.key),
                        store.take(s, s.get(Ticket, nowhere),
                                   s.get(StaffAccount, maria), desk.key)))
    await until(lambda: desk.messages(nowhere, "out")[0]["failed"])


# --- (f) the counselor ends the chat ---------------------------------------------------

async def test_counselor_close_delivers_the_goodbye_then_rasa_takes_over(
    api: FakeBotApi, desk: Desk, running: Any
) -> None:
    _, rasa = await running(outbox=True)
    user, sender = 4701, sender_of(4701)
    maria = desk.counselor()
    ticket_id = desk.active(user, maria)
    await wait(api, user, 1)
    desk.close(ticket_id, maria, "Take care. Write again any time.")
    sent = await wait(api, user, 4)
    assert [m["text"] for m in sent[1:]] == [
        "Maria (counselor): Take care. Write again any time.",
        "Maria ended the chat.",
        BACK_TEXT,
    ]
    assert [t for t, _ in buttons(sent[2])] == ["Quick exit"]
    assert rasa.received == [(sender, "/handoff_ended")]
    ticket = desk.ticket(ticket_id)
    assert ticket["resume"] is False and ticket["chat"] == "" and ticket["status"] == "closed"
    await asyncio.sleep(0.4)
    assert rasa.received == [(sender, "/handoff_ended")] and len(api.sent_messages(user)) == 4


async def test_resume_waits_quietly_while_rasa_is_down(
    api: FakeBotApi, desk: Desk, running: Any
) -> None:
    _, rasa = await running(outbox=True)
    user = 4702
    maria = desk.counselor()
    ticket_id = desk.active(user, maria)
    await wait(api, user, 1)
    rasa.down = True
    desk.close(ticket_id, maria, "")
    await wait(api, user, 2)
    await until(lambda: len(rasa.received) >= 3)  # tried every round
    assert len(api.sent_messages(user)) == 2  # no "can't answer" every second
    assert desk.ticket(ticket_id)["resume"] is True
    rasa.down = False
    sent = await wait(api, user, 3)
    assert sent[2]["text"] == BACK_TEXT
    await until(lambda: desk.ticket(ticket_id)["resume"] is False)


# --- (g), (h) everything else during a counselor chat ----------------------------------

async def test_menu_and_old_buttons_during_a_chat_say_who_is_listening(
    api: FakeBotApi, desk: Desk, running: Any
) -> None:
    _, rasa = await running()
    user = 4801
    api.push_text(user, "hello")
    menu = (await wait(api, user, 1))[0]
    rasa.received.clear()
    ticket_id = desk.active(user, desk.counselor())
    api.push_text(user, "/menu")
    sent = await wait(api, user, 2)
    assert sent[1]["text"] == ("You are talking with a counselor. "
                               "Send /bot to go back to the assistant.")
    api.push_callback(user, menu["message_id"], "/choose_skills")
    sent = await wait(api, user, 3)
    assert "talking with a counselor" in sent[2]["text"]
    assert rasa.received == [] and desk.ticket(ticket_id)["status"] == "active"

    # "Delete everything" still reaches the assistant.
    api.push_text(user, "/forget")
    await wait(api, user, 4)
    assert rasa.texts() == ["/forget"]


async def test_sticker_and_edits_during_a_chat_ask_for_new_text(
    api: FakeBotApi, desk: Desk, running: Any
) -> None:
    _, rasa = await running()
    user = 4901
    desk.active(user, desk.counselor())
    api.push_sticker(user)
    sent = await wait(api, user, 1)
    assert sent[0]["text"] == ("I can only pass on text to the counselor. "
                               "Please type your message.")
    typed = api.push_text(user, "hi")
    edit_id = typed["message"]["message_id"]
    await asyncio.sleep(0.2)
    api.push_edited_text(user, edit_id, "hi there")
    sent = await wait(api, user, 2)
    assert "only sees new messages" in sent[1]["text"]
    assert rasa.received == []
