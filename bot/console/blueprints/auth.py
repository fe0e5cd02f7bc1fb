"""The auth blueprint: sign in, sign out (on every device) and changing one's own password."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from bot.accounts import auth
from bot.accounts.models import StaffAccount
from bot.console.access import actor, safe_path
from bot.console.extensions import Staff, get_db
from bot.db.models import utcnow

bp = Blueprint("auth", __name__)


def _throttle_keys(username: str) -> tuple[str, list[str]]:
    secret = current_app.config["SECRET_KEY"].encode()
    user_key = auth.throttle_key(secret, "user", username.strip().lower())
    address = request.remote_addr or "unknown"
    return user_key, [user_key, auth.throttle_key(secret, "addr", address)]


@bp.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    error = ""
    username = ""
    if request.method == "POST":
        username = request.form.get("username", "")[:64]
        password = request.form.get("password", "")[:auth.MAX_PASSWORD]
        session_ = get_db()
        user_key, keys = _throttle_keys(username)
        lock = auth.check_lock(session_, keys)
        if lock.locked:
            error = (f"Too many tries. Wait {lock.minutes} minute"
                     f"{'s' if lock.minutes != 1 else ''} and try again.")
        else:
            account = session_.execute(select(StaffAccount).where(
                StaffAccount.username == username.strip().lower())).scalar_one_or_none()
            if account is not None and not account.active:
                account = None
            if auth.verify_password(account, password) and account is not None:
                auth.clear_failures(session_, user_key)
                if auth.needs_rehash(account):
                    account.password_hash = auth.hash_password(password)
                account.last_login_at = utcnow()
                session_.commit()
                session.clear()  # a fresh session: nothing from before sign-in survives
                session.permanent = True
                login_user(Staff(account))
                return redirect(safe_path(request.args.get("next")))
            auth.record_failure(session_, keys)
            session_.commit()
            error = "Wrong username or password."
    return render_template("auth/login.html", error=error, username=username), (
        401 if error else 200)


@bp.post("/logout")
@login_required
def logout():  # type: ignore[no-untyped-def]
    # The session lives in the cookie: a copy of it would stay valid until it expires.
    # Bumping the account's session version ends it for sure (on every device).
    session_ = get_db()
    account = session_.get(StaffAccount, current_user.account_id)
    if account is not None:
        account.session_version += 1
        session_.commit()
    logout_user()
    session.clear()
    flash("You are signed out, on every device.")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():  # type: ignore[no-untyped-def]
    error = ""
    if request.method == "POST":
        session_ = get_db()
        account = session_.get(StaffAccount, current_user.account_id)
        current = request.form.get("current", "")[:auth.MAX_PASSWORD]
        new = request.form.get("new", "")
        again = request.form.get("again", "")
        user_key, keys = _throttle_keys(account.username)
        lock = auth.check_lock(session_, keys)
        if lock.locked:
            error = (f"Too many tries. Wait {lock.minutes} minute"
                     f"{'s' if lock.minutes != 1 else ''} and try again.")
        elif not auth.verify_password(account, current):
            auth.record_failure(session_, keys)
            session_.commit()
            error = "Your current password is not right."
        elif new != again:
            error = "The two new passwords are not the same."
        else:
            try:
                auth.set_password(session_, account, new, actor())
            except auth.AccountError as problem:
                error = str(problem)
            else:
                session_.commit()
                login_user(Staff(account))  # this session goes on with the new version
                flash("Your password is changed. Other sessions are signed out.")
                return redirect(url_for("dashboard.index"))
    return render_template("auth/password.html", error=error), (400 if error else 200)
