"""CSRF, cookies, password storage and logs, escaping, injection, access, headers, CSV."""

from __future__ import annotations

import csv
import io
import logging
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from bot.accounts.models import StaffAccount
from bot.config import Settings, load_settings
from bot.console.app import create_app
from bot.db.session import engine_for
from bot.programs import catalog_import
from bot.programs.models import Program
from bot.relief.models import ReliefRevision
from tests.console.conftest import (
    PASSWORD,
    audit_rows,
    count_programs,
    csrf,
    form_of,
    fresh,
    new_program_fields,
    post_form,
    program_by_key,
    sign_in,
)

SCRIPT = "<script>alert(1)</script>"
SQL_TEXTS = ("' OR 1=1 --", '"; DROP TABLE program; --')


def db_bytes(settings: Settings) -> bytes:
    """Every byte SQLite keeps for the database (the file and its WAL and journal)."""
    path = Path(settings.database_url.split("///", 1)[1])
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))


# --- CSRF ---------------------------------------------------------------------------------


def test_sign_in_without_the_token_is_refused(client: FlaskClient, staff: StaffAccount,
                                              db: Session) -> None:
    client.get("/login")
    response = client.post("/login", data={"username": "sam", "password": PASSWORD})
    assert response.status_code == 400
    assert "Nothing was saved" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # not signed in
    fresh(db)
    assert db.get(StaffAccount, staff.id).last_login_at is None


@pytest.mark.parametrize("token", [None, "", "garbage", "other-session"])
def test_posts_without_a_valid_token_are_refused_and_change_nothing(
        admin_client: FlaskClient, new_client, sample: Session, db: Session,  # type: ignore[no-untyped-def]
        token: str | None, settings: Settings) -> None:
    if token == "other-session":
        other = new_client()
        token = csrf(other, "/login")  # a real token, of another browser's session

    def post(path: str, data: dict) -> int:
        if token is not None:
            data = dict(data, csrf_token=token)
        return admin_client.post(path, data=data).status_code

    program = sample.execute(select(Program).order_by(Program.id)).scalars().first()
    before = (program.last_verified, program.status, program.verified_by)
    programs_before = count_programs(db)
    audits_before = len(audit_rows(db))

    new_fields = new_program_fields(admin_client, key="csrf-test-program")
    new_fields.pop("csrf_token", None)
    assert post("/programs/new", new_fields) == 400
    assert post(f"/programs/{program.id}/verify", {}) == 400
    assert post(f"/programs/{program.id}/archive", {}) == 400
    relief = form_of(admin_client.get("/relief/ga").get_data(as_text=True),
                     class_="program-form")["fields"]
    relief.pop("csrf_token")
    relief["notes"] = "Changed without a token"
    relief["note"] = "csrf"
    assert post("/relief/ga", relief) == 400
    assert post("/accounts", {"username": "mallory", "password": "a long enough one",
                              "role": "admin"}) == 400
    assert post("/logout", {}) == 400
    assert post("/password", {"current": PASSWORD, "new": "a new long sentence",
                              "again": "a new long sentence"}) == 400

    fresh(db)
    assert count_programs(db) == programs_before
    assert program_by_key(db, "csrf-test-program") is None
    stored = db.get(Program, program.id)
    assert (stored.last_verified, stored.status, stored.verified_by) == before
    assert db.execute(select(ReliefRevision)).first() is None
    assert db.execute(select(StaffAccount).where(
        StaffAccount.username == "mallory")).first() is None
    assert len(audit_rows(db)) == audits_before
    # Still signed in (logout was refused), with the same password.
    assert admin_client.get("/accounts").status_code == 200
    assert sign_in(new_client(), "alex", PASSWORD).status_code == 302


def test_the_same_forms_with_the_token_do_work(admin_client: FlaskClient, sample: Session,
                                               db: Session) -> None:
    """The control for the test above: what was refused is accepted with the token."""
    program = sample.execute(select(Program).order_by(Program.id)).scalars().first()
    assert post_form(admin_client, "/programs/new",
                     new_program_fields(admin_client, key="csrf-test-program")
                     ).status_code == 302
    assert post_form(admin_client, f"/programs/{program.id}/archive", token_from="/"
                     ).status_code == 302
    assert post_form(admin_client, "/accounts", {
        "username": "mallory", "password": "a long enough one", "role": "staff"}
    ).status_code == 302
    assert program_by_key(db, "csrf-test-program") is not None
    assert db.get(Program, program.id).status == "archived"
    assert post_form(admin_client, "/logout", token_from="/").status_code == 302
    assert admin_client.get("/").status_code == 302


