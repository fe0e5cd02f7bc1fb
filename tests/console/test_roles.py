"""What each role may do: counselors read, staff keep the catalog, admins manage accounts."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.accounts.models import StaffAccount
from bot.programs.models import Program
from bot.relief.models import ReliefRevision
from tests.console.conftest import (
    PASSWORD,
    audit_rows,
    count_programs,
    csrf,
    form_of,
    forms_of,
    fresh,
    new_program_fields,
    post_form,
    sign_in,
)


def first_program(session: Session) -> Program:
    return fresh(session).execute(select(Program).order_by(Program.id)).scalars().first()


def snapshot(session: Session) -> list[tuple]:
    fresh(session)
    return [(p.key, p.name, p.status, p.last_verified, p.verified_by)
            for p in session.execute(select(Program).order_by(Program.id)).scalars()]


# --- counselors ---------------------------------------------------------------------------


def test_a_counselor_can_read_programs_and_relief(counselor_client: FlaskClient,
                                                  sample: Session) -> None:
    program = first_program(sample)
    listing = counselor_client.get("/programs", query_string={"q": program.key})
    assert listing.status_code == 200
    assert program.name in listing.get_data(as_text=True)
    page = counselor_client.get(f"/programs/{program.id}")
    assert page.status_code == 200
    assert program.name in page.get_data(as_text=True)
    assert counselor_client.get("/relief").status_code == 200
    assert counselor_client.get("/relief/ga").status_code == 200


def test_a_counselor_sees_the_program_form_disabled(counselor_client: FlaskClient,
                                                    sample: Session) -> None:
    program = first_program(sample)
    html = counselor_client.get(f"/programs/{program.id}").get_data(as_text=True)
    form = form_of(html, class_="program-form")
    assert form["disabled"]
    assert not form["buttons"]  # no Save
    assert ">Save<" not in html
    assert "Checked today" not in html and "Archive" not in html
    actions = {f["attrs"].get("action") for f in forms_of(html)}
    assert not any(a and ("/verify" in a or "/archive" in a) for a in actions)
    listing = counselor_client.get("/programs").get_data(as_text=True)
    assert "Add a program" not in listing and "Download CSV" not in listing
    relief = counselor_client.get("/relief/ga").get_data(as_text=True)
    relief_form = form_of(relief, class_="program-form")
    assert relief_form["disabled"] and not relief_form["buttons"]


def test_the_staff_program_form_is_not_disabled(staff_client: FlaskClient,
                                                sample: Session) -> None:
    """The control for the test above."""
    html = staff_client.get(f"/programs/{first_program(sample).id}").get_data(as_text=True)
    form = form_of(html, class_="program-form")
    assert not form["disabled"] and form["buttons"]


def test_a_counselor_cannot_change_anything(counselor_client: FlaskClient, sample: Session,
                                            db: Session) -> None:
    program = first_program(sample)
    before = snapshot(db)
    audits = len(audit_rows(db))
    token = csrf(counselor_client, f"/programs/{program.id}")
    edit = form_of(counselor_client.get(f"/programs/{program.id}").get_data(as_text=True),
                   class_="program-form")["fields"]
    edit["name"] = "Renamed by a counselor"
    relief = form_of(counselor_client.get("/relief/ga").get_data(as_text=True),
                     class_="program-form")["fields"]
    relief["notes"] = "Changed by a counselor"
    posts = {
        f"/programs/{program.id}": edit,
        f"/programs/{program.id}/verify": {},
        f"/programs/{program.id}/archive": {},
        f"/programs/{program.id}/restore": {},
        "/programs/new": new_program_fields_as(counselor_client),
        "/programs/import/confirm": {"token": "anything"},
        "/relief/ga": relief,
        "/accounts": {"username": "mallory", "password": "a long enough one",
                      "role": "admin"},
        f"/accounts/{counselor_id(db)}": {"what": "details", "role": "admin",
                                          "active": "yes"},
    }
    for path, data in posts.items():
        response = counselor_client.post(path, data=dict(data, csrf_token=token))
        assert response.status_code == 403, path
        assert "Not for your role" in response.get_data(as_text=True)
    upload = counselor_client.post("/programs/import", data={
        "csrf_token": token, "file": (io.BytesIO(b"key,name\nx,y\n"), "p.csv")},
        content_type="multipart/form-data")
    assert upload.status_code == 403
    for path in ("/programs/new", "/programs/import", "/programs/export.csv", "/accounts",
                 "/audit", f"/accounts/{counselor_id(db)}"):
        assert counselor_client.get(path).status_code == 403, path

    assert snapshot(db) == before
    assert len(audit_rows(db)) == audits  # not even an "export" row
    assert fresh(db).execute(select(ReliefRevision)).first() is None
    assert db.execute(select(StaffAccount).where(
        StaffAccount.username == "mallory")).first() is None
    assert db.execute(select(StaffAccount.role).where(
        StaffAccount.username == "casey")).scalar_one() == "counselor"


def new_program_fields_as(client: FlaskClient) -> dict[str, str]:
    """A valid new listing, without opening /programs/new (which a counselor can't)."""
    return {"key": "counselor-program", "name": "Counselor program",
            "provider_name": "Somewhere", "format": "online",
            "last_verified": "2026-01-01"}


def counselor_id(session: Session) -> int:
    return fresh(session).execute(select(StaffAccount.id).where(
        StaffAccount.username == "casey")).scalar_one()


# --- staff --------------------------------------------------------------------------------


def test_staff_cannot_open_accounts_or_the_audit_trail(staff_client: FlaskClient,
                                                       admin: StaffAccount,
                                                       db: Session) -> None:
    assert staff_client.get("/accounts").status_code == 403
    assert staff_client.get("/audit").status_code == 403
    assert staff_client.get(f"/accounts/{admin.id}").status_code == 403
    response = post_form(staff_client, "/accounts", {
        "username": "mallory", "password": "a long enough one", "role": "admin"},
        token_from="/")
    assert response.status_code == 403
    response = post_form(staff_client, f"/accounts/{admin.id}", {
        "what": "password", "password": "taken over by staff"}, token_from="/")
    assert response.status_code == 403
    assert sign_in(staff_client.application.test_client(), "alex").status_code == 302
    html = staff_client.get("/").get_data(as_text=True)
    assert 'href="/accounts"' not in html and 'href="/audit"' not in html


def test_staff_can_do_the_catalog_work(staff_client: FlaskClient, sample: Session,
                                       db: Session) -> None:
    program = first_program(sample)
    assert staff_client.get("/programs/new").status_code == 200
    assert staff_client.get("/programs/import").status_code == 200
    assert staff_client.get("/programs/export.csv").status_code == 200
    assert post_form(staff_client, f"/programs/{program.id}/verify",
                     token_from="/").status_code == 302
    assert post_form(staff_client, "/programs/new", new_program_fields(staff_client)
                     ).status_code == 302
    assert count_programs(db) == 50


# --- admins -------------------------------------------------------------------------------


def account_row(session: Session, username: str) -> StaffAccount | None:
    return fresh(session).execute(select(StaffAccount).where(
        StaffAccount.username == username)).scalar_one_or_none()


def test_an_admin_creates_accounts_who_can_sign_in(admin_client: FlaskClient,
                                                   db: Session) -> None:
    response = post_form(admin_client, "/accounts", {
        "username": "Robin", "display_name": "Robin R", "role": "counselor",
        "password": "a long first sentence"})
    assert response.status_code == 302
    follow = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Account robin created" in follow
    created = account_row(db, "robin")
    assert created is not None and created.role == "counselor" and created.active
    assert created.display_name == "Robin R"
    assert any(e.object_key == "robin" and e.action == "create" and e.actor == "alex"
               for e in audit_rows(db, object_type="account"))
    browser = admin_client.application.test_client()
    assert sign_in(browser, "robin", "a long first sentence").status_code == 302
    assert browser.get("/programs").status_code == 200
    assert browser.get("/accounts").status_code == 403


@pytest.mark.parametrize(("data", "message"), [
    ({"username": "sam", "password": "a long first sentence", "role": "staff"},
     "That username is taken."),
    ({"username": "SAM", "password": "a long first sentence", "role": "staff"},
     "That username is taken."),
    ({"username": "robin", "password": "short", "role": "staff"},
     "Use at least 10 characters."),
    ({"username": "robin", "password": "a long first sentence", "role": "superuser"},
     "Role must be one of"),
    ({"username": "no spaces allowed", "password": "a long first sentence",
      "role": "staff"}, "Use 2 to 63 letters"),
])
def test_an_admin_gets_a_message_for_a_refused_account(
        admin_client: FlaskClient, staff: StaffAccount, db: Session, data: dict,
        message: str) -> None:
    before = len(fresh(db).execute(select(StaffAccount)).all())
    response = post_form(admin_client, "/accounts", data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert len(fresh(db).execute(select(StaffAccount)).all()) == before
    assert verify_unchanged(db)


def verify_unchanged(session: Session) -> bool:
    sam = account_row(session, "sam")
    return sam is not None and sam.role == "staff"


def details_form(client: FlaskClient, account_id: int) -> dict[str, str]:
    html = client.get(f"/accounts/{account_id}").get_data(as_text=True)
    return next(f for f in forms_of(html) if f["fields"].get("what") == "details")["fields"]


def test_an_admin_changes_a_role_and_that_session_ends(
        admin_client: FlaskClient, new_client, staff: StaffAccount, db: Session) -> None:  # type: ignore[no-untyped-def]
    staff_browser = new_client()
    assert sign_in(staff_browser, "sam").status_code == 302
    assert staff_browser.get("/programs/new").status_code == 200

    fields = details_form(admin_client, staff.id)
    assert fields["role"] == "staff"
    fields["role"] = "counselor"
    response = admin_client.post(f"/accounts/{staff.id}", data=fields)
    assert response.status_code == 302
    assert account_row(db, "sam").role == "counselor"
    changes = [e for e in audit_rows(db, object_type="account", object_key="sam")
               if e.action == "update"]
    assert changes and '"role": ["staff", "counselor"]' in changes[-1].details

    signed_out = staff_browser.get("/programs")
    assert signed_out.status_code == 302
    assert urlsplit(signed_out.headers["Location"]).path == "/login"
    assert sign_in(staff_browser, "sam").status_code == 302
    assert staff_browser.get("/programs/new").status_code == 403  # now a counselor


def test_a_display_name_change_keeps_the_session(admin_client: FlaskClient, new_client,  # type: ignore[no-untyped-def]
                                                 staff: StaffAccount, db: Session) -> None:
    staff_browser = new_client()
    assert sign_in(staff_browser, "sam").status_code == 302
    fields = details_form(admin_client, staff.id)
    fields["display_name"] = "Sammy"
    assert admin_client.post(f"/accounts/{staff.id}", data=fields).status_code == 302
    assert account_row(db, "sam").display_name == "Sammy"
    assert staff_browser.get("/programs").status_code == 200


@pytest.mark.parametrize("change", ["demote", "deactivate"])
def test_an_admin_cannot_demote_or_deactivate_themselves(
        admin_client: FlaskClient, admin: StaffAccount, db: Session, change: str) -> None:
    fields = details_form(admin_client, admin.id)
    if change == "demote":
        fields["role"] = "staff"
    else:
        fields.pop("active")
    response = admin_client.post(f"/accounts/{admin.id}", data=fields)
    assert response.status_code == 400
    assert "You cannot remove your own admin role or deactivate yourself." in \
        response.get_data(as_text=True)
    row = account_row(db, "alex")
    assert row.role == "admin" and row.active
    assert admin_client.get("/accounts").status_code == 200  # still signed in, still admin


def test_an_admin_resets_a_password_and_ends_their_sessions(
        admin_client: FlaskClient, new_client, staff: StaffAccount) -> None:  # type: ignore[no-untyped-def]
    staff_browser = new_client()
    assert sign_in(staff_browser, "sam").status_code == 302
    response = post_form(admin_client, f"/accounts/{staff.id}", {
        "what": "password", "password": "a reset sentence here"})
    assert response.status_code == 302
    assert staff_browser.get("/programs").status_code == 302
    assert sign_in(new_client(), "sam", PASSWORD).status_code == 401
    assert sign_in(new_client(), "sam", "a reset sentence here").status_code == 302
