"""A counselor takes and answers a request in headless Chromium; the queue and the chat
update without reloading the page; other roles and counselors see only what they may."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Browser, Page, expect

from bot.handoff import store
from bot.handoff.models import Ticket, TicketMessage
from tests.browser.conftest import open_context, sign_in
from testsupport.console_server import ConsoleServer

POLL_WAIT_MS = 12_000  # the queue asks every 5 s, an open chat every 3 s


def _request(console: ConsoleServer, user: str, share: str, *, note: str = "",
             summary: dict | None = None, transcript: list | None = None) -> int:
    key_file = console.settings.data_key_file
    with console.session() as session:
        ticket = store.create_draft(session, user, share, key_file=key_file,
                                    summary=summary, transcript=transcript)
        store.submit(session, ticket, note or None, key_file)
        session.commit()
        return ticket.id


def _person_writes(console: ConsoleServer, ticket_id: int, text: str) -> None:
    with console.session() as session:
        ticket = session.get(Ticket, ticket_id)
        store.add_incoming(session, ticket, text, console.settings.data_key_file)
        session.commit()


def test_counselor_takes_and_answers_a_request(login: Callable[[str], Page],
                                               console: ConsoleServer) -> None:
    page = login("cora")
    page.get_by_role("link", name="Handoffs").click()
    expect(page.get_by_role("heading", name="People who asked for a person")).to_be_visible()
    page.get_by_role("button", name="Go on duty").click()
    expect(page.get_by_role("button", name="Go off duty")).to_be_visible()

    # A request arrives while the queue is open: it shows up without a reload.
    ticket_id = _request(console, "person-browser-1", "summary",
                         note="I want to start <b>working</b> again",
                         summary={"Your job profile": ["You like working with people"],
                                  "Saved programs": ["[SAMPLE] Kitchen Basics"]})
    url_before = page.url
    expect(page.get_by_role("link", name=f"Request {ticket_id}")).to_be_visible(
        timeout=POLL_WAIT_MS)
    assert page.url == url_before

    page.get_by_role("link", name=f"Request {ticket_id}").click()
    # Before taking it, nothing the person shared is visible.
    expect(page.get_by_role("button", name="Take this request")).to_be_visible()
    expect(page.get_by_text("You like working with people")).to_have_count(0)
    page.get_by_role("button", name="Take this request").click()

    # Now the summary and the note, escaped, and the chat.
    expect(page.get_by_text("You like working with people")).to_be_visible()
    expect(page.get_by_text("I want to start <b>working</b> again")).to_be_visible()
    expect(page.locator(".summary b")).to_have_count(0)
    expect(page.get_by_text("Cora joined the chat.")).to_be_visible()

    page.get_by_label("Your answer").fill("Hello, I am Cora. How can I help?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Hello, I am Cora. How can I help?")).to_be_visible()
    with console.session() as session:
        out = [d for d in store.pending(session, console.settings.data_key_file)
               if d.ticket_id == ticket_id and d.body.get("kind") == "text"]
    assert [(d.author_name, d.body["text"]) for d in out] == [
        ("Cora", "Hello, I am Cora. How can I help?")]

    # The person answers: it appears in the open chat without a reload.
    url_before = page.url
    _person_writes(console, ticket_id, "I need a job near Atlanta")
    expect(page.get_by_text("I need a job near Atlanta")).to_be_visible(timeout=POLL_WAIT_MS)
    assert page.url == url_before

    # End the chat with a last message.
    page.get_by_text("End the chat", exact=True).first.click()
    page.get_by_label("A last message (optional)").fill("Take care. Ask for us any time.")
    page.get_by_role("button", name="End the chat").click()
    expect(page.get_by_text("The chat is ended")).to_be_visible()
    with console.session() as session:
        ticket = session.get(Ticket, ticket_id)
        assert (ticket.status, ticket.closed_by, ticket.resume_pending) == (
            "closed", "counselor", True)


def test_consent_nothing_shows_no_profile(login: Callable[[str], Page],
                                          console: ConsoleServer) -> None:
    ticket_id = _request(console, "person-browser-2", "none")
    page = login("cora")
    page.goto(f"/handoffs/{ticket_id}")
    page.get_by_role("button", name="Take this request").click()
    expect(page.get_by_text("They chose to share nothing")).to_be_visible()
    expect(page.get_by_role("heading", name="Summary they shared")).to_have_count(0)


def test_another_counselor_must_take_over_to_see_it(browser: Browser,
                                                    console: ConsoleServer) -> None:
    console.create_account("carl", "ocean blue lantern 5", "counselor", "Carl")
    ticket_id = _request(console, "person-browser-3", "summary",
                         summary={"Your job profile": ["Secret detail for Cora only"]})
    first = open_context(browser, console)
    second = open_context(browser, console)
    try:
        cora = first.new_page()
        sign_in(cora, "cora")
        cora.goto(f"/handoffs/{ticket_id}")
        cora.get_by_role("button", name="Take this request").click()
        expect(cora.get_by_text("Secret detail for Cora only")).to_be_visible()

        carl = second.new_page()
        sign_in(carl, "carl", "ocean blue lantern 5")
        carl.goto(f"/handoffs/{ticket_id}")
        expect(carl.get_by_text("Cora is answering this person")).to_be_visible()
        expect(carl.get_by_text("Secret detail for Cora only")).to_have_count(0)
        response = carl.request.get(f"{console.url}/handoffs/{ticket_id}/messages")
        assert response.status == 403

        carl.get_by_role("button", name=re.compile("Take over")).click()
        expect(carl.get_by_text("Secret detail for Cora only")).to_be_visible()
        with console.session() as session:
            messages = session.query(TicketMessage).filter_by(ticket_id=ticket_id).all()
            assert len(messages) == 2  # "Cora joined", "Carl took over"
        cora.reload()
        expect(cora.get_by_text("Carl is answering this person")).to_be_visible()
    finally:
        first.close()
        second.close()


def test_staff_cannot_see_handoffs(login: Callable[[str], Page],
                                   console: ConsoleServer) -> None:
    ticket_id = _request(console, "person-browser-4", "full",
                         summary={"Your job profile": ["Staff must not see this"]})
    page = login("sam")
    expect(page.get_by_role("link", name="Handoffs")).to_have_count(0)
    for path in ("/handoffs", f"/handoffs/{ticket_id}"):
        response = page.goto(path)
        assert response is not None and response.status == 403
        expect(page.get_by_role("heading", name="Not for your role")).to_be_visible()
    expect(page.get_by_text("Staff must not see this")).to_have_count(0)
