"""The preview blueprint: staff talk to the assistant through the same Rasa server,
model and actions the Telegram bridge uses, to see how their listings and entries appear
to a survivor.

Each preview is its own conversation (a sender id that no Telegram user can have). The
page keeps the last few turns in memory only; Rasa's store erases the conversation like
any other after the retention period.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import httpx
from flask import Blueprint, g, redirect, render_template, request, session, url_for
from flask_login import current_user

from bot.console.access import roles
from bot.replies import Button, parse_rasa_replies

MAX_TURNS = 40
MAX_CONVERSATIONS = 200
MAX_TEXT = 4000
PREFIX = "console-preview-"

bp = Blueprint("preview", __name__)


@dataclass
class Line:
    """One message on the preview page."""

    who: str  # "you" | "bot" | "note"
    text: str
    buttons: list[Button] = field(default_factory=list)


_lock = threading.Lock()
_transcripts: OrderedDict[str, list[Line]] = OrderedDict()


def _sender() -> str:
    token = session.get("preview")
    if not token:
        token = session["preview"] = secrets.token_hex(8)
    return f"{PREFIX}{current_user.account_id}-{token}"


def _remember(sender: str, lines: list[Line]) -> list[Line]:
    with _lock:
        transcript = _transcripts.pop(sender, [])
        transcript.extend(lines)
        _transcripts[sender] = transcript[-MAX_TURNS:]
        while len(_transcripts) > MAX_CONVERSATIONS:
            _transcripts.popitem(last=False)
        return list(_transcripts[sender])


def send(rasa_url: str, sender: str, text: str, timeout_s: float = 30.0) -> list[Line]:
    """One message to the Rasa REST channel; the assistant's replies as lines."""
    try:
        response = httpx.post(f"{rasa_url.rstrip('/')}/webhooks/rest/webhook",
                              json={"sender": sender, "message": text,
                                    "metadata": {"channel": "console-preview"}},
                              timeout=timeout_s)
        response.raise_for_status()
        raw = response.json()
    except (httpx.HTTPError, ValueError):
        return [Line("note", "The assistant is not answering right now. Is it running? "
                             "Try again in a minute.")]
    lines: list[Line] = []
    for reply in parse_rasa_replies(raw if isinstance(raw, list) else []):
        if reply.quick_exit:
            lines.append(Line("note", "Quick exit: in Telegram the chat would be cleared "
                                      "here."))
            continue
        lines.append(Line("bot", reply.text, reply.buttons))
    return lines or [Line("note", "(no reply)")]


@bp.route("/preview", methods=["GET", "POST"])
@roles("staff", "counselor")
def index():  # type: ignore[no-untyped-def]
    sender = _sender()
    lines = _remember(sender, [])
    if request.method == "POST":
        payload = request.form.get("payload", "")
        text = payload or request.form.get("text", "").strip()[:MAX_TEXT]
        shown = request.form.get("title", "") if payload else text
        if text:
            settings = g.settings
            lines = _remember(sender, [Line("you", shown or text)] + send(
                settings.rasa_url, sender, text, settings.rasa_timeout_s))
        return redirect(url_for("preview.index") + "#last")
    return render_template("preview/index.html", lines=lines)


@bp.post("/preview/new")
@roles("staff", "counselor")
def new():  # type: ignore[no-untyped-def]
    with _lock:
        _transcripts.pop(_sender(), None)
    session.pop("preview", None)
    return redirect(url_for("preview.index"))