# --- cookies ------------------------------------------------------------------------------


def cookie_header(response) -> str:  # type: ignore[no-untyped-def]
    cookies = [c for c in response.headers.getlist("Set-Cookie")
               if c.startswith("console_session=")]
    assert cookies, "no session cookie set"
    return cookies[-1]


def cookie_flags(header: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in header.split(";")[1:]} | {
        part.strip().lower() for part in header.split(";")[1:]}


def test_a_refused_token_of_a_signed_in_user_gets_the_friendly_page(
        staff_client: FlaskClient) -> None:
    """The error page itself needs the account (for the menu): it must not crash."""
    response = staff_client.post("/programs/new", data={"name": "x"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "This form has expired" in text and "Nothing was saved" in text
    assert "sam (staff)" in text  # the page knows who is signed in


def test_a_too_big_upload_gets_the_friendly_page(settings: Settings,
                                                  staff: StaffAccount) -> None:
    client = create_app(settings, MAX_CONTENT_LENGTH=50_000).test_client()
    assert sign_in(client, "sam").status_code == 302
    token = csrf(client, "/programs/import")
    response = client.post("/programs/import", data={
        "csrf_token": token, "file": (io.BytesIO(b"key,name\n" + b"x" * 60_000), "big.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 413
    assert "File too big" in response.get_data(as_text=True)


# --- cookies ------------------------------------------------------------------------------


def test_session_cookie_is_httponly_and_samesite_lax(client: FlaskClient,
                                                     staff: StaffAccount) -> None:
    flags = cookie_flags(cookie_header(sign_in(client, "sam")))
    assert "httponly" in flags
    assert "samesite=lax" in flags
    assert "secure" not in flags  # plain http on 127.0.0.1 (otherwise no one could sign in)


def test_session_cookie_is_secure_behind_https(settings: Settings, staff: StaffAccount) -> None:
    https = load_settings({"BOT_VAR_DIR": str(settings.var_dir),
                           "DATABASE_URL": settings.database_url,
                           "CONSOLE_PUBLIC_URL": "https://console.example.org"})
    client = create_app(https).test_client()
    flags = cookie_flags(cookie_header(sign_in(client, "sam")))
    assert {"secure", "httponly", "samesite=lax"} <= flags


# --- passwords at rest and in logs --------------------------------------------------------


@pytest.mark.real_hasher
def test_passwords_are_stored_only_as_argon2id_hashes(
        client: FlaskClient, make_account, settings: Settings, db: Session) -> None:  # type: ignore[no-untyped-def]
    make_account("sam", "staff", password=PASSWORD)
    assert sign_in(client, "sam").status_code == 302
    new = "another secret sentence here"
    assert post_form(client, "/password", {"current": PASSWORD, "new": new,
                                           "again": new}).status_code == 302
    row = fresh(db).execute(select(StaffAccount)).scalar_one()
    assert row.password_hash.startswith("$argon2id$")
    assert "m=65536,t=3,p=4" in row.password_hash  # argon2-cffi's RFC 9106 defaults
    data = db_bytes(settings)
    for secret in (PASSWORD, new):
        assert secret.encode() not in data
        assert secret.encode("utf-16-le") not in data


def test_passwords_never_reach_logs_or_the_audit_trail(
        client: FlaskClient, admin_client: FlaskClient, new_client, staff: StaffAccount,  # type: ignore[no-untyped-def]
        settings: Settings, db: Session, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    # SQL statements and their parameters too: a password sent to the database shows here.
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")
    typed = "wrong secret sentence 123"
    changed = "the changed secret sentence"
    reset = "the admin reset sentence"
    created = "first password of the new one"
    browser = new_client()
    assert sign_in(browser, "sam", typed).status_code == 401
    assert sign_in(browser, "sam", PASSWORD).status_code == 302
    assert post_form(browser, "/password", {"current": PASSWORD, "new": changed,
                                            "again": changed}).status_code == 302
    assert post_form(admin_client, "/accounts", {"username": "robin", "password": created,
                                                 "role": "staff"}).status_code == 302
    assert post_form(admin_client, f"/accounts/{staff.id}", {
        "what": "password", "password": reset}).status_code == 302
    assert sign_in(new_client(), "sam", reset).status_code == 302

    assert any("staff_account" in r.getMessage() for r in caplog.records), \
        "the SQL log is missing: the check would prove nothing"
    logged = caplog.text + "".join(str(r.__dict__) for r in caplog.records)
    trail = " ".join(f"{e.summary} {e.details}" for e in audit_rows(db))
    assert "password" in trail  # the changes are in the trail, the passwords are not
    data = db_bytes(settings)
    for secret in (PASSWORD, typed, changed, reset, created):
        assert secret not in logged
        assert secret not in trail
        assert secret.encode() not in data


# --- escaping -----------------------------------------------------------------------------


def test_a_script_in_a_name_is_shown_as_text_everywhere(
        admin_client: FlaskClient, db: Session) -> None:
    name = f"{SCRIPT} Cooking"
    fields = new_program_fields(admin_client, key="xss-cooking", name=name,
                                provider_name=f"{SCRIPT} Provider",
                                description=f"{SCRIPT} description")
    saved = post_form(admin_client, "/programs/new", fields)
    assert saved.status_code == 302
    assert program_by_key(db, "xss-cooking").name == name  # stored as typed

    program_id = program_by_key(db, "xss-cooking").id
    # The flash message ("Saved <name>") shows on whatever page comes next: the dashboard.
    pages = {
        "dashboard": admin_client.get("/").get_data(as_text=True),
        "list": admin_client.get("/programs", query_string={"q": "cooking"}
                                 ).get_data(as_text=True),
        "edit": admin_client.get(f"/programs/{program_id}").get_data(as_text=True),
        "audit": admin_client.get("/audit").get_data(as_text=True),
    }
    for where, html in pages.items():
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, where
        assert "<script>alert" not in html, where
        assert "<script" not in html.lower(), where


def test_a_script_in_a_display_name_is_shown_as_text(admin_client: FlaskClient,
                                                     make_account) -> None:  # type: ignore[no-untyped-def]
    make_account("robin", "staff", display_name=SCRIPT)
    client = admin_client.application.test_client()
    assert sign_in(client, "robin").status_code == 302
    for path in ("/", "/programs"):
        html = client.get(path).get_data(as_text=True)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script" not in html.lower()
    accounts = admin_client.get("/accounts").get_data(as_text=True)
    assert "&lt;script&gt;" in accounts and "<script" not in accounts.lower()


# --- SQL-like input -----------------------------------------------------------------------


@pytest.mark.parametrize("text", SQL_TEXTS)
def test_sql_like_filters_are_plain_text(admin_client: FlaskClient, sample: Session,
                                         db: Session, settings: Settings, text: str) -> None:
    total = count_programs(db)
    for name in ("q", "city", "occupation"):
        response = admin_client.get("/programs", query_string={name: text, "status": "all"})
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert "0 programs" in html and "No program matches" in html
        filters = form_of(html, class_="filters")["fields"]
        if name != "city":  # the city box is a list of the cities there are
            assert filters[name] == text  # shown back as the literal text
    for name in ("actor", "key", "type"):
        response = admin_client.get("/audit", query_string={name: text})
        assert response.status_code == 200
        assert "Nothing yet." in response.get_data(as_text=True)
    assert set(inspect(engine_for(settings.database_url)).get_table_names()) >= {
        "program", "provider", "staff_account", "audit_event"}
    assert count_programs(db) == total


@pytest.mark.parametrize("text", SQL_TEXTS)
def test_sql_like_form_fields_are_saved_as_literal_text(
        admin_client: FlaskClient, db: Session, settings: Settings, text: str) -> None:
    fields = new_program_fields(admin_client, key="sql-test", name=f"{text} cooking",
                                description=text, provider_name=f"Provider {text}")
    assert post_form(admin_client, "/programs/new", fields).status_code == 302
    stored = program_by_key(db, "sql-test")
    assert stored.name == f"{text} cooking"
    assert stored.description == text
    assert stored.provider.name == f"Provider {text}"
    assert count_programs(db) == 1
    assert set(inspect(engine_for(settings.database_url)).get_table_names()) >= {
        "program", "provider", "staff_account", "audit_event"}
    listed = admin_client.get("/programs", query_string={"q": text}).get_data(as_text=True)
    assert "1 program." in listed
    # The sign-in form too.
    other = admin_client.application.test_client()
    response = sign_in(other, text, text)
    assert response.status_code == 401
    assert "Wrong username or password." in response.get_data(as_text=True)


# --- access -------------------------------------------------------------------------------

PROTECTED = ("/", "/programs", "/programs/new", "/programs/1", "/relief", "/relief/ga",
             "/accounts", "/audit", "/preview", "/programs/export.csv", "/programs/import",
             "/password", "/accounts/1", "/programs/999999")


@pytest.mark.parametrize("path", PROTECTED)
def test_an_anonymous_visitor_is_sent_to_sign_in(client: FlaskClient, sample: Session,
                                                 admin: StaffAccount, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert "Culinary" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/programs/1/verify", "/programs/1/archive",
                                  "/programs/1/restore", "/programs/new", "/relief/ga",
                                  "/accounts", "/programs/import",
                                  "/programs/import/confirm", "/preview"])
def test_an_anonymous_post_with_a_token_is_sent_to_sign_in(
        client: FlaskClient, sample: Session, db: Session, path: str) -> None:
    before = [(p.status, p.last_verified) for p in fresh(db).execute(
        select(Program).order_by(Program.id)).scalars()]
    response = client.post(path, data={"csrf_token": csrf(client, "/login"),
                                       "username": "x", "password": "y"})
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    after = [(p.status, p.last_verified) for p in fresh(db).execute(
        select(Program).order_by(Program.id)).scalars()]
    assert after == before


def test_the_sign_in_page_is_open(client: FlaskClient) -> None:
    response = client.get("/login")
    assert response.status_code == 200
    assert form_of(response.get_data(as_text=True), method="post")["fields"].get("csrf_token")


@pytest.mark.parametrize("path", ["/login", "/", "/programs", "/programs/export.csv"])
def test_security_headers(admin_client: FlaskClient, path: str) -> None:
    client = admin_client if path != "/login" else admin_client.application.test_client()
    response = client.get(path)
    assert response.status_code == 200
    csp = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers.get("X-Frame-Options") == "DENY"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Cache-Control") == "no-store"


def test_pages_hold_no_inline_script(admin_client: FlaskClient, sample: Session) -> None:
    for path in ("/login", "/", "/programs", "/programs/1", "/programs/new", "/relief",
                 "/relief/ga", "/accounts", "/audit", "/password", "/programs/import"):
        html = admin_client.get(path).get_data(as_text=True)
        assert "<script" not in html.lower(), path
        assert " onclick=" not in html.lower() and " onload=" not in html.lower(), path


# --- CSV export guard ---------------------------------------------------------------------


def test_export_guards_formulas_and_imports_back_unchanged(
        admin_client: FlaskClient, sample: Session, db: Session, tmp_path: Path) -> None:
    formulas = {
        "name": "=1+2 Cooking",
        "provider_name": '=HYPERLINK("http://evil.example","click")',
        "description": "+SUM(A1:A9)",
        "keywords": "@cmd",
    }
    fields = new_program_fields(admin_client, key="formula-program",
                                provider_key="formula-provider", **formulas)
    assert post_form(admin_client, "/programs/new", fields).status_code == 302
    stored = program_by_key(db, "formula-program")
    assert stored.name == "=1+2 Cooking"  # stored as typed: the guard is for spreadsheets
    assert stored.provider.name == formulas["provider_name"]

    response = admin_client.get("/programs/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    row = next(r for r in rows if r["key"] == "formula-program")
    for column, value in formulas.items():
        assert row[column] == "'" + value, column
    for every in rows:  # no cell of the file starts a formula
        assert not any(cell[:1] in ("=", "+", "@") for cell in every.values())

    path = tmp_path / "export.csv"
    path.write_bytes(response.get_data())
    report = catalog_import.import_file(fresh(db), path, dry_run=True)
    assert report.ok, report.errors
    assert (report.created, report.updated) == (0, 0)
    assert report.unchanged == len(rows) == count_programs(db)
