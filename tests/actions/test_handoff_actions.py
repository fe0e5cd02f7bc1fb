"""Talking to a person: the handoff actions against a temporary database, with trackers
built in the test and a collecting dispatcher (no Rasa, no bridge)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from sqlalchemy import func, select

from actions.handoff import (
    ActionHandoffCancel,
    ActionHandoffResume,
    ActionHandoffSend,
    ActionHandoffShare,
    ActionHandoffStart,
)
from bot.accounts.auth import create_account
from bot.accounts.models import StaffAccount
from bot.assess.profile import save_profile
from bot.config import Settings
from bot.db import saved
from bot.db.models import Consent
from bot.db.runtime import run_in_session
from bot.handoff import store
from bot.handoff.models import Ticket
from bot.programs.models import Program
from bot.programs.seed import load_sample
from tests.actions import support
from tests.actions.support import run

SENDER = "c" * 64
OTHER = "d" * 64
PROFILE = {"scores": {"S": 0.9, "C": 0.8, "R": 0.1}, "skills": ["childcare"], "titles": [],
           "constraints": {"childcare": "need", "hours": "part"}, "max_zone": 3}


def tracker(text: str, intent: str, entities: list[dict[str, Any]] | None = None,
            sender: str = SENDER) -> Tracker:
    return support.tracker(sender, text, intent, {}, entities)


def share(value: str, sender: str = SENDER, events: list[dict[str, Any]] | None = None
          ) -> Tracker:
    message = {"text": f'/handoff_share{{"share":"{value}"}}',
               "intent": {"name": "handoff_share"},
               "entities": [{"entity": "share", "value": value}],
               "metadata": {"channel": "telegram"}}
    return Tracker(sender, {}, message, events or [], False, None, {}, "action_listen")


def texts(sent: list[dict]) -> str:
    return "\n".join(m.get("text") or m.get("response") or "" for m in sent)


def user(text: str, intent: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def bot(text: str, buttons: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"event": "bot", "text": text, "data": {"buttons": buttons or []}, "metadata": {}}


def tickets(settings: Settings, sender: str = SENDER) -> list[Ticket]:
    def work(session: Any) -> list[Ticket]:
        found = list(session.execute(select(Ticket).where(Ticket.user_id == sender)
                                     .order_by(Ticket.id)).scalars())
        session.expunge_all()
        return found
    return run_in_session(work, settings.database_url)


@pytest.fixture()
def catalog(settings: Settings) -> Settings:
    run_in_session(load_sample, settings.database_url)
    return settings


def save_profile_and_program(settings: Settings) -> str:
    """A profile and one program marked to share; returns the program's name."""
    key_file = settings.data_key_file

    def work(session: Any) -> str:
        program = session.execute(select(Program).order_by(Program.id)).scalars().first()
        save_profile(session, SENDER, PROFILE, key_file)
        saved.save_item(session, SENDER, "program",
                        {"program_id": program.id, "key": program.key, "share": True},
                        key_file)
        return str(program.name)

    return run_in_session(work, settings.database_url)


def counselor_on_duty(settings: Settings) -> StaffAccount:
    def work(session: Any) -> StaffAccount:
        account = create_account(session, "maria", "a quiet green river 42", "counselor",
                                 display_name="Maria")
        store.set_on_duty(account, True)
        session.flush()
        session.expunge(account)
        return account
    return run_in_session(work, settings.database_url)


async def test_start_shows_who_answers_and_exactly_what_a_summary_holds(
        catalog: Settings) -> None:
    save_profile_and_program(catalog)
    _, sent = await run(ActionHandoffStart(), tracker("/choose_human", "choose_human"))
    text = texts(sent)
    assert "Counselors work for our partner organisation" in text
    assert "not police and not immigration" in text
    assert "They usually answer Monday to Friday, 9 am to 5 pm." in text
    choice = sent[-1]
    assert "• your saved job profile" in choice["text"]
    assert "• 1 saved program" in choice["text"]
    assert "record-relief" not in choice["text"] and "nothing saved" not in choice["text"]
    assert [b["payload"] for b in choice["buttons"]] == [
        '/handoff_share{"share":"none"}', '/handoff_share{"share":"summary"}',
        '/handoff_share{"share":"full"}', "/menu"]
    assert [b["title"] for b in choice["buttons"]] == [
        "Share nothing", "Share a summary", "Summary and this chat", "Not now"]


