"""What every part of the console shares: CSRF protection, the login manager, the signed-in
staff member and the request's database session. The blueprints import these, never the app
factory (bot/console/app.py), so the imports go one way: app -> blueprints -> extensions."""

from __future__ import annotations

from flask import current_app, g
from flask_login import LoginManager, UserMixin
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import Session

from bot.accounts.models import StaffAccount
from bot.db.session import session_factory

csrf = CSRFProtect()
login_manager = LoginManager()


class Staff(UserMixin):
    """The signed-in account, as Flask-Login sees it."""

    def __init__(self, account: StaffAccount) -> None:
        self.account_id = account.id
        self.username = account.username
        self.display_name = account.display_name or account.username
        self.role = account.role
        self.session_version = account.session_version

    def get_id(self) -> str:
        # The version is part of the id: a password change or deactivation ends sessions.
        return f"{self.account_id}:{self.session_version}"

    def can(self, *roles: str) -> bool:
        """True for admins and for the roles named."""
        return self.role == "admin" or self.role in roles


def get_db() -> Session:
    """The database session of this request (closed when the request ends)."""
    if "db" not in g:
        # From the app's config, not g.settings: error pages (a refused CSRF token, a too
        # big upload) can be rendered before the before_request hook that sets g.settings.
        settings = current_app.config["CONSOLE_SETTINGS"]
        g.db = session_factory(settings.database_url)()
    return g.db
