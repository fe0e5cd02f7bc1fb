"""The handoffs blueprint, for counselors: the queue of people waiting for a human,
taking a request, reading only what the person agreed to share, answering, and ending the
chat.

The queue and an open chat update themselves (a small script asks for new rows every few
seconds); every page also works without it.
"""

from __future__ import annotations

import datetime as dt
import re

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from bot.accounts import audit
from bot.accounts.models import StaffAccount
from bot.catalog import language_name
from bot.console.access import actor, roles
from bot.console.extensions import get_db
from bot.db.models import User, utcnow
from bot.handoff import store
from bot.handoff.models import Ticket

SHARE_LABELS = {
    "none": "nothing (only what they write to you now)",
    "summary": "a summary (saved profile, programs, record-relief answers)",
    "full": "a summary and the conversation with the assistant",
}
RECENT = dt.timedelta(hours=24)

bp = Blueprint("handoffs", __name__)


def _key_file():  # type: ignore[no-untyped-def]
    return g.settings.data_key_file


def _me() -> StaffAccount:
    account = get_db().get(StaffAccount, current_user.account_id)
    if account is None:
        abort(403)
    return account


def _ticket_or_404(ticket_id: int) -> Ticket:
    ticket = get_db().get(Ticket, ticket_id)
    if ticket is None or ticket.status == "draft":
        abort(404)
    return ticket


def _mine(ticket: Ticket) -> bool:
    return ticket.assigned_to == current_user.account_id


