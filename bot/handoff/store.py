"""Handoff tickets: every state change in one place, for the actions, the bridge and the
console alike. Callers own the session and commit.

States: draft (the person agreed to what is shared and may add a note) -> waiting (in the
counselors' queue) -> active (a counselor took it; the person's messages go to the
counselor, not to the assistant) -> closed. A person has at most one open ticket.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from bot.accounts.models import StaffAccount
from bot.crypto import cipher
from bot.db.models import Consent, utcnow
from bot.db.users import touch_user
from bot.handoff.models import OPEN_STATUSES, SHARES, Ticket, TicketMessage

ON_DUTY_SEEN = dt.timedelta(minutes=3)  # a counselor's console must have checked in lately
DRAFT_EXPIRES = dt.timedelta(hours=2)  # an unsent request is dropped after this
MAX_BODY = 4000  # characters of one message kept (Telegram's limit is 4096)
MAX_NOTE = 1000
WAIT_WINDOW = dt.timedelta(days=30)


class HandoffError(ValueError):
    """A change that is not possible in the ticket's state (message says why)."""


# --- sealing ---------------------------------------------------------------------------

def seal(value: Any, key_file: Path) -> str:
    """JSON-encode and encrypt; "" for None."""
    if value is None:
        return ""
    return cipher(key_file).encrypt(json.dumps(value, ensure_ascii=False).encode()).decode()


def unseal(token: str, key_file: Path) -> Any:
    """Decrypt and decode what `seal` made; None for ""."""
    if not token:
        return None
    return json.loads(cipher(key_file).decrypt(token.encode()))


# --- the person's side -----------------------------------------------------------------

def open_ticket(session: Session, user_id: str) -> Ticket | None:
    """This person's open ticket (draft, waiting or active), if any."""
    return session.execute(
        select(Ticket).where(Ticket.user_id == user_id, Ticket.status.in_(OPEN_STATUSES))
        .order_by(Ticket.id.desc())
    ).scalars().first()


def active_ticket(session: Session, user_id: str) -> Ticket | None:
    """The ticket a counselor is answering for this person, if any."""
    return session.execute(
        select(Ticket).where(Ticket.user_id == user_id, Ticket.status == "active")
    ).scalars().first()


def create_draft(session: Session, user_id: str, share: str, *, key_file: Path,
                 summary: dict[str, Any] | None = None,
                 transcript: list[dict[str, str]] | None = None,
                 after_hours: bool = False, channel: str = "telegram") -> Ticket:
    """Record the consent and start a request; what is kept is only what was agreed."""
    if share not in SHARES:
        raise HandoffError(f"unknown share {share!r}")
    existing = open_ticket(session, user_id)
    if existing is not None and existing.status != "draft":
        raise HandoffError("this person already has an open request")
    if existing is not None:  # a new choice replaces an unsent one
        _close(existing, "cancelled")
    touch_user(session, user_id)
    now = utcnow()
    session.add(Consent(user_id=user_id, kind=f"handoff_{share}", granted=True, at=now))
    ticket = Ticket(
        user_id=user_id, status="draft", share=share, consent_at=now, created_at=now,
        updated_at=now, after_hours=after_hours, channel=channel,
        sealed_summary=seal(summary, key_file) if share in ("summary", "full") else "",
        sealed_transcript=seal(transcript, key_file) if share == "full" else "",
    )
    session.add(ticket)
    session.flush()
    return ticket


def set_chat(session: Session, ticket_id: int, user_id: str, chat_id: int,
             key_file: Path) -> None:
    """Remember where counselor replies go (only for this person's own open ticket)."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or ticket.user_id != user_id or ticket.status not in OPEN_STATUSES:
        return
    ticket.sealed_chat = seal(chat_id, key_file)


def chat_of(ticket: Ticket, key_file: Path) -> int | None:
    """The Telegram chat id of a ticket, if known."""
    value = unseal(ticket.sealed_chat, key_file)
    return int(value) if value is not None else None


def submit(session: Session, ticket: Ticket, note: str | None, key_file: Path) -> Ticket:
    """Put a draft in the queue, with the person's note if they wrote one."""
    if ticket.status != "draft":
        raise HandoffError("only a draft can be sent")
    if note:
        ticket.sealed_note = seal(note.strip()[:MAX_NOTE], key_file)
    ticket.status = "waiting"
    ticket.submitted_at = ticket.updated_at = utcnow()
    return ticket


