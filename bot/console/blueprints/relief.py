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
from bot.relief.knowledge import OffensesCovered
from bot.relief.terms import Likelihood, OffenseKind

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
    "listed_offenses": "Offenses the law names",
    "scope_by_relief": "What each relief covers",
    "waits_for_sentence": "The time limit starts when the sentence ends",
}
CONFIDENCE = (("verified", "Verified in the statute or an official page"),
              ("secondary", "From a reliable summary"),
              ("partial", "Partial or maybe out of date (people are told to check)"),
              ("unverified", "Not verified (people are told to check)"))

# The rule facts the screener compares (README "Rule facts"): which offense choices a listed
# law names, each relief's own scope, and a wait that starts after the sentence.
OFFENSES = tuple(kind.value for kind in OffenseKind if kind is not OffenseKind.UNSURE)
OFFENSE_LABELS = {"prostitution": "Prostitution", "drug_possession": "Drug possession",
                  "theft": "Theft", "other_nonviolent": "Other nonviolent", "violent": "Violent"}
LIKELIHOOD_CHOICES = (("", "Not said (people hear it is unclear)"),
                      (Likelihood.MAY_APPLY.value, "Named: the relief may apply"),
                      (Likelihood.UNCLEAR.value, "Unclear"),
                      (Likelihood.MAY_NOT_APPLY.value, "Left out: it may not apply"))
SCOPE_CHOICES = tuple((scope.value, scope.value.replace("_", " "))
                      for scope in OffensesCovered if scope is not OffensesCovered.LISTED)

bp = Blueprint("relief", __name__)


def _form_values(data: dict) -> dict[str, str]:
    values = {name: "\n".join(data.get(name) or []) for name in LINE_FIELDS}
    values |= {name: data.get(name) or "" for name in TEXT_FIELDS}
    values["confidence"] = data.get("confidence") or ""
    values["needs_lawyer_check"] = "yes" if data.get("needs_lawyer_check") else ""
    values["last_reviewed"] = str(data.get("last_reviewed") or "")
    listed = data.get("listed_offenses") or {}
    values |= {f"offense_{name}": listed.get(name, "") for name in OFFENSES}
    values |= {f"scope_{relief}": scope for relief, scope in
               (data.get("scope_by_relief") or {}).items() if isinstance(scope, str)}
    values["waits_for_sentence"] = "yes" if data.get("waits_for_sentence") else ""
    return values


def _rule_facts_from_form(current: dict) -> dict:
    """The rule facts the form shows; what it does not show is kept as it was."""
    facts: dict = {"waits_for_sentence": bool(request.form.get("waits_for_sentence"))}
    if current.get("offenses_covered") == OffensesCovered.LISTED.value:
        chosen = {name: request.form.get(f"offense_{name}", "") for name in OFFENSES}
        facts["listed_offenses"] = {name: value for name, value in chosen.items() if value}
    scopes = dict(current.get("scope_by_relief") or {})
    for relief, scope in scopes.items():
        if isinstance(scope, str):  # an offense list inside a scope is kept as it is
            scopes[relief] = request.form.get(f"scope_{relief}", scope)
    if scopes:
        facts["scope_by_relief"] = scopes
    return facts


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
    return data | _rule_facts_from_form(current)


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
                f"{_label(problem.field)}: {problem.problem}")
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
        line_fields=LINE_FIELDS, text_fields=TEXT_FIELDS, offenses=OFFENSES,
        offense_labels=OFFENSE_LABELS, likelihood_choices=LIKELIHOOD_CHOICES,
        scope_choices=SCOPE_CHOICES, listed=current.get("offenses_covered") == "listed",
        scopes=[relief for relief, scope in (current.get("scope_by_relief") or {}).items()
                if isinstance(scope, str)]), (400 if error else 200)


def _label(field: str) -> str:
    """The form's label for a field the validator names ("listed_offenses.theft")."""
    name, _, part = field.partition(".")
    label = LABELS.get(name, name)
    return f"{label} ({OFFENSE_LABELS.get(part, part)})" if part else label
