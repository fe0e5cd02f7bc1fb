"""What the assistant answered, channel-neutral: texts with buttons, and control signals."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

# Commands a person can type, and the Rasa intent each one sends (Telegram and terminal).
COMMAND_INTENTS = {
    "start": "/greet",
    "menu": "/menu",
    "help": "/help",
    "privacy": "/privacy",
    "exit": "/quick_exit",
    "forget": "/forget",
    "saved": "/relief_saved",
    "language": "/choose_language",
    "idioma": "/choose_language",
}
QUICK_EXIT = "/quick_exit"

# A button payload is an intent, optionally with JSON entities: "/choose_skills" or
# '/inform{"zip":"30303"}'. Anything else coming back from a button is not ours.
PAYLOAD_PATTERN = re.compile(r"^/([a-z][a-z0-9_]{0,60})(\{.{0,400}\})?$", re.DOTALL)


@dataclass(frozen=True)
class Button:
    """One choice: what the person sees and what it sends back (see `payload`)."""

    title: str
    payload: str

    def to_rasa(self) -> dict[str, str]:
        """The shape Rasa's dispatcher and the REST channel use."""
        return {"title": self.title, "payload": self.payload}


def payload(intent: str, **entities: str | int) -> str:
    """A button payload: "/menu", or '/inform{"zip":"30303"}' with entities as JSON
    (json.dumps, so a quote or a backslash in a value can never break it)."""
    if not entities:
        return f"/{intent}"
    values = {name: str(value) for name, value in entities.items()}
    return f"/{intent}{json.dumps(values, separators=(',', ':'))}"


@dataclass
class Reply:
    """One assistant message, or a control signal such as a quick exit. Every presenter
    returns these; the actions send them to Rasa (`to_rasa`), the bridge to Telegram."""

    text: str = ""
    buttons: list[Button] = field(default_factory=list)
    quick_exit: bool = False
    forget: bool = False
    # Rasa made a counselor request (a ticket in state "draft"): the bridge notes where
    # the counselor's replies go. Never shown to the person.
    handoff_ticket: int | None = None

    def to_rasa(self) -> dict[str, Any]:
        """Keyword arguments for Rasa's `dispatcher.utter_message`."""
        return {"text": self.text, "buttons": [button.to_rasa() for button in self.buttons]}


def parse_rasa_replies(raw: list[dict[str, Any]]) -> list[Reply]:
    """Turn the REST channel's JSON list into replies, in order."""
    replies: list[Reply] = []
    for item in raw:
        custom = item.get("custom")
        if isinstance(custom, dict) and custom.get("quick_exit"):
            replies.append(Reply(quick_exit=True))
        if isinstance(custom, dict) and custom.get("forget"):
            replies.append(Reply(quick_exit=True, forget=True))
        ticket = _ticket_id(custom.get("handoff_ticket") if isinstance(custom, dict) else None)
        if ticket is not None:
            replies.append(Reply(handoff_ticket=ticket))
        text = item.get("text") or ""
        buttons = [
            Button(title=str(b.get("title", "")), payload=str(b.get("payload", "")))
            for b in item.get("buttons") or []
            if b.get("payload")
        ]
        if text or buttons:
            replies.append(Reply(text=text, buttons=buttons))
    return replies


def _ticket_id(value: Any) -> int | None:
    """A ticket id from a custom message: a positive int (or its digits), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, str) and value.isascii() and value.isdigit() and int(value) > 0:
        return int(value)
    return None


def command_word(text: str) -> str:
    """A typed command without its "/", bot name and arguments ("exit" for
    "/EXIT@SomeBot now"); "" when the text is not a command."""
    words = text.split()
    if not words or not words[0].startswith("/"):
        return ""
    return words[0][1:].split("@")[0].lower()


def payload_intent(payload: str) -> str | None:
    """The intent a button payload names, or None if it is not a valid payload."""
    found = PAYLOAD_PATTERN.match(payload or "")
    return found.group(1) if found else None


def split_text(text: str, limit: int = 4096) -> list[str]:
    """Split a long text into pieces of at most `limit` characters, at paragraph, line,
    sentence or word boundaries when possible."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            cut = window.rfind(sep)
            if cut > limit // 3:
                cut += len(sep)
                break
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        pieces.append(rest)
    return [p for p in pieces if p]
