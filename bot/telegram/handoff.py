"""The bridge's side of the counselor handoff: which way a person's message goes, and what
a counselor's message looks like in the chat.

Every state change goes through bot.handoff.store; the functions here take a session (the
bridge runs them with run_in_session_async) and return plain values, never ORM objects, so
nothing is read after its session closed. Nothing here logs a person's words or chat id.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import catalog
from bot.handoff import store
from bot.handoff.models import OPEN_STATUSES, Ticket

# Payloads the bridge itself sends to Rasa, and the one button it makes.
# The person's note was added and the request submitted: Rasa confirms it with the same
# intent as "Send without a note" (action_handoff_send finds the request already waiting).
HANDOFF_SENT = "/handoff_send"
HANDOFF_ENDED = "/handoff_ended"  # the assistant takes the conversation back
HANDOFF_BACK = "/handoff_back"  # the "Back to the assistant" button (like /bot)
# "Send it with that note": the held note that read as taking the request back is the note.
HANDOFF_KEEP_NOTE = "/handoff_keep_note"
HANDOFF_CANCEL = "/handoff_cancel"


@dataclass(frozen=True)
class Handoff:
    """A person's open ticket, as far as routing needs it."""

    ticket_id: int
    status: str  # draft | waiting | active

    @property
    def active(self) -> bool:
        return self.status == "active"

    @property
    def draft(self) -> bool:
        return self.status == "draft"


@dataclass(frozen=True)
class Resume:
    """A person a counselor let go: the assistant must take the chat back."""

    ticket_id: int
    user_id: str
    chat_id: int | None


def current(session: Session, user_id: str) -> Handoff | None:
    """The person's open ticket, if any (one query on the (user_id, status) index; only the
    id and state are read, not the sealed fields)."""
    row = session.execute(
        select(Ticket.id, Ticket.status)
        .where(Ticket.user_id == user_id, Ticket.status.in_(OPEN_STATUSES))
        .order_by(Ticket.id.desc()).limit(1)
    ).first()
    return Handoff(int(row[0]), str(row[1])) if row else None


def _own(session: Session, ticket_id: int, user_id: str, status: str) -> Ticket | None:
    """The ticket, if it is still this person's and still in `status`."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or ticket.user_id != user_id or ticket.status != status:
        return None
    return ticket


def submit_note(session: Session, ticket_id: int, user_id: str, note: str,
                key_file: Path) -> bool:
    """The typed text is the note of a draft request: send the request. False when the
    draft is gone meanwhile (sent, cancelled or expired)."""
    ticket = _own(session, ticket_id, user_id, "draft")
    if ticket is None:
        return False
    store.submit(session, ticket, note, key_file)
    return True


def to_counselor(session: Session, ticket_id: int, user_id: str, text: str, key_file: Path,
                 crisis: bool) -> bool:
    """Keep the person's message for the counselor. False when the chat ended meanwhile."""
    ticket = _own(session, ticket_id, user_id, "active")
    if ticket is None:
        return False
    store.add_incoming(session, ticket, text, key_file, crisis=crisis)
    return True


def end_active(session: Session, user_id: str, key_file: Path, how: str) -> int | None:
    """The person leaves the counselor chat (`how`: person | quick_exit; a quick exit also
    ends a request still waiting or being written); the ticket id, or None when there was
    nothing to end."""
    ticket = store.open_ticket(session, user_id) if how == "quick_exit" else (
        store.active_ticket(session, user_id))
    if ticket is None:
        return None
    # After a quick exit no counselor may write to that phone later ("Maria is here now"
    # on a phone the person just hid the chat on): a waiting request ends too.
    store.end_by_person(session, ticket, key_file, how)
    return int(ticket.id)


def remember_chat(session: Session, ticket_id: int, user_id: str, chat_id: int,
                  key_file: Path) -> None:
    """Where the counselor's replies go (store.set_chat checks it is this person's ticket)."""
    store.set_chat(session, ticket_id, user_id, chat_id, key_file)


def due_resumes(session: Session, key_file: Path) -> list[Resume]:
    """Tickets a counselor closed whose goodbye was delivered: hand back to the assistant."""
    return [Resume(int(t.id), t.user_id, store.chat_of(t, key_file))
            for t in store.resumes_due(session)]


def mark_resumed(session: Session, ticket_id: int) -> None:
    """The assistant has the person again (the chat id is forgotten)."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is not None:
        store.resumed(ticket)


def delivery_text(delivery: store.Delivery, language: str) -> tuple[str, bool] | None:
    """What the person sees for one outbox message, and whether it carries the "Back to the
    assistant" button; None for a kind the bridge does not know (or an empty text)."""
    body = delivery.body if isinstance(delivery.body, dict) else {}
    kind = str(body.get("kind", "text"))
    if kind == "text":
        text = str(body.get("text") or "").strip()
        if not text:
            return None
        name = delivery.author_name or str(body.get("name") or "")
        return catalog.text("messages", "handoff_message", language, name=name, text=text), True
    name = str(body.get("name") or delivery.author_name or "")
    if kind == "joined":
        return catalog.text("messages", "handoff_joined", language, name=name), True
    if kind == "changed":
        return catalog.text("messages", "handoff_changed", language, name=name), True
    if kind == "closed":
        return catalog.text("messages", "handoff_closed", language, name=name), False
    return None
