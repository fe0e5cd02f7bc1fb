"""The sample catalog: invented, clearly labelled, varied, idempotent."""

from __future__ import annotations

import csv
import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.programs.catalog_import import count_programs, import_file
from bot.programs.models import Program, Provider
from bot.programs.seed import SAMPLE_FILE, archive_sample, load_sample
from tests.programs.conftest import FIXTURE_CATALOG, TODAY, snapshot


def test_sample_loads_and_is_labelled(db: Session) -> None:
    report = load_sample(db, today=TODAY)
    assert report.errors == [] and report.warnings == []
    assert report.created >= 45
    programs = db.execute(select(Program)).scalars().all()
    assert len(programs) == report.created
    assert all(p.name.startswith("[SAMPLE] ") and p.is_sample for p in programs)
    assert all(p.status == "active" for p in programs)


def test_sample_is_idempotent(db: Session) -> None:
    first = load_sample(db, today=TODAY)
    before = snapshot(db)
    again = load_sample(db, today=TODAY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    assert snapshot(db) == before


def test_sample_is_varied(db: Session) -> None:
    load_sample(db, today=TODAY)
    programs = db.execute(select(Program)).scalars().all()
    places = {(p.city, p.state) for p in programs if p.format != "online"}
    assert len({state for _, state in places}) >= 6
    assert {"GA", "TX", "IL", "CA", "NY", "FL", "WA"} <= {state for _, state in places}
    assert all(p.zip.startswith("303") for p in programs if p.state == "GA")
    assert sum(p.format == "online" for p in programs) >= 3
    assert {p.format for p in programs} == {"in_person", "online", "hybrid"}
    assert any(p.is_free for p in programs) and any(not p.is_free for p in programs)
    assert any(p.stipend for p in programs) and any(p.childcare_onsite for p in programs)
    assert any(p.evening for p in programs) and any(p.weekend for p in programs)
    assert {"en", "es"} <= {c for p in programs for c in p.languages.split()}
    assert len({c for p in programs for c in p.languages.split()}) >= 6
    assert {p.background_check for p in programs} == {"none", "at_enrollment", "for_license",
                                                      "unknown"}
    assert any(p.record_friendly for p in programs)
    assert any(p.requires_photo_id for p in programs)
    assert any(p.requires_photo_id is False for p in programs)
    stale = [p for p in programs if (TODAY - p.last_verified).days > 182]
    assert 3 <= len(stale) < len(programs) // 2
    majors = {code[:2] for p in programs for code in p.occupations.split()}
    assert len(majors) >= 10


def test_sample_contacts_are_obviously_invented() -> None:
    with SAMPLE_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for column in ("provider_phone", "contact_phone"):
            assert re.fullmatch(r"\d{3}-555-01\d\d", row[column]), row[column]
        for column in ("provider_email", "contact_email"):
            assert row[column].endswith("@example.org")
        for column in ("provider_website", "contact_url"):
            assert row[column].startswith("https://example.org/")
        assert "fictional" in row["provider_name"]
        assert row["is_sample"] == "yes"


def test_sample_stays_away_from_real_programs(db: Session) -> None:
    import_file(db, FIXTURE_CATALOG)
    report = load_sample(db, today=TODAY)
    assert report.created == 0
    assert "real programs" in report.warnings[0].reason
    assert count_programs(db, sample=True) == 0


def test_archived_sample_stays_archived(db: Session) -> None:
    load_sample(db, today=TODAY)
    assert archive_sample(db) >= 45
    report = load_sample(db, today=TODAY)
    assert report.created == report.updated == 0
    assert "archived" in report.warnings[0].reason
    assert db.execute(select(Program.status).distinct()).scalars().all() == ["archived"]


def test_sample_has_no_future_dates() -> None:
    with SAMPLE_FILE.open(encoding="utf-8") as handle:
        dates = [dt.date.fromisoformat(r["last_verified"]) for r in csv.DictReader(handle)]
    assert max(dates) <= TODAY


def test_sample_providers_are_shared_by_key(db: Session) -> None:
    load_sample(db, today=TODAY)
    providers = db.execute(select(Provider.key)).scalars().all()
    assert all(key.startswith("sample-") for key in providers)
    assert len(providers) < count_programs(db)
