"""The relief blueprint: record-relief entries: list, view, edit the facts staff keep
current, and the history.

An edit is checked by the same validator as the reviewed files (bot.relief.knowledge) and
kept as a revision (bot.relief.revisions); the assistant uses the newest revision.
"""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from bot.console.access import actor, roles
from bot.console.extensions import get_db
from bot.relief import knowledge, revisions

LINE_FIELDS = ("citations", "source", "hurdles", "notes", "bills_to_watch")
TEXT_FIELDS = ("offenses_note", "time_limit", "fees", "general_route_note")
NULLABLE = ("time_limit", "fees", "general_route_note")
LABELS = {
    "citations": "Citations (one per line)", "source": "Sources (one per line)",
    "hurdles": "Hurdles (one per line)", "notes": "Notes (one per line)",
    "bills_to_watch": "Bills to watch (one per line)",
    "offenses_note": "What offenses it covers", "time_limit": "Time limit",
    "fees": "Fees", "general_route_note": "Other routes (general record clearing)",
    "confidence": "How sure we are", "needs_lawyer_check": "Tell people to check with a lawyer",
    "last_reviewed": "Last reviewed",
}
CONFIDENCE = (("verified", "Verified in the statute or an official page"),
              ("secondary", "From a reliable summary"),
              ("partial", "Partial or maybe out of date (people are told to check)"),
              ("unverified", "Not verified (people are told to check)"))

bp = Blueprint("relief", __name__)


def _form_values(data: dict) -> dict[str, str]:
    values = {name: "\n".join(data.get(name) or []) for name in LINE_FIELDS}
    values |= {name: data.get(name) or "" for name in TEXT_FIELDS}
    values["confidence"] = data.get("confidence") or ""
    values["needs_lawyer_check"] = "yes" if data.get("needs_lawyer_check") else ""
    values["last_reviewed"] = str(data.get("last_reviewed") or "")
    return values


def _data_from_form(current: dict) -> dict:
    data = dict(current)
    for name in LINE_FIELDS:
        raw = request.form.get(name, "")[:20_000]
        data[name] = [line.strip() for line in raw.splitlines() if line.strip()]
    for name in TEXT_FIELDS:
        value = request.form.get(name, "").strip()[:5_000]
        data[name] = value or (None if name in NULLABLE else "")
    data["confidence"] = request.form.get("confidence", "")
    # Partial or unverified facts are always shown with "check with a lawyer".
    data["needs_lawyer_check"] = bool(request.form.get("needs_lawyer_check")) or (
        data["confidence"] in ("partial", "unverified"))
    data["last_reviewed"] = request.form.get("last_reviewed", "").strip()
    return data


@bp.get("/relief", endpoint="list")
@roles("staff", "counselor")
def list_entries():  # type: ignore[no-untyped-def]
    entries = revisions.effective_entries(get_db())
    ordered = sorted(entries.values(), key=lambda e: (e.kind.value != "federal", e.name))
    return render_template("relief/list.html", entries=ordered)


@bp.route("/relief/<code>", methods=["GET", "POST"])
@roles("staff", "counselor")
def entry(code: str):  # type: ignore[no-untyped-def]
    session_ = get_db()
    entries = revisions.effective_entries(session_)
    entry = entries.get(code)
    if entry is None:
        abort(404)
    current = knowledge.entry_to_data(entry)
    values = _form_values(current)
    error = ""
    if request.method == "POST":
        if not current_user.can("staff"):
            abort(403)
        data = _data_from_form(current)
        note = request.form.get("note", "").strip()[:300]
        try:
            entry, changed = revisions.save_revision(session_, code, data, actor(), note)
        except knowledge.ReliefDataError as problem:
            session_.rollback()
            error = problem.problem if problem.field is None else (
                f"{LABELS.get(problem.field, problem.field)}: {problem.problem}")
            values = _form_values(data)
        else:
            session_.commit()
            flash("Saved. The assistant uses the new text from now on."
                  if changed else "Nothing was changed.")
            return redirect(url_for("relief.entry", code=code))
    history = revisions.history(session_, code)
    return render_template(
        "relief/form.html", entry=entry, values=values, labels=LABELS,
        confidence=CONFIDENCE, error=error, history=history,
        history_data=[json.loads(r.data) for r in history],
        read_only=not current_user.can("staff"),
        line_fields=LINE_FIELDS, text_fields=TEXT_FIELDS), (400 if error else 200)
