"""The programs blueprint: list and filter the listings, add, edit, verify, archive and
restore them, CSV upload with a preview before anything is written, CSV export.

A form is checked by the same `validate_row` as a CSV import, and saved by the same
upsert, so a listing entered by hand and one imported are held to the same rules.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import func, or_, select

from bot.accounts import audit
from bot.console.access import actor, page_number, roles, safe_path
from bot.console.extensions import get_db
from bot.db.models import utcnow
from bot.programs import catalog_export, catalog_import, schema
from bot.programs.cells import csv_cell, format_value
from bot.programs.models import Program, Provider
from bot.programs.program_view import STALE_AFTER_DAYS
from bot.programs.validate import validate_row

PAGE_SIZE = 25
PREVIEW_ROWS = 200  # changes listed on the upload preview (all are counted)
UPLOAD_MAX_AGE = dt.timedelta(hours=2)

bp = Blueprint("programs", __name__)

_HELP = {c[0]: c[2] for c in schema.PROGRAM_COLUMNS + schema.PROVIDER_COLUMNS}
_LABELS = {
    "key": "Program id (key)", "name": "Program name", "status": "Status",
    "description": "What it is", "occupations": "Occupation codes (SOC)",
    "cip_code": "CIP code", "keywords": "Search words", "credential_name": "Credential",
    "leads_to_license": "Leads to a state license", "total_cost_usd": "Total cost (USD)",
    "stipend": "Pays a stipend", "stipend_notes": "Stipend notes",
    "childcare_onsite": "Childcare on site", "childcare_assistance": "Help with childcare",
    "daytime": "Daytime classes", "evening": "Evening classes", "weekend": "Weekend classes",
    "part_time": "Part-time possible", "length_weeks": "Length (weeks)",
    "clock_hours": "Clock hours", "format": "Format", "languages": "Languages",
    "address": "Street address", "city": "City", "state": "State", "zip": "ZIP",
    "lat": "Latitude", "lon": "Longitude", "requires_photo_id": "Needs photo ID",
    "requires_ssn": "Needs a Social Security number",
    "requires_work_authorization": "Needs work papers",
    "requires_hs_diploma": "Needs a diploma or GED", "background_check": "Background check",
    "record_friendly": "Welcomes people with a record",
    "survivor_specific": "Made for survivors", "trauma_informed": "Trauma-informed staff",
    "career_services": "Job placement or case management", "contact_phone": "Phone",
    "contact_email": "Email", "contact_url": "Web page", "how_to_enrol": "How to sign up",
    "last_verified": "Last checked", "verified_by": "Checked by", "is_sample": "Sample data",
    "provider_key": "Provider id", "provider_name": "Provider name",
    "provider_website": "Provider website", "provider_phone": "Provider phone",
    "provider_email": "Provider email", "provider_address": "Provider address",
    "provider_city": "Provider city", "provider_state": "Provider state",
    "provider_zip": "Provider ZIP", "provider_lat": "Provider latitude",
    "provider_lon": "Provider longitude", "provider_description": "About the provider",
    "provider_survivor_specific": "Provider serves survivors",
    "provider_trauma_informed": "Provider is trauma-informed",
}
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("The program", ("key", "name", "description", "occupations", "keywords",
                     "credential_name", "leads_to_license", "cip_code")),
    ("Cost and support", ("total_cost_usd", "stipend", "stipend_notes", "childcare_onsite",
                          "childcare_assistance", "career_services")),
    ("When and how", ("format", "daytime", "evening", "weekend", "part_time",
                      "length_weeks", "clock_hours", "languages")),
    ("Where", ("address", "city", "state", "zip", "lat", "lon")),
    ("What it asks for", ("requires_photo_id", "requires_ssn", "requires_work_authorization",
                          "requires_hs_diploma", "background_check", "record_friendly",
                          "survivor_specific", "trauma_informed")),
    ("Contact and sign-up", ("contact_phone", "contact_email", "contact_url",
                             "how_to_enrol")),
    ("Provider", tuple(c[0] for c in schema.PROVIDER_COLUMNS)),
    ("Checked", ("last_verified", "verified_by")),
)
_CHOICES = {
    "format": (("in_person", "In person"), ("online", "Online"), ("hybrid", "Hybrid")),
    "background_check": (("unknown", "Not known"), ("none", "None"),
                         ("at_enrollment", "At enrollment"),
                         ("for_license", "For the license")),
    "status": (("active", "Active"), ("archived", "Archived")),
}
_TRISTATE = (("", "Not known"), ("yes", "Yes"), ("no", "No"))


@dataclass(frozen=True)
class Field:
    """One form field: the CSV column it fills, how it is shown, help text."""

    name: str
    label: str
    kind: str
    help: str
    widget: str  # text | textarea | checkbox | select | date
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False


def _field(name: str) -> Field:
    kind = schema.COLUMN_KINDS[name]
    widget = {"bool": "checkbox", "tristate": "select", "format": "select", "check": "select",
              "status": "select", "longtext": "textarea", "date": "date"}.get(kind, "text")
    choices = _TRISTATE if kind == "tristate" else _CHOICES.get(name, ())
    return Field(name, _LABELS.get(name, name), kind, _HELP.get(name, ""), widget, choices,
                 name in schema.REQUIRED_COLUMNS)


FORM_GROUPS = tuple((title, tuple(_field(n) for n in names)) for title, names in GROUPS)
FORM_COLUMNS = tuple(f.name for _, fields in FORM_GROUPS for f in fields)


def _as_text(row: dict[str, object]) -> dict[str, str]:
    return {c: format_value(c, row.get(c)) for c in schema.EXPORT_COLUMNS}


def _moved_places_lose_shown_points(cells: dict[str, str], shown: dict[str, str]) -> None:
    """The form shows the coordinates that were worked out from the ZIP or city. When the
    place is changed but those coordinates are left as shown, blank them so they are worked
    out again for the new place (else a program moved to another city keeps the old point).
    """
    for prefix in ("", "provider_"):
        place = [f"{prefix}{c}" for c in ("city", "state", "zip")]
        point = [f"{prefix}lat", f"{prefix}lon"]
        if (any(cells.get(c, "").strip() != shown.get(c, "") for c in place)
                and all(cells.get(c, "").strip() == shown.get(c, "") for c in point)):
            for c in point:
                cells[c] = ""


def _cells_from_form(existing: dict[str, str] | None) -> dict[str, str]:
    """The submitted form as CSV cells (checkbox absent = "no")."""
    cells = dict(existing or {})
    for name in FORM_COLUMNS:
        kind = schema.COLUMN_KINDS[name]
        if kind == "bool":
            cells[name] = "yes" if request.form.get(name) else "no"
        else:
            cells[name] = request.form.get(name, "")[:schema.MAX_TEXT["longtext"] + 1]
    return cells


def _program_or_404(program_id: int) -> Program:
    program = get_db().get(Program, program_id)
    if program is None:
        abort(404)
    return program


def _today() -> dt.date:
    return dt.date.today()


def _save(cells: dict[str, str], *, action: str, before: dict[str, object] | None
          ) -> tuple[Program | None, dict[str, str]]:
    """Check and save one listing; on errors return them by field, nothing written."""
    record, errors = validate_row(cells, 1, today=_today())
    if errors or record is None:
        return None, {e.column or "_form": e.reason for e in errors}
    session_ = get_db()
    catalog_import.save_records(session_, [record])
    after = catalog_import.record_row(record)
    details = audit.changes(before or {}, after) if before else {
        k: [None, audit._plain(v)] for k, v in after.items() if v not in (None, "", False)}
    if details:  # saving an unchanged form changes nothing worth a line in the trail
        audit.record(session_, actor(), action, "program", record.key,
                     f"{action} {record.name}"[:300], details)
    session_.commit()
    program = session_.execute(select(Program).where(Program.key == record.key)).scalar_one()
    return program, {}


def _upload_dir() -> Path:
    folder = g.settings.var_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now().timestamp()
    for old in folder.glob("*.upload"):  # abandoned previews
        if now - old.stat().st_mtime > UPLOAD_MAX_AGE.total_seconds():
            old.unlink(missing_ok=True)
    return folder


@bp.get("/programs", endpoint="list")
@roles("staff", "counselor")
def list_programs():  # type: ignore[no-untyped-def]
    session_ = get_db()
    args = request.args
    q = args.get("q", "").strip()[:100]
    city = args.get("city", "").strip()[:80]
    occupation = args.get("occupation", "").strip()[:80]
    status = args.get("status", "active")
    stale = args.get("stale") == "1"
    page = page_number(args.get("page"))
    query = select(Program).join(Provider, Program.provider_id == Provider.id)
    if status in ("active", "archived"):
        query = query.where(Program.status == status)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(or_(func.lower(Program.name).like(like),
                                func.lower(Program.key).like(like),
                                func.lower(Provider.name).like(like)))
    if city:
        query = query.where(func.lower(Program.city) == city.lower())
    if occupation:
        words = occupation.lower()
        query = query.where(or_(Program.occupations.like(f"%{words}%"),
                                Program.terms.like(f"% {words}%")))
    if stale:
        query = query.where(Program.last_verified
                            < _today() - dt.timedelta(days=STALE_AFTER_DAYS))
    total = int(session_.execute(
        select(func.count()).select_from(query.subquery())).scalar_one())
    rows = list(session_.execute(
        query.order_by(Program.last_verified, Program.name)
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).scalars())
    cities = [c for (c,) in session_.execute(
        select(Program.city).where(Program.city != "").distinct().order_by(Program.city))]
    return render_template(
        "programs/list.html", programs=rows, total=total, page=page, page_size=PAGE_SIZE,
        # "stale" as the form sends it: the page links carry the filters on.
        filters={"q": q, "city": city, "occupation": occupation, "status": status,
                 "stale": "1" if stale else ""},
        cities=cities, today=_today(), stale_days=STALE_AFTER_DAYS)


@bp.route("/programs/new", methods=["GET", "POST"])
@roles("staff")
def new():  # type: ignore[no-untyped-def]
    values = {c: "" for c in schema.EXPORT_COLUMNS} | {
        "status": "active", "format": "in_person", "background_check": "unknown",
        "last_verified": _today().isoformat(), "verified_by": current_user.username,
        "is_sample": "no", "languages": "en"}
    errors: dict[str, str] = {}
    if request.method == "POST":
        cells = _cells_from_form(values)
        cells["status"], cells["is_sample"] = "active", "no"
        key = cells.get("key", "").strip()
        if key and catalog_import.stored_row(get_db(), key) is not None:
            errors = {"key": "A program with this id exists already. Pick another id, "
                             "or edit that program."}
        else:
            program, errors = _save(cells, action="create", before=None)
            if program is not None:
                flash(f"Saved “{program.name}”.")
                return redirect(url_for("programs.edit", program_id=program.id))
        values = cells
    return render_template("programs/form.html", groups=FORM_GROUPS, values=values,
                           errors=errors, program=None), (400 if errors else 200)


@bp.route("/programs/<int:program_id>", methods=["GET", "POST"])
@roles("staff", "counselor")
def edit(program_id: int):  # type: ignore[no-untyped-def]
    program = _program_or_404(program_id)
    stored = catalog_import.stored_row(get_db(), program.key) or {}
    values = _as_text(stored)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not current_user.can("staff"):
            abort(403)
        cells = _cells_from_form(values)
        cells["key"] = program.key  # the id never changes
        _moved_places_lose_shown_points(cells, values)
        saved, errors = _save(cells, action="update", before=stored)
        if saved is not None:
            flash(f"Saved “{saved.name}”.")
            return redirect(url_for("programs.edit", program_id=saved.id))
        values = cells
    history = audit.recent(get_db(), object_type="program", object_key=program.key, limit=20)
    return render_template(
        "programs/form.html", groups=FORM_GROUPS, values=values, errors=errors,
        program=program, history=history, today=_today(), stale_days=STALE_AFTER_DAYS,
        read_only=not current_user.can("staff")), (400 if errors else 200)


def _set(program_id: int, action: str, message: str, **changes: object):  # type: ignore[no-untyped-def]
    program = _program_or_404(program_id)
    session_ = get_db()
    before = {k: getattr(program, k) for k in changes}
    for name, value in changes.items():
        setattr(program, name, value)
    program.updated_at = utcnow()
    audit.record(session_, actor(), action, "program", program.key,
                 f"{action} {program.name}"[:300], audit.changes(before, changes))
    session_.commit()
    flash(message.format(name=program.name))
    back = request.form.get("back")
    return redirect(safe_path(back) if back else url_for("programs.edit",
                                                           program_id=program.id))


@bp.post("/programs/<int:program_id>/verify")
@roles("staff")
def verify(program_id: int):  # type: ignore[no-untyped-def]
    return _set(program_id, "verify", "Marked “{name}” as checked today.",
                last_verified=_today(), verified_by=current_user.username)


@bp.post("/programs/<int:program_id>/archive")
@roles("staff")
def archive(program_id: int):  # type: ignore[no-untyped-def]
    return _set(program_id, "archive",
                "Archived “{name}”: the assistant no longer offers it.",
                status="archived")


@bp.post("/programs/<int:program_id>/restore")
@roles("staff")
def restore(program_id: int):  # type: ignore[no-untyped-def]
    return _set(program_id, "restore", "Restored “{name}”: the assistant offers it again.",
                status="active")


@bp.get("/programs/export.csv")
@roles("staff")
def export():  # type: ignore[no-untyped-def]
    include_archived = request.args.get("archived") == "1"
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so spreadsheets read it as UTF-8
    writer = csv.writer(buffer)
    writer.writerow(schema.EXPORT_COLUMNS)
    count = 0
    for row in catalog_export.export_rows(get_db(), include_archived=include_archived):
        writer.writerow([csv_cell(c, row[c]) for c in schema.EXPORT_COLUMNS])
        count += 1
    session_ = get_db()
    audit.record(session_, actor(), "export", "program", "",
                 f"exported {count} programs")
    session_.commit()
    name = f"programs-{_today().isoformat()}.csv"
    return Response(buffer.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/programs/import", methods=["GET", "POST"], endpoint="import")
@roles("staff")
def import_file():  # type: ignore[no-untyped-def]
    if request.method == "GET":
        return render_template("programs/import.html", report=None)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_template("programs/import.html", report=None,
                               error="Choose a CSV or JSON file first."), 400
    fmt = "json" if upload.filename.lower().endswith(".json") else "csv"
    token = secrets.token_urlsafe(16)
    path = _upload_dir() / f"{token}.upload"
    upload.save(path)
    kept = False
    try:  # the file stays only for a preview that can be confirmed, whatever goes wrong
        report, records = catalog_import.check_file(path, fmt=fmt, today=_today())
        changes = [] if report.errors else catalog_import.preview_changes(get_db(), records)
        kept = not report.errors
    finally:
        if not kept:
            path.unlink(missing_ok=True)
    if kept:
        session["upload"] = {"token": token, "fmt": fmt, "name": upload.filename[:200]}
    counts = {s: sum(1 for c in changes if c.status == s)
              for s in ("new", "changed", "unchanged")}
    return render_template(
        "programs/import.html", report=report, changes=changes[:PREVIEW_ROWS],
        counts=counts, filename=upload.filename, token=token,
        labels=_LABELS, more=max(0, len(changes) - PREVIEW_ROWS),
    ), (400 if report.errors else 200)


@bp.post("/programs/import/confirm")
@roles("staff")
def import_confirm():  # type: ignore[no-untyped-def]
    pending = session.get("upload") or {}
    token = request.form.get("token", "")
    if not token or pending.get("token") != token:
        flash("That upload has expired. Upload the file again.")
        return redirect(url_for("programs.import"))
    path = _upload_dir() / f"{token}.upload"
    if not path.is_file():
        flash("That upload has expired. Upload the file again.")
        return redirect(url_for("programs.import"))
    session_ = get_db()
    try:
        # Checked again: the catalog may have changed since the preview.
        report = catalog_import.import_file(session_, path, fmt=pending["fmt"], today=_today())
        if not report.ok:
            session_.rollback()
            return render_template("programs/import.html", report=report, changes=[],
                                   counts={}, filename=pending["name"], token="",
                                   labels=_LABELS, more=0), 400
        audit.record(session_, actor(), "import", "program", "",
                     f"imported {pending['name']}: {report.created} new, "
                     f"{report.updated} changed, {report.unchanged} unchanged",
                     {"file": pending["name"], "created": report.created,
                      "updated": report.updated, "unchanged": report.unchanged})
        session_.commit()
    finally:
        path.unlink(missing_ok=True)
        session.pop("upload", None)
    flash(f"Imported: {report.created} new, {report.updated} changed, "
          f"{report.unchanged} unchanged.")
    return redirect(url_for("programs.list"))

