"""The staff console: a server-rendered Flask application.

Flask-Login keeps who is signed in (a signed, HttpOnly, SameSite cookie), Flask-WTF puts a
CSRF token on every form and refuses a POST without it, Jinja2 escapes every value it
shows. Pages are plain HTML that work on a phone; no script is needed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError

from bot.accounts.models import StaffAccount
from bot.config import Settings, load_settings
from bot.console.blueprints import admin, auth, dashboard, handoffs, preview, programs, relief
from bot.console.extensions import Staff, csrf, get_db, login_manager

log = logging.getLogger(__name__)

SESSION_HOURS = 12
MAX_UPLOAD_MB = 20
HERE = Path(__file__).resolve().parent  # the console's folder (templates, static)


def secret_key(settings: Settings) -> str:
    """CONSOLE_SECRET_KEY, or a key kept in a 0600 file created once."""
    from_env = os.environ.get("CONSOLE_SECRET_KEY", "").strip()
    if from_env:
        return from_env
    path = settings.console_secret_file
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def create_app(settings: Settings | None = None, **overrides: Any) -> Flask:
    """Build the console for these settings (default: the environment's)."""
    settings = settings or load_settings()
    app = Flask(__name__, template_folder=str(HERE / "templates"),
                static_folder=str(HERE / "static"))
    app.config.update(
        SECRET_KEY=secret_key(settings),
        SESSION_COOKIE_NAME="console_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.console_url.startswith("https://"),
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS),
        REMEMBER_COOKIE_DURATION=dt.timedelta(seconds=0),
        WTF_CSRF_TIME_LIMIT=SESSION_HOURS * 3600,
        MAX_CONTENT_LENGTH=MAX_UPLOAD_MB * 1024 * 1024,
        CONSOLE_SETTINGS=settings,
    )
    app.config.update(overrides)
    csrf.init_app(app)

    login = login_manager
    login.init_app(app)
    login.login_view = "auth.login"
    login.login_message = "Please sign in to see that page."
    login.session_protection = "basic"

    @login.user_loader
    def load_user(user_id: str) -> Staff | None:
        try:
            account_id, version = (int(part) for part in user_id.split(":"))
        except ValueError:
            return None
        account = get_db().get(StaffAccount, account_id)
        if account is None or not account.active or account.session_version != version:
            return None
        return Staff(account)

    @app.before_request
    def _settings() -> None:
        g.settings = settings

    @app.teardown_appcontext
    def _close(_error: BaseException | None) -> None:
        session = g.pop("db", None)
        if session is not None:
            session.close()

    @app.after_request
    def _headers(response):  # type: ignore[no-untyped-def]
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):  # type: ignore[no-untyped-def]
        return render_template("error.html", title="This form has expired",
                               message="Go back, reload the page and try again. "
                                       "Nothing was saved."), 400

    @app.errorhandler(403)
    def _forbidden(error: Exception):  # type: ignore[no-untyped-def]
        return render_template("error.html", title="Not for your role",
                               message="Your account cannot open this page. Ask an admin "
                                       "if you need it."), 403

    @app.errorhandler(404)
    def _missing(error: Exception):  # type: ignore[no-untyped-def]
        return render_template("error.html", title="Not found",
                               message="There is nothing at this address."), 404

    @app.errorhandler(413)
    def _too_big(error: Exception):  # type: ignore[no-untyped-def]
        return render_template("error.html", title="File too big",
                               message=f"Upload at most {MAX_UPLOAD_MB} MB here. For a "
                                       "bigger file, split it or use the command line "
                                       "import."), 413

    @app.errorhandler(500)
    def _broken(error: Exception):  # type: ignore[no-untyped-def]
        return render_template("error.html", title="Something went wrong",
                               message="Nothing was saved. Try again; if it keeps "
                                       "happening, tell an admin the time it happened."), 500

    @app.get("/healthz")
    def healthz():  # type: ignore[no-untyped-def]
        return {"status": "ok"}

    # Every page, one blueprint per area (bot/console/blueprints/); no URL prefixes, each
    # view names its whole path. Their templates are in templates/<area>/.
    for blueprint in (auth.bp, dashboard.bp, programs.bp, relief.bp, admin.bp, preview.bp,
                      handoffs.bp):
        app.register_blueprint(blueprint)
    return app