def cancel(session: Session, user_id: str) -> Ticket | None:
    """The person withdraws a request that no counselor has taken yet."""
    ticket = open_ticket(session, user_id)
    if ticket is None or ticket.status == "active":
        return None
    _close(ticket, "cancelled")
    return ticket


def end_by_person(session: Session, ticket: Ticket, key_file: Path,
                  how: str = "person") -> None:
    """The person goes back to the assistant (or left with quick exit)."""
    if ticket.status == "closed":
        return
    note = {"person": "The person went back to the assistant.",
            "quick_exit": "The person left with quick exit. Do not write to them; they may "
                          "come back."}.get(how, "The person ended the chat.")
    _system(session, ticket, note, key_file)
    _close(ticket, how)


def add_incoming(session: Session, ticket: Ticket, text: str, key_file: Path,
                 crisis: bool = False) -> TicketMessage:
    """A message from the person to the counselor (crisis: the bridge also sent the crisis
    resources, and the counselor sees it flagged)."""
    message = TicketMessage(ticket_id=ticket.id, direction="in", crisis=crisis,
                            sealed_body=seal(text[:MAX_BODY], key_file))
    session.add(message)
    ticket.updated_at = utcnow()
    return message


# --- the counselor's side --------------------------------------------------------------

def take(session: Session, ticket: Ticket, account: StaffAccount, key_file: Path,
         *, take_over: bool = False) -> None:
    """A counselor takes a waiting ticket (or, saying so, one another counselor has)."""
    if ticket.status == "closed":
        raise HandoffError("This request is closed.")
    if ticket.status == "draft":
        raise HandoffError("The person has not sent this request yet.")
    if ticket.status == "active" and ticket.assigned_to != account.id and not take_over:
        raise HandoffError("Another counselor has this request.")
    if ticket.status == "active" and ticket.assigned_to == account.id:
        return
    first = ticket.status == "waiting"
    ticket.status = "active"
    ticket.assigned_to = account.id
    ticket.taken_at = ticket.taken_at or utcnow()
    ticket.updated_at = utcnow()
    name = account.display_name or account.username
    if first:
        _outgoing(session, ticket, None, "", {"kind": "joined", "name": name}, key_file)
    else:
        _outgoing(session, ticket, None, "", {"kind": "changed", "name": name}, key_file)


def reply(session: Session, ticket: Ticket, account: StaffAccount, text: str,
          key_file: Path) -> TicketMessage:
    """A counselor's message to the person (the bridge delivers it)."""
    if ticket.status != "active" or ticket.assigned_to != account.id:
        raise HandoffError("Take this request before you answer.")
    text = text.strip()
    if not text:
        raise HandoffError("Write something first.")
    return _outgoing(session, ticket, account, account.display_name or account.username,
                     {"kind": "text", "text": text[:MAX_BODY]}, key_file)


def close_by_counselor(session: Session, ticket: Ticket, account: StaffAccount,
                       closing: str, key_file: Path) -> None:
    """End the chat; the person is told and the assistant takes over again."""
    if ticket.status != "active" or ticket.assigned_to != account.id:
        raise HandoffError("Only the counselor on this request can end it.")
    name = account.display_name or account.username
    if closing.strip():
        _outgoing(session, ticket, account, name,
                  {"kind": "text", "text": closing.strip()[:MAX_BODY]}, key_file)
    _outgoing(session, ticket, None, "", {"kind": "closed", "name": name}, key_file)
    _close(ticket, "counselor", keep_chat=True)  # the bridge still delivers the goodbye
    ticket.resume_pending = True