async def test_start_with_nothing_saved_says_the_summary_would_be_empty(
        settings: Settings) -> None:
    _, sent = await run(ActionHandoffStart(), tracker("i need a person", "choose_human"))
    assert "You have nothing saved yet, so the summary would be empty." in sent[-1]["text"]
    assert "•" not in sent[-1]["text"]


async def test_saved_record_relief_answers_are_named_by_place(settings: Settings) -> None:
    run_in_session(lambda s: saved.save_item(
        s, SENDER, "relief", {"shown": "ga|conviction|prostitution|yes|no|yes"},
        settings.data_key_file), settings.database_url)
    _, sent = await run(ActionHandoffStart(), tracker("/choose_human", "choose_human"))
    assert "• your record-relief answers for Georgia" in sent[-1]["text"]


async def test_after_hours_says_so_and_gives_the_crisis_line(settings: Settings) -> None:
    _, sent = await run(ActionHandoffStart(), tracker("/choose_human", "choose_human"))
    text = texts(sent)
    assert "No counselor is on duty right now." in text
    assert "leave a message" in text and "1-888-373-7888" in text and "911" in text


async def test_on_duty_says_so_without_alarm(settings: Settings) -> None:
    counselor_on_duty(settings)
    _, sent = await run(ActionHandoffStart(), tracker("/choose_human", "choose_human"))
    text = texts(sent)
    assert "A counselor is on duty now." in text
    assert "No counselor" not in text and "1-888-373-7888" not in text


async def test_share_nothing_makes_a_draft_with_nothing_sealed_and_records_consent(
        catalog: Settings) -> None:
    save_profile_and_program(catalog)
    _, sent = await run(ActionHandoffShare(), share("none"))
    [ticket] = tickets(catalog)
    assert ticket.status == "draft" and ticket.share == "none" and ticket.channel == "telegram"
    assert ticket.sealed_summary == "" and ticket.sealed_transcript == ""
    assert sent[0]["custom"] == {"handoff_ticket": ticket.id}
    assert "only what you write to them" in sent[1]["text"]
    assert "add a short note" in sent[1]["text"]
    assert [b["payload"] for b in sent[1]["buttons"]] == ["/handoff_send", "/handoff_cancel"]
    kinds = run_in_session(lambda s: [(c.kind, c.granted) for c in s.execute(
        select(Consent).where(Consent.user_id == SENDER)).scalars()], catalog.database_url)
    assert kinds == [("handoff_none", True)]


async def test_share_summary_seals_plain_lines_never_ids(catalog: Settings) -> None:
    name = save_profile_and_program(catalog)
    _, sent = await run(ActionHandoffShare(), share("summary"))
    assert "your saved job profile and 1 saved program" in sent[1]["text"]
    [ticket] = tickets(catalog)
    sealed = store.unseal(ticket.sealed_summary, catalog.data_key_file)
    assert set(sealed) == {"Job profile", "Saved programs"}
    assert any(line.startswith("Likes: helping") for line in sealed["Job profile"])
    assert "Other answers: needs childcare, part time" in sealed["Job profile"]
    assert sealed["Saved programs"][0].startswith(name)
    assert sealed["Saved programs"][0].endswith("marked to share")
    assert ticket.sealed_transcript == ""
    assert "program_id" not in str(sealed) and "childcare\"" not in str(sealed)


async def test_share_full_seals_the_typed_chat_up_to_the_request(settings: Settings) -> None:
    events = [
        user("hi", "greet"), bot("Hi. What would you like to do?"),
        user("/choose_skills", "choose_skills"), bot("1 of 30: Cook for many people"),
        user("my boss does not pay me, can i talk to someone", "choose_human"),
        bot("Counselors work for our partner organisation."),
        user('/handoff_share{"share":"full"}', "handoff_share"),
    ]
    _, sent = await run(ActionHandoffShare(), share("full", events=events))
    assert "a summary and our chat here" in sent[1]["text"]
    [ticket] = tickets(settings)
    assert ticket.after_hours  # nobody on duty
    assert store.unseal(ticket.sealed_transcript, settings.data_key_file) == [
        {"who": "person", "text": "hi"},
        {"who": "assistant", "text": "Hi. What would you like to do?"},
        {"who": "assistant", "text": "1 of 30: Cook for many people"},
        {"who": "person", "text": "my boss does not pay me, can i talk to someone"},
    ]
    assert store.unseal(ticket.sealed_summary, settings.data_key_file) == {}


