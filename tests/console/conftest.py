"""Fixtures for the staff console: the real app (CSRF on), clients, accounts, sign-in."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.accounts import auth
from bot.accounts.auth import create_account
from bot.accounts.models import AuditEvent, StaffAccount
from bot.config import Settings
from bot.console.app import create_app
from bot.db.session import session_factory
from bot.programs.models import Program
from bot.programs.seed import load_sample
from bot.relief import revisions
from bot.relief.knowledge import DEFAULT_FOLDER, load_entries

PASSWORD = "correct horse battery staple"
_CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token of the form on a page, read from its HTML."""
    page = client.get(path)
    match = _CSRF_RE.search(page.get_data(as_text=True))
    assert match, f"no csrf_token on {path} ({page.status_code})"
    return match.group(1)


def post_form(client: FlaskClient, path: str, data: dict | None = None, *,
              token_from: str | None = None, **kwargs):  # type: ignore[no-untyped-def]
    """POST a form with the CSRF token taken from a page (default: the same path)."""
    fields = dict(data or {})
    fields["csrf_token"] = csrf(client, token_from or path)
    return client.post(path, data=fields, **kwargs)


def sign_in(client: FlaskClient, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    """Sign in through the real /login form; returns the response (not followed)."""
    token = csrf(client, "/login")
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token})


def session_cookie(client: FlaskClient) -> str | None:
    """The value of the console's session cookie in this client, if any."""
    cookie = client.get_cookie("console_session")
    return cookie.value if cookie is not None else None


@pytest.fixture(autouse=True)
def quick_hashes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2id parameters, so a test's few hashes take milliseconds, not 0.2 s each.

    Same algorithm and code path; only the cost differs. A test marked `real_hasher` keeps
    the production parameters.
    """
    if request.node.get_closest_marker("real_hasher"):
        return
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(auth, "_hasher", cheap)
    monkeypatch.setattr(auth, "_DUMMY_HASH", cheap.hash("not-a-real-password-only-for-timing"))


@functools.lru_cache(maxsize=4)
def _relief_files(folder: str) -> dict:
    return load_entries(folder)


@pytest.fixture(autouse=True)
def quick_relief_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read the reviewed relief files once per test run, not on every request (0.2 s each).

    They are read-only here; entries are frozen, and callers copy the mapping.
    """
    monkeypatch.setattr(revisions, "load_entries",
                        lambda folder=DEFAULT_FOLDER: dict(_relief_files(str(folder))))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "real_hasher: use the production argon2 parameters")


@pytest.fixture()
def app(settings: Settings) -> Flask:
    """The console as deployed: CSRF protection on, testing mode only for error pass-through."""
    application = create_app(settings)
    application.config["TESTING"] = True
    assert application.config.get("WTF_CSRF_ENABLED", True) is True
    return application


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def new_client(app: Flask) -> Callable[[], FlaskClient]:
    """Another browser (its own cookie jar)."""
    return app.test_client


@pytest.fixture()
def db(settings: Settings) -> Iterator[Session]:
    """A separate session to look at (and arrange) what the console wrote."""
    with session_factory(settings.database_url)() as session:
        yield session


@pytest.fixture()
def make_account(db: Session) -> Callable[..., StaffAccount]:
    """Create and commit an account with PASSWORD (or the one given)."""

    def make(username: str, role: str = "staff", password: str = PASSWORD,
             display_name: str = "") -> StaffAccount:
        account = create_account(db, username, password, role, display_name)
        db.commit()
        return account

    return make


@pytest.fixture()
def admin(make_account: Callable[..., StaffAccount]) -> StaffAccount:
    return make_account("alex", "admin")


@pytest.fixture()
def staff(make_account: Callable[..., StaffAccount]) -> StaffAccount:
    return make_account("sam", "staff")


@pytest.fixture()
def counselor(make_account: Callable[..., StaffAccount]) -> StaffAccount:
    return make_account("casey", "counselor")


@pytest.fixture()
def admin_client(client: FlaskClient, admin: StaffAccount) -> FlaskClient:
    assert sign_in(client, "alex").status_code == 302
    return client


