"""Signing in and out, throttling, password changes, ended sessions, the users CLI."""

from __future__ import annotations

import io
import sys
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

import bot.config
import bot.logsetup
from bot.__main__ import main
from bot.accounts.auth import verify_password
from bot.accounts.models import StaffAccount
from bot.config import Settings
from tests.console.conftest import (
    PASSWORD,
    csrf,
    forms_of,
    fresh,
    post_form,
    session_cookie,
    sign_in,
)

NEW_PASSWORD = "a brand new long sentence"


def redirects_to_login(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 302 and urlsplit(
        response.headers["Location"]).path == "/login"


def account(db: Session, username: str) -> StaffAccount:
    fresh(db)
    return db.execute(select(StaffAccount).where(
        StaffAccount.username == username)).scalar_one()


# --- signing in ---------------------------------------------------------------------------


def test_sign_in_goes_to_the_dashboard(client: FlaskClient, staff: StaffAccount) -> None:
    assert redirects_to_login(client.get("/"))
    response = sign_in(client, "sam")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert "Hello, sam" in page.get_data(as_text=True)


def test_sign_in_ignores_case_and_spaces_of_the_username(client: FlaskClient,
                                                         staff: StaffAccount) -> None:
    assert sign_in(client, "  SAM ").status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_password_and_unknown_user_get_the_same_answer(
        client: FlaskClient, staff: StaffAccount) -> None:
    wrong = sign_in(client, "sam", "not the right password")
    unknown = sign_in(client, "nobody", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    for response in (wrong, unknown):
        text = response.get_data(as_text=True)
        assert "Wrong username or password." in text
        assert "Too many tries" not in text
    assert redirects_to_login(client.get("/"))


def test_inactive_account_answers_like_an_unknown_one(
        client: FlaskClient, staff: StaffAccount, db: Session) -> None:
    row = account(db, "sam")
    row.active = False
    db.commit()
    response = sign_in(client, "sam")
    assert response.status_code == 401
    assert "Wrong username or password." in response.get_data(as_text=True)


def test_the_sixth_try_after_five_failures_is_refused_even_with_the_right_password(
        client: FlaskClient, staff: StaffAccount) -> None:
    for _ in range(5):
        response = sign_in(client, "sam", "guess number something")
        assert response.status_code == 401
        assert "Wrong username or password." in response.get_data(as_text=True)
    sixth = sign_in(client, "sam", PASSWORD)
    assert sixth.status_code == 401
    assert "Too many tries" in sixth.get_data(as_text=True)
    assert redirects_to_login(client.get("/"))


def test_four_failures_do_not_lock(client: FlaskClient, staff: StaffAccount) -> None:
    for _ in range(4):
        assert sign_in(client, "sam", "guess number something").status_code == 401
    assert sign_in(client, "sam").status_code == 302


def test_next_takes_you_back_to_the_page_you_asked_for(client: FlaskClient,
                                                        staff: StaffAccount) -> None:
    first = client.get("/programs?status=all")
    assert redirects_to_login(first)
    login_page = first.headers["Location"]
    token = csrf(client, login_page)
    response = client.post(login_page, data={"username": "sam", "password": PASSWORD,
                                              "csrf_token": token})
    assert response.status_code == 302
    target = urlsplit(response.headers["Location"])
    assert (target.path, target.query) == ("/programs", "status=all")


@pytest.mark.parametrize("target", [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
])
def test_next_never_leads_to_another_host(client: FlaskClient, staff: StaffAccount,
                                          target: str) -> None:
    token = csrf(client, "/login")
    response = client.post("/login", query_string={"next": target},
                           data={"username": "sam", "password": PASSWORD,
                                 "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://localhost/")  # the dashboard


# --- signing out --------------------------------------------------------------------------


def test_sign_out_is_a_post_and_ends_the_session(staff_client: FlaskClient) -> None:
    assert staff_client.get("/programs").status_code == 200
    response = post_form(staff_client, "/logout", token_from="/")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert "You are signed out" in staff_client.get("/login").get_data(as_text=True)
    assert redirects_to_login(staff_client.get("/programs"))
    assert redirects_to_login(staff_client.get("/"))


def test_a_copy_of_the_cookie_stops_working_after_sign_out(
        client: FlaskClient, new_client, staff: StaffAccount) -> None:  # type: ignore[no-untyped-def]
    """The session lives in the cookie; sign-out must end copies of it too."""
    assert sign_in(client, "sam").status_code == 302
    copy = new_client()
    copy.set_cookie("console_session", session_cookie(client) or "")
    assert copy.get("/programs").status_code == 200
    assert post_form(client, "/logout", token_from="/").status_code == 302
    assert redirects_to_login(copy.get("/programs"))


def test_get_logout_is_not_allowed(staff_client: FlaskClient) -> None:
    assert staff_client.get("/logout").status_code == 405
    assert staff_client.get("/").status_code == 200  # still signed in


# --- changing the password ----------------------------------------------------------------


def change_password(client: FlaskClient, current: str, new: str, again: str | None = None):  # type: ignore[no-untyped-def]
    return post_form(client, "/password", {"current": current, "new": new,
                                           "again": new if again is None else again})


def test_password_change_needs_the_current_password(staff_client: FlaskClient,
                                                    db: Session) -> None:
    response = change_password(staff_client, "not my password at all", NEW_PASSWORD)
    assert response.status_code == 400
    assert "Your current password is not right." in response.get_data(as_text=True)
    assert verify_password(account(db, "sam"), PASSWORD)


@pytest.mark.parametrize(("new", "again", "message"), [
    ("short one", None, "Use at least 10 characters."),
    ("password123", None, "too easy to guess"),
    ("aaaaaaaaaaaaaa", None, "too easy to guess"),
    ("sam is my name ok", None, "must not contain the username"),
    (NEW_PASSWORD, NEW_PASSWORD + "!", "The two new passwords are not the same."),
])
def test_password_change_refuses_weak_or_mismatched_passwords(
        staff_client: FlaskClient, db: Session, new: str, again: str | None,
        message: str) -> None:
    response = change_password(staff_client, PASSWORD, new, again)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    stored = account(db, "sam")
    assert verify_password(stored, PASSWORD)
    assert not verify_password(stored, new)


def test_password_change_works_and_ends_the_other_sessions(
        client: FlaskClient, new_client, staff: StaffAccount, db: Session) -> None:  # type: ignore[no-untyped-def]
    assert sign_in(client, "sam").status_code == 302
    other_browser = new_client()
    assert sign_in(other_browser, "sam").status_code == 302
    old_cookie = session_cookie(client)
    assert old_cookie

    response = change_password(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/"

    # This browser goes on, with a new cookie.
    assert client.get("/programs").status_code == 200
    assert session_cookie(client) != old_cookie
    # The other browser and a copy of the old cookie are signed out.
    assert redirects_to_login(other_browser.get("/programs"))
    replay = new_client()
    replay.set_cookie("console_session", old_cookie)
    assert redirects_to_login(replay.get("/programs"))
    assert redirects_to_login(replay.get("/"))

    # Only the new password signs in now.
    assert sign_in(new_client(), "sam", PASSWORD).status_code == 401
    assert sign_in(new_client(), "sam", NEW_PASSWORD).status_code == 302
    assert verify_password(account(db, "sam"), NEW_PASSWORD)


def test_a_copied_cookie_works_until_the_password_changes(
        client: FlaskClient, new_client, staff: StaffAccount) -> None:  # type: ignore[no-untyped-def]
    """The control for the test above: the copied cookie is a real session before."""
    assert sign_in(client, "sam").status_code == 302
    copy = new_client()
    copy.set_cookie("console_session", session_cookie(client) or "")
    assert copy.get("/programs").status_code == 200


def test_a_deactivated_account_is_signed_out(
        client: FlaskClient, new_client, admin: StaffAccount, staff: StaffAccount) -> None:  # type: ignore[no-untyped-def]
    staff_browser = new_client()
    assert sign_in(staff_browser, "sam").status_code == 302
    assert staff_browser.get("/programs").status_code == 200

    assert sign_in(client, "alex").status_code == 302
    page = client.get(f"/accounts/{staff.id}").get_data(as_text=True)
    details = [f for f in forms_of(page) if f["fields"].get("what") == "details"][0]["fields"]
    assert details["active"] == "yes"
    details.pop("active", None)  # untick "Can sign in"
    response = client.post(f"/accounts/{staff.id}", data=details)
    assert response.status_code == 302

    assert redirects_to_login(staff_browser.get("/programs"))
    assert sign_in(new_client(), "sam").status_code == 401


# --- the users command --------------------------------------------------------------------


@pytest.fixture()
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("BOT_VAR_DIR", str(settings.var_dir))
    # main() configures process-wide logging and hides TensorFlow: keep both to this test.
    monkeypatch.setattr(bot.logsetup, "setup_logging", lambda level="INFO": None)
    # A developer's .env must not leak into this process's environment for good.
    monkeypatch.setattr(bot.config, "_load_dotenv", lambda path: None)
    monkeypatch.setitem(sys.modules, "tensorflow", sys.modules.get("tensorflow"))
    return settings


def run_cli(monkeypatch: pytest.MonkeyPatch, args: list[str], stdin: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(args)


def test_cli_create_admin_makes_an_admin_who_can_sign_in(
        cli_env: Settings, monkeypatch: pytest.MonkeyPatch, db: Session,
        client: FlaskClient, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(monkeypatch, ["users", "create-admin", "--username", "Robin",
                                 "--password-stdin"], PASSWORD + "\n")
    assert code == 0
    assert "Created admin account robin" in capsys.readouterr().out
    created = account(db, "robin")
    assert created.role == "admin" and created.active
    assert created.password_hash.startswith("$argon2id$")
    assert sign_in(client, "robin").status_code == 302
    assert client.get("/accounts").status_code == 200


def test_cli_refuses_a_weak_password(cli_env: Settings, monkeypatch: pytest.MonkeyPatch,
                                     db: Session, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(monkeypatch, ["users", "create-admin", "--username", "robin",
                                 "--password-stdin"], "short\n")
    assert code == 1
    assert "Not done" in capsys.readouterr().err
    fresh(db)
    assert db.execute(select(StaffAccount)).first() is None


def test_cli_refuses_a_taken_username(cli_env: Settings, monkeypatch: pytest.MonkeyPatch,
                                      staff: StaffAccount,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(monkeypatch, ["users", "create-admin", "--username", "sam",
                                 "--password-stdin"], PASSWORD + "\n")
    assert code == 1
    assert "taken" in capsys.readouterr().err