def _age(since: dt.datetime | None, now: dt.datetime) -> str:
    if since is None:
        return ""
    minutes = int((now - since).total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min"
    return f"{hours // 24} days"


def _languages(session_, tickets) -> dict[int, str]:  # type: ignore[no-untyped-def]
    """The language each request's person writes in, named in the console's language
    (English), so a counselor sees before taking it whether they can answer."""
    users = {t.user_id for t in tickets}
    if not users:
        return {}
    found = dict(session_.execute(select(User.id, User.language).where(User.id.in_(users))).all())
    return {t.id: language_name(found.get(t.user_id) or "en", "en") for t in tickets}


def _lists() -> dict[str, object]:
    session_ = get_db()
    now = utcnow()
    names = dict(session_.execute(select(StaffAccount.id, StaffAccount.display_name)).all())
    active = list(session_.execute(select(Ticket).where(Ticket.status == "active")
                                   .order_by(Ticket.taken_at)).scalars())
    closed = list(session_.execute(
        select(Ticket).where(Ticket.status == "closed",
                             Ticket.assigned_to == current_user.account_id,
                             Ticket.closed_at >= now - RECENT)
        .order_by(Ticket.closed_at.desc()).limit(20)).scalars())
    waiting = store.queue(session_)
    return {
        "waiting": waiting, "languages": _languages(session_, [*waiting, *active]),
        "mine": [t for t in active if t.assigned_to == current_user.account_id],
        "others": [t for t in active if t.assigned_to != current_user.account_id],
        "closed": closed, "names": names, "now": now, "age": _age,
        "share_labels": SHARE_LABELS,
        "on_duty": store.counselors_on_duty(session_, now),
    }


@bp.get("/handoffs")
@roles("counselor")
def queue():  # type: ignore[no-untyped-def]
    session_ = get_db()
    store.seen(session_, current_user.account_id)
    session_.commit()
    return render_template("handoffs/queue.html", me=_me(), **_lists())


@bp.get("/handoffs/lists")
@roles("counselor")
def lists():  # type: ignore[no-untyped-def]
    session_ = get_db()
    store.seen(session_, current_user.account_id)  # polling keeps a counselor on duty
    session_.commit()
    return render_template("handoffs/lists.html", **_lists())


@bp.post("/handoffs/duty")
@roles("counselor")
def duty():  # type: ignore[no-untyped-def]
    session_ = get_db()
    account = _me()
    store.set_on_duty(account, request.form.get("on_duty") == "1")
    session_.commit()
    flash("You are on duty: people are told a counselor can answer now."
          if account.on_duty else "You are off duty.")
    return redirect(url_for("handoffs.queue"))


@bp.get("/handoffs/<int:ticket_id>", endpoint="ticket")
@roles("counselor")
def ticket_page(ticket_id: int):  # type: ignore[no-untyped-def]
    ticket = _ticket_or_404(ticket_id)
    session_ = get_db()
    names = dict(session_.execute(
        select(StaffAccount.id, StaffAccount.display_name)).all())
    # Only the counselor on it (or, after it closed, the one who had it) sees what the
    # person shared; anyone else sees the state and may take it over.
    if not _mine(ticket):
        return render_template("handoffs/locked.html", ticket=ticket, names=names,
                               share_labels=SHARE_LABELS, now=utcnow(), age=_age,
                               language=_languages(session_, [ticket])[ticket.id])
    key_file = _key_file()
    shown = store.messages(session_, ticket, key_file)
    return render_template(
        "handoffs/ticket.html", ticket=ticket, names=names, share_labels=SHARE_LABELS,
        language=_languages(session_, [ticket])[ticket.id],
        note=store.unseal(ticket.sealed_note, key_file),
        summary=store.unseal(ticket.sealed_summary, key_file)
        if ticket.share in ("summary", "full") else None,
        transcript=store.unseal(ticket.sealed_transcript, key_file)
        if ticket.share == "full" else None,
        internal=store.unseal(ticket.sealed_internal_note, key_file) or "",
        messages=shown, last_id=shown[-1].id if shown else 0, now=utcnow(), age=_age)


@bp.get("/handoffs/<int:ticket_id>/messages")
@roles("counselor")
def messages(ticket_id: int):  # type: ignore[no-untyped-def]
    ticket = _ticket_or_404(ticket_id)
    if not _mine(ticket):
        abort(403)
    after = request.args.get("after", "0")
    shown = store.messages(get_db(), ticket, _key_file(),
                           after=int(after) if re.fullmatch(r"[0-9]{1,12}", after) else 0)
    return render_template("handoffs/messages.html", messages=shown, ticket=ticket)


@bp.post("/handoffs/<int:ticket_id>/take")
@roles("counselor")
def take(ticket_id: int):  # type: ignore[no-untyped-def]
    ticket = _ticket_or_404(ticket_id)
    session_ = get_db()
    before = ticket.assigned_to
    try:
        store.take(session_, ticket, _me(), _key_file(),
                   take_over=request.form.get("take_over") == "1")
    except store.HandoffError as problem:
        session_.rollback()
        flash(str(problem))
        return redirect(url_for("handoffs.ticket", ticket_id=ticket_id))
    if before != ticket.assigned_to:
        audit.record(session_, actor(), "take over" if before else "take", "ticket",
                     str(ticket.id), f"{'took over' if before else 'took'} request "
                     f"{ticket.id}")
    session_.commit()
    return redirect(url_for("handoffs.ticket", ticket_id=ticket_id))


@bp.post("/handoffs/<int:ticket_id>/reply")
@roles("counselor")
def reply(ticket_id: int):  # type: ignore[no-untyped-def]
    ticket = _ticket_or_404(ticket_id)
    session_ = get_db()
    try:
        store.reply(session_, ticket, _me(), request.form.get("text", ""), _key_file())
    except store.HandoffError as problem:
        session_.rollback()
        flash(str(problem))
    else:
        session_.commit()
    return redirect(url_for("handoffs.ticket", ticket_id=ticket_id) + "#reply")


@bp.post("/handoffs/<int:ticket_id>/close")
@roles("counselor")
def close(ticket_id: int):  # type: ignore[no-untyped-def]
    ticket = _ticket_or_404(ticket_id)
    session_ = get_db()
    try:
        store.close_by_counselor(session_, ticket, _me(),
                                 request.form.get("closing", ""), _key_file())
    except store.HandoffError as problem:
        session_.rollback()
        flash(str(problem))
        return redirect(url_for("handoffs.ticket", ticket_id=ticket_id))
    audit.record(session_, actor(), "close", "ticket", str(ticket.id),
                 f"ended request {ticket.id}")
    session_.commit()
    flash("The chat is ended. The person is back with the assistant.")
    return redirect(url_for("handoffs.queue"))


@bp.post("/handoffs/<int:ticket_id>/note")
@roles("counselor")
def note(ticket_id: int):  # type: ignore[no-untyped-def]
    ticket = _ticket_or_404(ticket_id)
    if not _mine(ticket):
        abort(403)
    session_ = get_db()
    store.set_internal_note(ticket, request.form.get("internal", "")[:4000], _key_file())
    session_.commit()
    flash("Note saved. Only counselors see it.")
    return redirect(url_for("handoffs.ticket", ticket_id=ticket_id))
