"""Console accounts: argon2 password hashes, sign-in throttling, roles.

Passwords are never stored or logged: only argon2id hashes (argon2-cffi's defaults). A
wrong username and a wrong password get the same answer. After MAX_FAILURES failed
sign-ins within WINDOW for one username, or for one address, that username or address
waits LOCK_FOR before it may try again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.accounts import audit
from bot.accounts.models import ROLES, LoginThrottle, StaffAccount
from bot.db.models import utcnow

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
LOCK_FOR = dt.timedelta(minutes=15)
MIN_PASSWORD = 10
MAX_PASSWORD = 256
_USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")
# A few passwords people pick first; a longer list would be better, none is worse.
_COMMON = {
    "password123", "password1234", "1234567890", "qwertyuiop", "iloveyou123",
    "letmein1234", "welcome123", "welcome1234", "changeme123", "administrator",
    "qwerty12345", "0987654321", "1111111111", "abcdefghij", "passw0rd123",
}

_hasher = PasswordHasher()
# Verifying against this when the username is unknown takes as long as a real check, so
# the time of the answer does not tell which usernames exist.
_DUMMY_HASH = _hasher.hash("not-a-real-password-only-for-timing")


class AccountError(ValueError):
    """Input for an account that can't be accepted; the message is shown as is."""


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def check_password_rules(password: str, username: str = "") -> None:
    """Raise AccountError when the password is too weak to accept."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Use at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"Use at most {MAX_PASSWORD} characters.")
    lowered = password.lower()
    if lowered in _COMMON or len(set(password)) < 4:
        raise AccountError("This password is too easy to guess. Try a short sentence.")
    if username and username.lower() in lowered:
        raise AccountError("The password must not contain the username.")


def normalize_username(username: str) -> str:
    """Usernames are lower case letters, digits, dot, dash and underscore."""
    name = (username or "").strip().lower()
    if not _USERNAME_RE.match(name):
        raise AccountError("Use 2 to 63 letters, digits, dots, dashes or underscores.")
    return name


def create_account(session: Session, username: str, password: str, role: str,
                   display_name: str = "", actor: str = "cli") -> StaffAccount:
    """Add an account (not committed). Raises AccountError on bad input or a taken name."""
    name = normalize_username(username)
    if role not in ROLES:
        raise AccountError(f"Role must be one of: {', '.join(ROLES)}.")
    check_password_rules(password, name)
    taken = session.execute(
        select(StaffAccount.id).where(StaffAccount.username == name)).first()
    if taken:
        raise AccountError("That username is taken.")
    account = StaffAccount(username=name, role=role, password_hash=hash_password(password),
                           display_name=(display_name or "").strip()[:64] or name)
    session.add(account)
    audit.record(session, actor, "create", "account", name, f"new {role} account",
                 {"role": [None, role]})
    return account


def set_password(session: Session, account: StaffAccount, password: str, actor: str) -> None:
    """Change a password; older sessions of the account stop working."""
    check_password_rules(password, account.username)
    account.password_hash = hash_password(password)
    account.password_changed_at = utcnow()
    account.session_version += 1
    audit.record(session, actor, "password", "account", account.username,
                 "password changed" if actor == account.username else "password reset")


def verify_password(account: StaffAccount | None, password: str) -> bool:
    """True when the password matches; always does one full hash check."""
    try:
        if account is None:
            _hasher.verify(_DUMMY_HASH, password)
            return False
        return _hasher.verify(account.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(account: StaffAccount) -> bool:
    """True when the stored hash uses older parameters than today's defaults."""
    return _hasher.check_needs_rehash(account.password_hash)


def count_admins(session: Session) -> int:
    """Active admin accounts."""
    return int(session.execute(
        select(func.count()).select_from(StaffAccount).where(
            StaffAccount.role == "admin", StaffAccount.active.is_(True))).scalar_one())


# --- sign-in throttling -----------------------------------------------------------------

def throttle_key(secret: bytes, kind: str, value: str) -> str:
    """A keyed hash, so the table holds no usernames or addresses."""
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Lock:
    """Whether sign-in is refused for now, and for how many more minutes."""

    locked: bool
    minutes: int = 0


def check_lock(session: Session, keys: list[str], now: dt.datetime | None = None) -> Lock:
    """Refuse sign-in while any of the keys is locked."""
    now = now or utcnow()
    rows = session.execute(select(LoginThrottle).where(LoginThrottle.key.in_(keys))).scalars()
    until = max((r.locked_until for r in rows if r.locked_until and r.locked_until > now),
                default=None)
    if until is None:
        return Lock(False)
    return Lock(True, max(1, int((until - now).total_seconds() // 60) + 1))


def record_failure(session: Session, keys: list[str], now: dt.datetime | None = None) -> None:
    """Count a failed sign-in for each key; lock a key at MAX_FAILURES within WINDOW."""
    now = now or utcnow()
    for key in keys:
        row = session.get(LoginThrottle, key)
        if row is None:
            row = LoginThrottle(key=key, failures=0, window_start=now)
            session.add(row)
        if now - row.window_start > WINDOW:
            row.failures, row.window_start = 0, now
        row.failures += 1
        if row.failures >= MAX_FAILURES:
            row.locked_until = now + LOCK_FOR
            row.failures, row.window_start = 0, now


def clear_failures(session: Session, key: str) -> None:
    """After a good sign-in, forget the failures of that username."""
    row = session.get(LoginThrottle, key)
    if row is not None:
        session.delete(row)
