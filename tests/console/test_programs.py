"""Program listings in the console: add, edit, verify, archive, filters, CSV upload, export."""

from __future__ import annotations

import csv
import datetime as dt
import html as html_module
import io
import json
import os
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.programs import catalog_import, schema
from bot.programs.models import Program
from bot.programs.program_view import STALE_AFTER_DAYS
from bot.programs.search import search
from bot.programs.search_query import Query
from tests.console.conftest import (
    audit_rows,
    count_programs,
    form_of,
    fresh,
    new_program_fields,
    post_form,
    program_by_key,
)

TODAY = dt.date.today()
KEY = "hive-works-beekeeping"


def listed_ids(html: str) -> list[int]:
    """The programs on a list page, in order."""
    return [int(i) for i in re.findall(r'<a class="title" href="/programs/(\d+)">', html)]


def listed_total(html: str) -> int:
    match = re.search(r"<p>(\d+) programs?[.,]", html)
    assert match, "no total on the page"
    return int(match.group(1))


def active(session: Session) -> list[Program]:
    return list(fresh(session).execute(
        select(Program).where(Program.status == "active")).scalars())


def field_errors(html: str) -> dict[str, str]:
    """The error summary at the top of the form: {field: reason}."""
    return dict(re.findall(r'<li><a href="#f-([a-z_]+)">[a-z_]+</a>: ([^<]*)</li>', html))


def finds(session: Session, key: str, **query: object) -> bool:
    """True when the assistant's search offers this program (as fitting what was asked)."""
    result = search(fresh(session), Query(**query), today=TODAY, limit=50)  # type: ignore[arg-type]
    return any(h.program.key == key and h.matched for h in result.hits)


def create(client: FlaskClient, **values: str):  # type: ignore[no-untyped-def]
    return post_form(client, "/programs/new", new_program_fields(client, **values))


def edit_fields(client: FlaskClient, program_id: int) -> dict[str, str]:
    page = client.get(f"/programs/{program_id}")
    assert page.status_code == 200
    return form_of(page.get_data(as_text=True), class_="program-form")["fields"]


# --- adding -------------------------------------------------------------------------------