def resumed(ticket: Ticket) -> None:
    """The bridge handed the person back to the assistant: forget where the chat was."""
    ticket.resume_pending = False
    ticket.sealed_chat = ""


def set_internal_note(ticket: Ticket, text: str, key_file: Path) -> None:
    """The counselors' own note on a ticket (never shown to the person)."""
    ticket.sealed_internal_note = seal(text.strip()[:MAX_NOTE * 4], key_file) if text.strip() \
        else ""


def set_on_duty(account: StaffAccount, on_duty: bool) -> None:
    """A counselor says they are (or are no longer) answering."""
    account.on_duty = on_duty
    account.seen_at = utcnow()


def seen(session: Session, account_id: int) -> None:
    """The counselor's console checked in (keeps them on duty)."""
    session.execute(update(StaffAccount).where(StaffAccount.id == account_id)
                    .values(seen_at=utcnow()))


def counselors_on_duty(session: Session, now: dt.datetime | None = None) -> int:
    """Counselors on duty whose console was open in the last few minutes."""
    now = now or utcnow()
    return int(session.execute(
        select(func.count()).select_from(StaffAccount).where(
            StaffAccount.active.is_(True), StaffAccount.on_duty.is_(True),
            StaffAccount.role.in_(("counselor", "admin")),
            StaffAccount.seen_at >= now - ON_DUTY_SEEN)).scalar_one())


def queue(session: Session) -> list[Ticket]:
    """Waiting tickets, oldest first."""
    return list(session.execute(
        select(Ticket).where(Ticket.status == "waiting")
        .order_by(Ticket.submitted_at, Ticket.id)).scalars())


def position(session: Session, ticket: Ticket) -> int:
    """1 for the first in line; 0 when the ticket is not waiting."""
    if ticket.status != "waiting" or ticket.submitted_at is None:
        return 0
    ahead = session.execute(
        select(func.count()).select_from(Ticket).where(
            Ticket.status == "waiting", Ticket.submitted_at < ticket.submitted_at)
    ).scalar_one()
    return int(ahead) + 1


def usual_wait_minutes(session: Session, now: dt.datetime | None = None) -> int | None:
    """The median wait of requests taken in the last 30 days (None when too few)."""
    now = now or utcnow()
    rows = session.execute(
        select(Ticket.submitted_at, Ticket.taken_at).where(
            Ticket.taken_at.is_not(None), Ticket.submitted_at.is_not(None),
            Ticket.taken_at >= now - WAIT_WINDOW)).all()
    waits = [(taken - sent).total_seconds() / 60 for sent, taken in rows if taken >= sent]
    if len(waits) < 3:
        return None
    return max(1, round(statistics.median(waits)))


# --- the bridge's outbox ---------------------------------------------------------------

@dataclass(frozen=True)
class Delivery:
    """One counselor or system message to deliver to a person's chat."""

    message_id: int
    ticket_id: int
    user_id: str
    chat_id: int | None
    author_name: str
    body: dict[str, Any]


def pending(session: Session, key_file: Path, limit: int = 50) -> list[Delivery]:
    """Outgoing messages not yet delivered, oldest first."""
    rows = session.execute(
        select(TicketMessage, Ticket).join(Ticket, Ticket.id == TicketMessage.ticket_id)
        .where(TicketMessage.direction == "out", TicketMessage.delivered_at.is_(None),
               TicketMessage.failed.is_(False))
        .order_by(TicketMessage.id).limit(limit)).all()
    return [Delivery(m.id, t.id, t.user_id, chat_of(t, key_file), m.author_name,
                     unseal(m.sealed_body, key_file) or {}) for m, t in rows]


def mark_delivered(session: Session, message_id: int, ok: bool = True) -> None:
    """The bridge sent it (or gave up: then the counselor sees it failed)."""
    values: dict[str, Any] = {"delivered_at": utcnow()}
    if not ok:
        values["failed"] = True
    session.execute(update(TicketMessage).where(TicketMessage.id == message_id).values(values))