async def test_transcript_keeps_the_newest_forty_messages(settings: Settings) -> None:
    events = [user(f"message {n}", "chitchat") for n in range(60)]
    await run(ActionHandoffShare(), share("full", events=events))
    shared = store.unseal(tickets(settings)[0].sealed_transcript, settings.data_key_file)
    assert len(shared) == 40 and shared[-1]["text"] == "message 59"


async def test_a_share_that_is_not_a_choice_is_asked_again(settings: Settings) -> None:
    _, sent = await run(ActionHandoffShare(), tracker(
        "/handoff_share", "handoff_share", [{"entity": "share", "value": "everything"}]))
    assert "tap one of the choices" in sent[0]["text"]
    assert sent[1]["buttons"][0]["payload"] == '/handoff_share{"share":"none"}'
    assert tickets(settings) == []


async def test_send_puts_the_request_in_line_first(settings: Settings) -> None:
    counselor_on_duty(settings)
    await run(ActionHandoffShare(), share("summary"))
    _, sent = await run(ActionHandoffSend(), tracker("/handoff_send", "handoff_send"))
    text = sent[0]["text"]
    assert text.startswith("Your request is sent. You are number 1 in line.")
    assert "A counselor will answer here, in this chat." in text
    assert "keep using the assistant" in text and "when a counselor joins" in text
    assert [b["payload"] for b in sent[0]["buttons"]] == ["/handoff_cancel", "/menu"]
    [ticket] = tickets(settings)
    assert ticket.status == "waiting" and ticket.sealed_note == ""
    # A second person is number 2.
    await run(ActionHandoffShare(), share("none", sender=OTHER))
    _, sent = await run(ActionHandoffSend(), tracker("/handoff_send", "handoff_send",
                                                     sender=OTHER))
    assert "You are number 2 in line." in sent[0]["text"]


async def test_sent_after_hours_says_the_next_shift_answers(settings: Settings) -> None:
    await run(ActionHandoffShare(), share("none"))
    _, sent = await run(ActionHandoffSend(), tracker("/handoff_send", "handoff_send"))
    assert "The next counselor on shift will answer here" in sent[0]["text"]


async def test_note_sent_by_the_bridge_is_kept(settings: Settings) -> None:
    await run(ActionHandoffShare(), share("none"))
    key_file = settings.data_key_file

    def bridge(session: Any) -> None:  # what the bridge does with the typed note
        store.submit(session, store.open_ticket(session, SENDER), "I need help with rent",
                     key_file)

    run_in_session(bridge, settings.database_url)
    _, sent = await run(ActionHandoffSend(), tracker("/handoff_send", "handoff_send"))
    assert "Your request is sent. You are number 1 in line." in sent[0]["text"]
    [ticket] = tickets(settings)
    assert store.unseal(ticket.sealed_note, key_file) == "I need help with rent"


async def test_send_without_a_request_offers_to_ask(settings: Settings) -> None:
    _, sent = await run(ActionHandoffSend(), tracker("/handoff_send", "handoff_send"))
    assert "no request" in sent[0]["text"]
    assert sent[0]["buttons"][0]["payload"] == "/choose_human"


async def test_asking_again_while_waiting_shows_where_the_request_stands(
        settings: Settings) -> None:
    await run(ActionHandoffShare(), share("summary"))
    await run(ActionHandoffSend(), tracker("/handoff_send", "handoff_send"))
    _, sent = await run(ActionHandoffStart(), tracker("talk to a person", "choose_human"))
    assert len(sent) == 1 and "You are number 1 in line." in sent[0]["text"]
    assert "will answer here, in this chat." in sent[0]["text"]
    assert [b["title"] for b in sent[0]["buttons"]] == ["Cancel my request", "Back to the menu"]
    # Pressing an old share button does not start a second request either.
    _, sent = await run(ActionHandoffShare(), share("full"))
    assert "You are number 1 in line." in sent[0]["text"]
    assert not any(m.get("custom") for m in sent)
    assert len(tickets(settings)) == 1


