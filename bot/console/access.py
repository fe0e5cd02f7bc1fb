"""Role checks for console pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import abort, url_for
from flask_login import current_user, login_required

F = TypeVar("F", bound=Callable[..., Any])


def roles(*allowed: str) -> Callable[[F], F]:
    """Only signed-in accounts with one of these roles (admins always) may open the page."""

    def decorate(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.can(*allowed):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


def actor() -> str:
    """The username recorded in the audit trail for this request."""
    return str(current_user.username)


_PAGE_RE = re.compile(r"^[0-9]{1,5}$")


def page_number(value: str | None) -> int:
    """A ?page= value as 1..99999 (anything else is page 1)."""
    return max(1, int(value)) if value and _PAGE_RE.match(value) else 1


def safe_path(target: str | None) -> str:
    """Only a path on this site may be redirected to (never another host)."""
    if not target:
        return url_for("dashboard.index")
    parts = urlsplit(target)
    if (parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//")
            or "\\" in target):
        return url_for("dashboard.index")
    return target