@pytest.fixture()
def staff_client(client: FlaskClient, staff: StaffAccount) -> FlaskClient:
    assert sign_in(client, "sam").status_code == 302
    return client


@pytest.fixture()
def counselor_client(client: FlaskClient, counselor: StaffAccount) -> FlaskClient:
    assert sign_in(client, "casey").status_code == 302
    return client


@pytest.fixture()
def sample(db: Session) -> Session:
    """The sample programs loaded (and committed)."""
    report = load_sample(db)
    assert report.ok and report.created > 0
    db.commit()
    return db


def fresh(session: Session) -> Session:
    """End the session's transaction so it sees what the console committed since."""
    session.commit()
    session.expire_all()
    return session


def count_programs(session: Session) -> int:
    fresh(session)
    return int(session.execute(select(func.count()).select_from(Program)).scalar_one())


def audit_rows(session: Session, **where: str) -> list[AuditEvent]:
    fresh(session)
    query = select(AuditEvent).order_by(AuditEvent.id)
    for name, value in where.items():
        query = query.where(getattr(AuditEvent, name) == value)
    return list(session.execute(query).scalars())


def program_by_key(session: Session, key: str) -> Program | None:
    fresh(session)
    return session.execute(select(Program).where(Program.key == key)).scalar_one_or_none()


class _Forms(HTMLParser):
    """Every <form> of a page with the values a browser would submit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._option: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = {"attrs": a, "fields": {}, "disabled": False, "buttons": []}
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        if tag == "fieldset" and "disabled" in a:
            form["disabled"] = True
        elif tag == "button":
            form["buttons"].append(a)
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind == "checkbox":
                if "checked" in a:
                    form["fields"][a["name"]] = a.get("value", "on")
            elif kind not in ("file", "submit"):
                form["fields"][a["name"]] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            form["fields"][self._textarea] = ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._select_first = None
        elif tag == "option" and self._select is not None:
            self._option = a
            self._option_text = ""

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea is not None:
            self._form["fields"][self._textarea] += data
        if self._option is not None:
            self._option_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "option" and self._option is not None and self._form is not None:
            value = self._option.get("value", self._option_text.strip())
            if self._select_first is None:
                self._select_first = value
                self._form["fields"].setdefault(self._select, value)
            if "selected" in self._option:
                self._form["fields"][self._select] = value
            self._option = None
        elif tag == "select":
            self._select = None


def forms_of(html: str) -> list[dict]:
    """The forms of a page: {"attrs", "fields" (what would be sent), "disabled", "buttons"}."""
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_of(html: str, **attrs: str) -> dict:
    """The one form whose attributes include these (e.g. class_="program-form")."""
    wanted = {k.rstrip("_"): v for k, v in attrs.items()}
    found = [f for f in forms_of(html)
             if all(wanted[k] in f["attrs"].get(k, "").split() or f["attrs"].get(k) == v
                    for k, v in wanted.items())]
    assert len(found) == 1, f"{len(found)} forms match {attrs}"
    return found[0]


def new_program_fields(client: FlaskClient, **values: str) -> dict[str, str]:
    """The "Add a program" form as a browser sends it, filled in with a valid listing."""
    page = client.get("/programs/new")
    assert page.status_code == 200
    fields = form_of(page.get_data(as_text=True), class_="program-form")["fields"]
    fields.update({
        "key": "hive-works-beekeeping",
        "name": "Beekeeping Basics",
        "description": "Learn to keep bees and sell honey.",
        "keywords": "beekeeping bees honey",
        "occupations": "45-2093",
        "total_cost_usd": "0",
        "address": "1 Hive Lane",
        "city": "Atlanta",
        "state": "GA",
        "zip": "30303",
        "contact_email": "hello@hive.example.org",
        "provider_key": "hive-works",
        "provider_name": "Hive Works",
        "provider_city": "Atlanta",
        "provider_state": "GA",
    })
    fields.update(values)
    return fields