def resumes_due(session: Session) -> list[Ticket]:
    """Closed tickets whose person must be handed back to the assistant, once every
    message before the close was delivered."""
    tickets = list(session.execute(
        select(Ticket).where(Ticket.resume_pending.is_(True))).scalars())
    due = []
    for ticket in tickets:
        waiting = session.execute(
            select(func.count()).select_from(TicketMessage).where(
                TicketMessage.ticket_id == ticket.id, TicketMessage.direction == "out",
                TicketMessage.delivered_at.is_(None), TicketMessage.failed.is_(False))
        ).scalar_one()
        if not waiting:
            due.append(ticket)
    return due


# --- reading a ticket in the console -----------------------------------------------------

@dataclass(frozen=True)
class Shown:
    """What a counselor may see of one message."""

    id: int
    direction: str
    author: str
    text: str
    kind: str
    crisis: bool
    at: dt.datetime
    delivered: bool
    failed: bool


def messages(session: Session, ticket: Ticket, key_file: Path, after: int = 0) -> list[Shown]:
    """The handoff's messages in order (after a message id, for updates)."""
    rows = session.execute(
        select(TicketMessage).where(TicketMessage.ticket_id == ticket.id,
                                    TicketMessage.id > after)
        .order_by(TicketMessage.id)).scalars()
    shown = []
    for m in rows:
        body = unseal(m.sealed_body, key_file)
        if isinstance(body, dict):
            kind = str(body.get("kind", "text"))
            text = str(body.get("text", "")) or _system_text(kind, str(body.get("name", "")))
        else:
            kind, text = "text", str(body or "")
        shown.append(Shown(m.id, m.direction, m.author_name, text, kind, m.crisis,
                           m.created_at, m.delivered_at is not None, m.failed))
    return shown


def _system_text(kind: str, name: str) -> str:
    return {"joined": f"{name} joined the chat.", "changed": f"{name} took over the chat.",
            "closed": f"{name} ended the chat."}.get(kind, "")


def erase_tickets(session: Session, user_id: str) -> None:
    """Delete every ticket of a person (their /forget, or the retention purge)."""
    ids = list(session.execute(select(Ticket.id).where(Ticket.user_id == user_id)).scalars())
    if ids:
        session.execute(delete(TicketMessage).where(TicketMessage.ticket_id.in_(ids)))
        session.execute(delete(Ticket).where(Ticket.id.in_(ids)))


def expire_drafts(session: Session, now: dt.datetime | None = None) -> int:
    """Drop requests that were never sent."""
    cutoff = (now or utcnow()) - DRAFT_EXPIRES
    drafts = list(session.execute(select(Ticket).where(
        Ticket.status == "draft", Ticket.created_at < cutoff)).scalars())
    for ticket in drafts:
        _close(ticket, "expired")
    return len(drafts)


# --- helpers ---------------------------------------------------------------------------

def _close(ticket: Ticket, by: str, keep_chat: bool = False) -> None:
    never_read = ticket.status in ("draft", "waiting")
    ticket.status = "closed"
    ticket.closed_by = by
    ticket.closed_at = ticket.updated_at = utcnow()
    if not keep_chat:
        ticket.sealed_chat = ""  # replies can no longer be sent, so the chat id goes
    if never_read:
        # No counselor took it, so no counselor needs what the person agreed to share.
        ticket.sealed_note = ticket.sealed_summary = ticket.sealed_transcript = ""


def _system(session: Session, ticket: Ticket, text: str, key_file: Path) -> None:
    # System notes for counselors are stored like messages (sealed too: they say what the
    # person did); they are never delivered.
    session.add(TicketMessage(ticket_id=ticket.id, direction="system",
                              sealed_body=seal({"kind": "note", "text": text}, key_file)))


def _outgoing(session: Session, ticket: Ticket, account: StaffAccount | None,
              name: str, body: dict[str, Any], key_file: Path) -> TicketMessage:
    message = TicketMessage(ticket_id=ticket.id, direction="out",
                            author_id=account.id if account else None, author_name=name,
                            sealed_body=seal(body, key_file))
    session.add(message)
    ticket.updated_at = utcnow()
    session.flush()
    return message
