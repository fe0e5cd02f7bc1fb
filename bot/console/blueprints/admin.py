"""The admin blueprint: accounts (create, role, display name, deactivate, reset password) and the
audit trail."""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from bot.accounts import audit, auth
from bot.accounts.models import ROLES, StaffAccount
from bot.console.access import actor, page_number, roles
from bot.console.extensions import get_db

AUDIT_PAGE = 50

bp = Blueprint("admin", __name__)


@bp.route("/accounts", methods=["GET", "POST"])
@roles("admin")
def accounts():  # type: ignore[no-untyped-def]
    session_ = get_db()
    error = ""
    form = {"username": "", "display_name": "", "role": "staff"}
    if request.method == "POST":
        form = {k: request.form.get(k, "").strip()[:64] for k in form}
        try:
            auth.create_account(session_, form["username"], request.form.get(
                "password", ""), form["role"], form["display_name"], actor=actor())
        except auth.AccountError as problem:
            session_.rollback()
            error = str(problem)
        else:
            session_.commit()
            flash(f"Account {form['username'].lower()} created. Give them the password "
                  "in person or by phone, not by email.")
            return redirect(url_for("admin.accounts"))
    rows = list(session_.execute(select(StaffAccount).order_by(
        StaffAccount.active.desc(), StaffAccount.username)).scalars())
    return render_template("admin/accounts.html", accounts=rows, roles=ROLES, error=error,
                           form=form), (400 if error else 200)


@bp.route("/accounts/<int:account_id>", methods=["GET", "POST"])
@roles("admin")
def account_edit(account_id: int):  # type: ignore[no-untyped-def]
    session_ = get_db()
    account = session_.get(StaffAccount, account_id)
    if account is None:
        abort(404)
    error = ""
    if request.method == "POST":
        what = request.form.get("what", "")
        if what == "details":
            role = request.form.get("role", account.role)
            active = bool(request.form.get("active"))
            display = request.form.get("display_name", "").strip()[:64]
            if role not in ROLES:
                error = "Pick a role from the list."
            elif account.id == current_user.account_id and (role != "admin" or not active):
                error = "You cannot remove your own admin role or deactivate yourself."
            else:
                before = {"role": account.role, "active": account.active,
                          "display_name": account.display_name}
                after = {"role": role, "active": active,
                         "display_name": display or account.username}
                if after != before:
                    account.role, account.active = role, active
                    account.display_name = after["display_name"]
                    if not active or role != before["role"]:
                        account.session_version += 1  # sign them out everywhere
                    audit.record(session_, actor(), "update", "account", account.username,
                                 "account changed", audit.changes(before, after))
                    session_.commit()
                flash("Saved.")
                return redirect(url_for("admin.account_edit", account_id=account.id))
        elif what == "password":
            try:
                auth.set_password(session_, account, request.form.get("password", ""),
                                  actor())
            except auth.AccountError as problem:
                session_.rollback()
                error = str(problem)
            else:
                session_.commit()
                flash("Password reset. Their other sessions are signed out.")
                return redirect(url_for("admin.account_edit", account_id=account.id))
    history = audit.recent(session_, object_type="account", object_key=account.username,
                           limit=20)
    return render_template("admin/account_edit.html", account=account, roles=ROLES,
                           error=error, history=history), (400 if error else 200)


@bp.get("/audit", endpoint="audit")
@roles("admin")
def audit_trail():  # type: ignore[no-untyped-def]
    kind = request.args.get("type", "")[:32]
    who = request.args.get("actor", "")[:64]
    key = request.args.get("key", "")[:120]
    page = page_number(request.args.get("page"))
    events = audit.recent(get_db(), object_type=kind or None, actor=who or None,
                          object_key=key or None, limit=AUDIT_PAGE + 1,
                          offset=(page - 1) * AUDIT_PAGE)
    more = len(events) > AUDIT_PAGE
    shown = [(e, json.loads(e.details or "{}")) for e in events[:AUDIT_PAGE]]
    return render_template("admin/audit.html", events=shown, more=more, page=page,
                           filters={"type": kind, "actor": who, "key": key})