def test_a_form_with_missing_and_bad_fields_names_each_and_saves_nothing(
        staff_client: FlaskClient, db: Session) -> None:
    fields = new_program_fields(staff_client, key="", name="", provider_name="",
                                last_verified="", total_cost_usd="abc", zip="1234x",
                                contact_email="not-an-email")
    response = post_form(staff_client, "/programs/new", fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Nothing was saved." in html
    errors = field_errors(html)
    assert errors == {
        "key": "required",
        "name": "required",
        "provider_name": "required",
        "last_verified": "required",
        "total_cost_usd": "must be a number like 1200 or 0",
        "zip": "ZIP must have 5 digits",
        "contact_email": "must be an email address like name@example.org",
    }
    for name in errors:  # each field is marked where it is, too
        assert re.search(rf'class="field invalid" id="f-{name}"', html), name
    # What was typed stays in the form.
    again = form_of(html, class_="program-form")["fields"]
    assert (again["total_cost_usd"], again["zip"]) == ("abc", "1234x")
    assert count_programs(db) == 0
    assert audit_rows(db, object_type="program") == []


def test_a_future_check_date_is_refused(staff_client: FlaskClient, db: Session) -> None:
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    response = create(staff_client, last_verified=tomorrow)
    assert response.status_code == 400
    assert field_errors(response.get_data(as_text=True)) == {
        "last_verified": "is in the future"}
    assert count_programs(db) == 0


def test_a_valid_program_is_saved_listed_found_and_audited(
        staff_client: FlaskClient, sample: Session, db: Session) -> None:
    where = {"keywords": ("beekeeping",), "city": "Atlanta", "state": "GA"}
    assert not finds(db, KEY, **where)
    before = count_programs(db)

    response = create(staff_client)
    assert response.status_code == 302
    saved = program_by_key(db, KEY)
    assert saved is not None
    assert urlsplit(response.headers["Location"]).path == f"/programs/{saved.id}"
    assert count_programs(db) == before + 1
    assert (saved.name, saved.city, saved.zip, saved.total_cost_usd) == (
        "Beekeeping Basics", "Atlanta", "30303", 0.0)
    assert saved.lat is not None  # placed from the ZIP, so distance searches find it
    assert saved.last_verified == TODAY and saved.verified_by == "sam"
    assert saved.status == "active" and not saved.is_sample

    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved “Beekeeping Basics”." in page
    listing = staff_client.get("/programs", query_string={"q": "beekeeping"})
    assert listed_ids(listing.get_data(as_text=True)) == [saved.id]

    assert finds(db, KEY, **where)  # the assistant offers it now
    assert finds(db, KEY, occupations=("45-2093",), zip="30303")

    rows = audit_rows(db, object_type="program", object_key=KEY)
    assert [(r.action, r.actor) for r in rows] == [("create", "sam")]
    details = json.loads(rows[0].details)
    assert details["name"] == [None, "Beekeeping Basics"]
    assert details["provider_name"] == [None, "Hive Works"]
    assert details["zip"] == [None, "30303"]


def test_a_taken_key_is_refused_on_add(staff_client: FlaskClient, sample: Session,
                                       db: Session) -> None:
    existing = fresh(db).execute(select(Program).order_by(Program.id)).scalars().first()
    name = existing.name
    before = count_programs(db)
    response = create(staff_client, key=existing.key, name="Taking over the key")
    assert response.status_code == 400
    assert "A program with this id exists already" in response.get_data(as_text=True)
    assert count_programs(db) == before
    assert program_by_key(db, existing.key).name == name
    assert audit_rows(db, object_type="program") == []


# --- editing ------------------------------------------------------------------------------


def test_editing_one_field_saves_it_and_audits_old_and_new(
        staff_client: FlaskClient, sample: Session, db: Session) -> None:
    program = program_by_key(db, "sample-atl-culinary-basics")
    before = catalog_import.stored_row(fresh(db), program.key)
    fields = edit_fields(staff_client, program.id)
    fields["credential_name"] = "ServSafe Manager"
    response = staff_client.post(f"/programs/{program.id}", data=fields)
    assert response.status_code == 302

    after = catalog_import.stored_row(fresh(db), program.key)
    assert after["credential_name"] == "ServSafe Manager"
    assert {c: v for c, v in after.items() if before[c] != v} == {
        "credential_name": "ServSafe Manager"}
    rows = audit_rows(db, object_type="program", object_key=program.key)
    assert [(r.action, r.actor) for r in rows] == [("update", "sam")]
    assert json.loads(rows[0].details) == {
        "credential_name": ["ServSafe Food Handler", "ServSafe Manager"]}
    assert 'value="ServSafe Manager"' in staff_client.get(
        f"/programs/{program.id}").get_data(as_text=True)


def test_an_edit_with_a_bad_value_saves_nothing(staff_client: FlaskClient, sample: Session,
                                                db: Session) -> None:
    program = program_by_key(db, "sample-atl-culinary-basics")
    before = catalog_import.stored_row(fresh(db), program.key)
    fields = edit_fields(staff_client, program.id)
    fields.update(name="Renamed", contact_phone="call me maybe")
    response = staff_client.post(f"/programs/{program.id}", data=fields)
    assert response.status_code == 400
    assert field_errors(response.get_data(as_text=True)) == {
        "contact_phone": "must be a phone number like 404-555-0101"}
    assert catalog_import.stored_row(fresh(db), program.key) == before
    assert audit_rows(db, object_type="program") == []


def test_the_key_of_a_program_cannot_be_changed_by_editing(
        staff_client: FlaskClient, sample: Session, db: Session) -> None:
    program = program_by_key(db, "sample-atl-culinary-basics")
    fields = edit_fields(staff_client, program.id)
    fields.update(key="stolen-key", name="Renamed")
    assert staff_client.post(f"/programs/{program.id}", data=fields).status_code == 302
    assert program_by_key(db, "stolen-key") is None
    assert program_by_key(db, "sample-atl-culinary-basics").name == "Renamed"


def test_moving_a_program_moves_its_point(staff_client: FlaskClient, db: Session) -> None:
    """The form shows the point worked out from the ZIP; a new ZIP must bring a new point."""
    assert create(staff_client).status_code == 302
    program = program_by_key(db, KEY)
    atlanta = (program.lat, program.lon)
    fields = edit_fields(staff_client, program.id)
    assert (fields["lat"], fields["lon"]) == tuple(str(v) for v in atlanta)
    fields.update(address="2 Honey Road", city="Houston", state="TX", zip="77002")
    assert staff_client.post(f"/programs/{program.id}", data=fields).status_code == 302
    moved = program_by_key(db, KEY)
    assert moved.zip == "77002"
    assert (moved.lat, moved.lon) != atlanta
    assert abs(moved.lat - 29.76) < 0.5 and abs(moved.lon + 95.36) < 0.5
    assert finds(db, KEY, keywords=("beekeeping",), city="Houston", state="TX")
    assert not finds(db, KEY, keywords=("beekeeping",), city="Atlanta", state="GA")


def test_coordinates_typed_by_staff_are_kept(staff_client: FlaskClient, db: Session) -> None:
    assert create(staff_client).status_code == 302
    program = program_by_key(db, KEY)
    fields = edit_fields(staff_client, program.id)
    fields.update(zip="30310", lat="33.7", lon="-84.4")
    assert staff_client.post(f"/programs/{program.id}", data=fields).status_code == 302
    moved = program_by_key(db, KEY)
    assert (moved.zip, moved.lat, moved.lon) == ("30310", 33.7, -84.4)


# --- verify, archive, restore -------------------------------------------------------------


def test_verify_marks_the_program_checked_today_by_me(staff_client: FlaskClient,
                                                      sample: Session, db: Session) -> None:
    stale = next(p for p in active(db)
                 if (TODAY - p.last_verified).days > STALE_AFTER_DAYS)
    response = post_form(staff_client, f"/programs/{stale.id}/verify",
                         token_from=f"/programs/{stale.id}")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == f"/programs/{stale.id}"
    checked = program_by_key(db, stale.key)
    assert checked.last_verified == TODAY
    assert checked.verified_by == "sam"
    rows = audit_rows(db, object_type="program", object_key=stale.key)
    assert [(r.action, r.actor) for r in rows] == [("verify", "sam")]
    assert json.loads(rows[0].details)["verified_by"] == ["sample data (invented)", "sam"]
    listing = staff_client.get("/programs", query_string={"stale": "1"})
    assert stale.id not in listed_ids(listing.get_data(as_text=True))


def test_verify_from_the_list_goes_back_to_the_list_but_never_elsewhere(
        staff_client: FlaskClient, sample: Session, db: Session) -> None:
    program = active(db)[0]
    back = "/programs?stale=1&city=Atlanta"
    response = post_form(staff_client, f"/programs/{program.id}/verify", {"back": back},
                         token_from="/programs")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(back)
    for elsewhere in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = post_form(staff_client, f"/programs/{program.id}/verify",
                             {"back": elsewhere}, token_from="/programs")
        assert response.status_code == 302
        assert "evil.example" not in urlsplit(response.headers["Location"]).netloc
        assert not urlsplit(response.headers["Location"]).path.startswith(("//", "/\\"))


def test_archive_hides_a_program_from_the_assistant_and_restore_brings_it_back(
        staff_client: FlaskClient, sample: Session, db: Session) -> None:
    key = "sample-atl-culinary-basics"
    where = {"keywords": ("cooking",), "city": "Atlanta", "state": "GA"}
    program = program_by_key(db, key)
    assert finds(db, key, **where)

    response = post_form(staff_client, f"/programs/{program.id}/archive",
                         token_from=f"/programs/{program.id}")
    assert response.status_code == 302
    assert program_by_key(db, key).status == "archived"
    assert not finds(db, key, **where)
    page = staff_client.get(f"/programs/{program.id}").get_data(as_text=True)
    assert "archived: the assistant does not offer it" in page
    assert "Restore" in page

    response = post_form(staff_client, f"/programs/{program.id}/restore",
                         token_from=f"/programs/{program.id}")
    assert response.status_code == 302
    assert program_by_key(db, key).status == "active"
    assert finds(db, key, **where)
    actions = [r.action for r in audit_rows(db, object_type="program", object_key=key)]
    assert actions == ["archive", "restore"]


# --- the list -----------------------------------------------------------------------------


def test_list_filters(staff_client: FlaskClient, sample: Session, db: Session) -> None:
    programs = active(db)

    def shown(**args: str) -> set[int]:
        html = staff_client.get("/programs", query_string=args).get_data(as_text=True)
        ids = set(listed_ids(html))
        assert listed_total(html) == len(ids)
        return ids

    stale = {p.id for p in programs if (TODAY - p.last_verified).days > STALE_AFTER_DAYS}
    assert stale and len(stale) < len(programs)
    assert shown(stale="1") == stale

    houston = {p.id for p in programs if p.city == "Houston"}
    assert houston
    assert shown(city="Houston") == houston
    assert shown(city="houston") == houston

    cooks = {p.id for p in programs if "35-2014" in p.occupations.split()}
    assert cooks and len(cooks) < len(programs)
    assert shown(occupation="35-2014") == cooks

    nursing = {p.id for p in programs if "nurs" in (p.name + p.key).lower()
               or "nurs" in p.provider.name.lower()}
    assert nursing
    assert shown(q="Nurs") == nursing

    assert shown(q="nothing like this anywhere") == set()

    archived = programs[0]
    post_form(staff_client, f"/programs/{archived.id}/archive", token_from="/programs")
    assert shown(status="archived") == {archived.id}
    assert archived.id not in shown(q=archived.key)
    assert shown(q=archived.key, status="all") == {archived.id}


def test_the_list_is_paged(staff_client: FlaskClient, sample: Session, db: Session) -> None:
    total = len(active(db))
    assert total > 25
    first = staff_client.get("/programs").get_data(as_text=True)
    second = staff_client.get("/programs", query_string={"page": "2"}).get_data(as_text=True)
    assert listed_total(first) == listed_total(second) == total
    one, two = listed_ids(first), listed_ids(second)
    assert len(one) == 25 and len(two) == total - 25
    assert not set(one) & set(two)
    assert set(one) | set(two) == {p.id for p in active(db)}
    assert ">Next</a>" in first and ">Previous</a>" not in first
    assert ">Previous</a>" in second and ">Next</a>" not in second
    # Least recently checked first.
    by_id = {p.id: p for p in active(db)}
    days = [by_id[i].last_verified for i in one + two]
    assert days == sorted(days)
    for odd in ("0", "-1", "abc", "99999999999"):
        response = staff_client.get("/programs", query_string={"page": odd})
        assert response.status_code == 200


def test_the_next_page_keeps_the_filters(staff_client: FlaskClient, sample: Session,
                                         db: Session) -> None:
    programs = sorted(active(db), key=lambda p: p.id)
    long_ago = TODAY - dt.timedelta(days=STALE_AFTER_DAYS + 30)
    for program in programs[:30]:
        program.last_verified = long_ago
    for program in programs[30:]:
        program.last_verified = TODAY
    db.commit()
    first = staff_client.get("/programs", query_string={"stale": "1"}).get_data(as_text=True)
    assert listed_total(first) == 30 and len(listed_ids(first)) == 25
    link = re.search(r'<a href="([^"]+)">Next</a>', first)
    assert link
    second = staff_client.get(html_module.unescape(link.group(1))).get_data(as_text=True)
    assert listed_total(second) == 30
    assert set(listed_ids(first)) | set(listed_ids(second)) == {p.id for p in programs[:30]}
    assert 'name="stale" value="1" checked' in second


# --- CSV upload ---------------------------------------------------------------------------

COLUMNS = ("key", "name", "provider_key", "provider_name", "format", "city", "state", "zip",
           "total_cost_usd", "keywords", "last_verified")


def csv_file(rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns))
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return buffer.getvalue().encode("utf-8")


