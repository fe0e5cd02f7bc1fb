"""The preview page talks to Rasa's REST channel (here a small fake server)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask.testing import FlaskClient

from bot.config import Settings, load_settings
from bot.console.app import create_app
from bot.console.blueprints.preview import PREFIX
from tests.console.conftest import forms_of, post_form, sign_in


class FakeRasa:
    """Answers POST /webhooks/rest/webhook like Rasa's REST channel; keeps what it got."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.reply: list[dict] = [{
            "recipient_id": "x", "text": "Here are cooking classes near Atlanta.",
            "buttons": [{"title": "Show more", "payload": "/more_programs"},
                        {"title": "Start over", "payload": "/restart"}],
        }]
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path != "/webhooks/rest/webhook":
                    self.send_response(404)
                    self.end_headers()
                    return
                fake.received.append(json.loads(body))
                answer = json.dumps(fake.reply).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture()
def rasa() -> Iterator[FakeRasa]:
    fake = FakeRasa()
    yield fake
    fake.close()


def console_for(settings: Settings, rasa_url: str) -> FlaskClient:
    with_rasa = load_settings({"BOT_VAR_DIR": str(settings.var_dir),
                               "DATABASE_URL": settings.database_url,
                               "RASA_URL": rasa_url, "RASA_TIMEOUT_S": "3"})
    client = create_app(with_rasa).test_client()
    assert sign_in(client, "sam").status_code == 302
    return client


def say(client: FlaskClient, text: str):  # type: ignore[no-untyped-def]
    return post_form(client, "/preview", {"text": text})


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_reply_text_and_buttons_appear(settings: Settings, staff, rasa: FakeRasa) -> None:  # type: ignore[no-untyped-def]
    client = console_for(settings, rasa.url)
    response = say(client, "cooking classes in Atlanta")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/preview#last")
    html = client.get("/preview").get_data(as_text=True)
    assert "cooking classes in Atlanta" in html  # what was said
    assert "Here are cooking classes near Atlanta." in html
    buttons = {f["fields"].get("title"): f["fields"].get("payload") for f in forms_of(html)
               if "payload" in f["fields"]}
    assert buttons == {"Show more": "/more_programs", "Start over": "/restart"}

    [sent] = rasa.received
    assert sent["message"] == "cooking classes in Atlanta"
    assert sent["sender"].startswith(PREFIX) and PREFIX == "console-preview-"


def test_a_button_press_sends_its_payload(settings: Settings, staff, rasa: FakeRasa) -> None:  # type: ignore[no-untyped-def]
    client = console_for(settings, rasa.url)
    say(client, "hello")
    rasa.reply = [{"text": "Two more programs."}]
    response = post_form(client, "/preview", {"payload": "/more_programs",
                                              "title": "Show more"})
    assert response.status_code == 302
    assert [m["message"] for m in rasa.received] == ["hello", "/more_programs"]
    assert rasa.received[0]["sender"] == rasa.received[1]["sender"]  # one conversation
    html = client.get("/preview").get_data(as_text=True)
    assert "Show more" in html  # the title is shown for what was pressed
    assert "Two more programs." in html


def test_each_account_and_new_conversation_gets_its_own_sender(
        settings: Settings, staff, make_account, rasa: FakeRasa) -> None:  # type: ignore[no-untyped-def]
    client = console_for(settings, rasa.url)
    say(client, "one")
    post_form(client, "/preview/new", token_from="/preview")
    say(client, "two")
    make_account("robin", "counselor")
    other = create_app(load_settings({
        "BOT_VAR_DIR": str(settings.var_dir), "DATABASE_URL": settings.database_url,
        "RASA_URL": rasa.url})).test_client()
    assert sign_in(other, "robin").status_code == 302
    say(other, "three")
    senders = [m["sender"] for m in rasa.received]
    assert all(s.startswith("console-preview-") for s in senders)
    assert len(set(senders)) == 3
    html = client.get("/preview").get_data(as_text=True)
    assert '<div class="text">two</div>' in html
    assert '<div class="text">one</div>' not in html  # a new conversation starts afresh


def test_rasa_down_shows_a_note(settings: Settings, staff) -> None:  # type: ignore[no-untyped-def]
    client = console_for(settings, f"http://127.0.0.1:{closed_port()}")
    response = say(client, "hello")
    assert response.status_code == 302
    html = client.get("/preview").get_data(as_text=True)
    assert "The assistant is not answering right now." in html


def test_rasa_answering_an_error_shows_the_note(settings: Settings, staff,  # type: ignore[no-untyped-def]
                                                rasa: FakeRasa) -> None:
    client = console_for(settings, rasa.url + "/wrong-prefix")  # the fake answers 404
    say(client, "hello")
    assert "not answering right now" in client.get("/preview").get_data(as_text=True)


def test_replies_are_escaped(settings: Settings, staff, rasa: FakeRasa) -> None:  # type: ignore[no-untyped-def]
    rasa.reply = [{"text": "<script>alert(1)</script>",
                   "buttons": [{"title": "<b>bold</b>", "payload": "/x"}]}]
    client = console_for(settings, rasa.url)
    say(client, "hi")
    html = client.get("/preview").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html and "<b>bold</b>" not in html