async def test_a_draft_shows_the_choice_again_and_a_new_choice_replaces_it(
        settings: Settings) -> None:
    await run(ActionHandoffShare(), share("none"))
    _, sent = await run(ActionHandoffStart(), tracker("/choose_human", "choose_human"))
    assert len(sent) == 1 and sent[0]["buttons"][0]["title"] == "Share nothing"
    await run(ActionHandoffShare(), share("summary"))
    first, second = tickets(settings)
    assert (first.status, first.closed_by) == ("closed", "cancelled")
    assert (second.status, second.share) == ("draft", "summary")


async def test_cancel_closes_the_request(settings: Settings) -> None:
    await run(ActionHandoffShare(), share("summary"))
    await run(ActionHandoffSend(), tracker("/handoff_send", "handoff_send"))
    _, sent = await run(ActionHandoffCancel(), tracker("cancel my request", "handoff_cancel"))
    assert sent[0]["text"] == "Your request is cancelled. Nothing more is shared."
    assert sent[1]["response"] == "utter_menu"
    [ticket] = tickets(settings)
    assert (ticket.status, ticket.closed_by) == ("closed", "cancelled")
    _, sent = await run(ActionHandoffCancel(), tracker("/handoff_cancel", "handoff_cancel"))
    assert sent[0]["text"] == "You have no request open."


async def test_with_a_counselor_cancel_and_asking_again_say_how_to_go_back(
        settings: Settings) -> None:
    account = counselor_on_duty(settings)
    await run(ActionHandoffShare(), share("none"))
    await run(ActionHandoffSend(), tracker("/handoff_send", "handoff_send"))

    def take(session: Any) -> None:
        ticket = store.open_ticket(session, SENDER)
        store.take(session, ticket, session.get(StaffAccount, account.id),
                   settings.data_key_file)

    run_in_session(take, settings.database_url)
    _, sent = await run(ActionHandoffCancel(), tracker("/handoff_cancel", "handoff_cancel"))
    assert sent == [{**sent[0], "text": "A counselor is with you now. Send /bot to go back "
                                         "to the assistant."}]
    _, sent = await run(ActionHandoffStart(), tracker("/choose_human", "choose_human"))
    assert "A counselor is with you. Write here to talk to them." in sent[0]["text"]
    _, sent = await run(ActionHandoffSend(), tracker("/handoff_send", "handoff_send"))
    assert "Send /bot" in sent[0]["text"]
    count = run_in_session(lambda s: s.execute(select(func.count()).select_from(Ticket).where(
        Ticket.status == "active")).scalar_one(), settings.database_url)
    assert count == 1


async def test_resume_goes_on_where_the_person_was() -> None:
    question = [{"title": "Love it", "payload": '/inform{"likert":"4"}'}]
    events = [
        user("/choose_skills", "choose_skills"), bot("3 of 30: Fix a bike", question),
        user("/choose_human", "choose_human"), bot("Counselors work for us."),
        user('/handoff_share{"share":"none"}', "handoff_share"), bot("OK."),
        user("/handoff_send", "handoff_send"), bot("Your request is sent."),
        user("/handoff_ended", "handoff_ended"),
    ]
    message = {"text": "/handoff_ended", "intent": {"name": "handoff_ended"}, "entities": []}
    _, sent = await run(ActionHandoffResume(), Tracker(SENDER, {}, message, events, False,
                                                       None, {}, "action_listen"))
    assert sent[0]["text"] == "You are back with the assistant."
    assert sent[1]["text"] == "3 of 30: Fix a bike" and sent[1]["buttons"] == question


async def test_resume_with_nothing_to_go_back_to_shows_the_menu() -> None:
    events = [user("/choose_human", "choose_human"), bot("Counselors work for us."),
              user("/handoff_ended", "handoff_ended")]
    message = {"text": "/handoff_ended", "intent": {"name": "handoff_ended"}, "entities": []}
    _, sent = await run(ActionHandoffResume(), Tracker(SENDER, {}, message, events, False,
                                                       None, {}, "action_listen"))
    assert sent[0]["text"] == "You are back with the assistant."
    assert sent[1]["response"] == "utter_menu"