def new_row(number: int, **values: str) -> dict[str, str]:
    return {"key": f"upload-{number}", "name": f"Uploaded program {number}",
            "provider_key": "upload-provider", "provider_name": "Upload Provider",
            "format": "in_person", "city": "Atlanta", "state": "GA", "zip": "30303",
            "total_cost_usd": "100", "keywords": "welding", "last_verified": "2026-01-02",
            **values}


def upload(client: FlaskClient, data: bytes, name: str = "programs.csv"):  # type: ignore[no-untyped-def]
    page = client.get("/programs/import")
    token = form_of(page.get_data(as_text=True), enctype="multipart/form-data")["fields"][
        "csrf_token"]
    return client.post("/programs/import", data={"csrf_token": token,
                                                 "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def confirm_token(html: str) -> str:
    return form_of(html, action="/programs/import/confirm")["fields"]["token"]


def uploads_left(settings: Settings) -> list[Path]:
    return sorted((settings.var_dir / "uploads").glob("*.upload"))


def test_an_upload_with_one_bad_row_lists_it_and_writes_nothing(
        staff_client: FlaskClient, sample: Session, db: Session, settings: Settings) -> None:
    before = count_programs(db)
    data = csv_file([new_row(1), new_row(2, total_cost_usd="abc"), new_row(3)])
    response = upload(staff_client, data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Nothing was saved." in html
    problems = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", html)
    assert problems == [("3", "total_cost_usd", "must be a number like 1200 or 0")]
    assert "Save these changes" not in html
    assert count_programs(db) == before
    assert program_by_key(db, "upload-1") is None
    assert uploads_left(settings) == []
    assert audit_rows(db, action="import") == []


def test_a_good_upload_is_previewed_and_written_only_on_confirm(
        staff_client: FlaskClient, sample: Session, db: Session, settings: Settings) -> None:
    export = staff_client.get("/programs/export.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(export)))
    columns = tuple(rows[0])
    changed = rows[0]
    old_name = changed["name"]
    changed["name"] = old_name + " (evenings now)"
    extra = [dict(rows[1], key=f"upload-{n}", name=f"Uploaded program {n}") for n in (1, 2)]
    before = count_programs(db)

    response = upload(staff_client, csv_file(rows + extra, columns))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    counts = re.search(r"<b>(\d+)</b> new, <b>(\d+)</b> changed, (\d+) unchanged", html)
    assert counts and counts.groups() == ("2", "1", str(len(rows) - 1))
    assert "Uploaded program 1" in html and "changes Program name" in html
    # Nothing written yet.
    assert count_programs(db) == before
    assert program_by_key(db, changed["key"]).name == old_name
    assert audit_rows(db, action="import") == []

    response = post_form(staff_client, "/programs/import/confirm",
                         {"token": confirm_token(html)}, token_from="/programs/import")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/programs"
    assert f"Imported: 2 new, 1 changed, {len(rows) - 1} unchanged." in staff_client.get(
        "/programs").get_data(as_text=True)
    assert count_programs(db) == before + 2
    assert program_by_key(db, changed["key"]).name == old_name + " (evenings now)"
    assert program_by_key(db, "upload-2").name == "Uploaded program 2"
    [row] = audit_rows(db, action="import")
    assert row.actor == "sam"
    details = json.loads(row.details)
    assert (details["file"], details["created"], details["updated"]) == ("programs.csv", 2, 1)
    assert uploads_left(settings) == []

    # The same confirm again does nothing more.
    again = post_form(staff_client, "/programs/import/confirm",
                      {"token": confirm_token(html)}, token_from="/programs/import")
    assert urlsplit(again.headers["Location"]).path == "/programs/import"
    assert len(audit_rows(db, action="import")) == 1


def pending_upload(client: FlaskClient) -> str:
    response = upload(client, csv_file([new_row(1), new_row(2)]))
    assert response.status_code == 200
    return confirm_token(response.get_data(as_text=True))


def test_a_confirm_with_a_wrong_token_writes_nothing(staff_client: FlaskClient,
                                                     db: Session) -> None:
    token = pending_upload(staff_client)
    response = post_form(staff_client, "/programs/import/confirm",
                         {"token": token[:-2] + "xx"}, token_from="/programs/import")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/programs/import"
    assert "That upload has expired." in staff_client.get(
        "/programs/import").get_data(as_text=True)
    assert count_programs(db) == 0
    # The right token still works afterwards (control).
    post_form(staff_client, "/programs/import/confirm", {"token": token},
              token_from="/programs/import")
    assert count_programs(db) == 2


def test_a_confirm_of_an_expired_upload_writes_nothing(
        staff_client: FlaskClient, db: Session, settings: Settings) -> None:
    token = pending_upload(staff_client)
    [path] = uploads_left(settings)
    old = time.time() - 3 * 3600
    os.utime(path, (old, old))
    response = post_form(staff_client, "/programs/import/confirm", {"token": token},
                         token_from="/programs/import")
    assert urlsplit(response.headers["Location"]).path == "/programs/import"
    assert count_programs(db) == 0
    assert uploads_left(settings) == []


def test_one_account_cannot_confirm_anothers_upload(
        staff_client: FlaskClient, make_account, db: Session) -> None:  # type: ignore[no-untyped-def]
    from tests.console.conftest import sign_in

    token = pending_upload(staff_client)
    make_account("robin", "staff")
    other = staff_client.application.test_client()
    assert sign_in(other, "robin").status_code == 302
    response = post_form(other, "/programs/import/confirm", {"token": token},
                         token_from="/programs/import")
    assert urlsplit(response.headers["Location"]).path == "/programs/import"
    assert count_programs(db) == 0


def test_a_file_that_is_not_utf8_gets_a_clear_message(staff_client: FlaskClient,
                                                      db: Session) -> None:
    data = csv_file([new_row(1, name="Cocina básica")]).decode().encode("latin-1")
    response = upload(staff_client, data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "not UTF-8" in html and "save it as CSV UTF-8" in html
    assert count_programs(db) == 0


def test_an_empty_upload_is_refused(staff_client: FlaskClient, db: Session) -> None:
    token = form_of(staff_client.get("/programs/import").get_data(as_text=True),
                    enctype="multipart/form-data")["fields"]["csrf_token"]
    response = staff_client.post("/programs/import", data={"csrf_token": token},
                                 content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a CSV or JSON file first." in response.get_data(as_text=True)


# --- export -------------------------------------------------------------------------------


def test_export_holds_the_active_programs_and_imports_back_unchanged(
        staff_client: FlaskClient, sample: Session, db: Session, tmp_path: Path) -> None:
    archived = active(db)[0]
    post_form(staff_client, f"/programs/{archived.id}/archive", token_from="/programs")
    response = staff_client.get("/programs/export.csv")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert tuple(rows[0]) == schema.EXPORT_COLUMNS
    assert {r["key"] for r in rows} == {p.key for p in active(db)}
    assert archived.key not in {r["key"] for r in rows}
    assert [r.action for r in audit_rows(db, object_type="program")][-1] == "export"

    path = tmp_path / "export.csv"
    path.write_bytes(response.get_data())
    report = catalog_import.import_file(fresh(db), path, dry_run=True)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, len(rows))
    # And through the console's own upload.
    preview = upload(staff_client, response.get_data()).get_data(as_text=True)
    counts = re.search(r"<b>(\d+)</b> new, <b>(\d+)</b> changed, (\d+) unchanged", preview)
    assert counts and counts.groups() == ("0", "0", str(len(rows)))

    with_archived = staff_client.get("/programs/export.csv", query_string={"archived": "1"})
    keys = {r["key"] for r in csv.DictReader(
        io.StringIO(with_archived.get_data(as_text=True).lstrip("\ufeff")))}
    assert archived.key in keys


# A provider saved without an id gets one made from its name and place, like
# "hive-works@atlanta-ga" (bot/programs/validate.py provider_key_for), but the key check of the
# same module refuses "@". So such a program can't be saved again from the console, and an
# export holding it can't be imported. Not a console bug: fix it in bot/programs/validate.py.


def test_a_program_added_without_a_provider_id_can_be_edited(
        staff_client: FlaskClient, db: Session) -> None:
    assert create(staff_client, provider_key="").status_code == 302
    program = program_by_key(db, KEY)
    fields = edit_fields(staff_client, program.id)
    fields["name"] = "Beekeeping for Everyone"
    response = staff_client.post(f"/programs/{program.id}", data=fields)
    assert response.status_code == 302, field_errors(response.get_data(as_text=True))


def test_an_export_with_a_generated_provider_id_imports_back(
        staff_client: FlaskClient, db: Session, tmp_path: Path) -> None:
    assert create(staff_client, provider_key="").status_code == 302
    path = tmp_path / "export.csv"
    path.write_bytes(staff_client.get("/programs/export.csv").get_data())
    report = catalog_import.import_file(fresh(db), path, dry_run=True)
    assert report.ok, report.errors


# --- dashboard ----------------------------------------------------------------------------


def figures(client: FlaskClient) -> dict[str, int]:
    html = client.get("/").get_data(as_text=True)
    found = dict((what, int(n)) for n, what in re.findall(
        r"<b>(\d+)</b> (listings|not checked|archived)", html))
    assert set(found) == {"listings", "not checked", "archived"}
    return found


def test_the_dashboard_counts_listings_and_stale_ones(staff_client: FlaskClient,
                                                      sample: Session, db: Session) -> None:
    programs = active(db)
    stale = [p for p in programs if (TODAY - p.last_verified).days > STALE_AFTER_DAYS]
    assert figures(staff_client) == {"listings": len(programs), "not checked": len(stale),
                                     "archived": 0}
    post_form(staff_client, f"/programs/{stale[0].id}/verify", token_from="/")
    post_form(staff_client, f"/programs/{stale[1].id}/archive", token_from="/")
    assert figures(staff_client) == {"listings": len(programs) - 1,
                                     "not checked": len(stale) - 2, "archived": 1}


def test_the_dashboard_of_an_empty_catalog(staff_client: FlaskClient) -> None:
    assert figures(staff_client) == {"listings": 0, "not checked": 0, "archived": 0}


@pytest.mark.parametrize(("name", "data"), [
    ("deep.json", b"[" * 100_000 + b"]" * 100_000),
    ("deep-object.json", b'[{"name": ' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_001 + b"]"),
])
def test_a_file_built_to_break_the_reader_gets_a_clear_error_and_is_not_kept(
        staff_client: FlaskClient, sample: Session, db: Session, settings: Settings,
        name: str, data: bytes) -> None:
    before = count_programs(db)
    response = upload(staff_client, data, name)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Nothing was saved." in html and "nested too deeply" in html
    assert count_programs(db) == before
    assert uploads_left(settings) == []
