"""The sample catalog: invented programs so the assistant can be tried before real data.

`load_sample` upserts data/catalog/programs/SAMPLE_programs.csv, so running it again
changes nothing. It stays away from a catalog that holds real programs, or whose sample
someone archived (`archive_sample`): `make migrate` runs it on every setup, and sample
programs must never come back next to real ones.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.config import ROOT
from bot.db.models import utcnow
from bot.programs.catalog_import import ImportReport, import_file
from bot.programs.models import Program
from bot.programs.schema import RowError

SAMPLE_FILE = ROOT / "data" / "catalog" / "programs" / "SAMPLE_programs.csv"


def load_sample(session: Session, *, today: dt.date | None = None) -> ImportReport:
    """Upsert the sample programs, unless real programs exist or the sample was archived."""
    real = session.execute(
        select(func.count()).select_from(Program).where(Program.is_sample.is_(False))
    ).scalar_one()
    archived = session.execute(
        select(func.count()).select_from(Program)
        .where(Program.is_sample.is_(True), Program.status == "archived")
    ).scalar_one()
    if real or archived:
        why = (f"the catalog holds {real} real programs" if real
               else "the sample programs were archived")
        return ImportReport(warnings=[RowError(0, "", f"sample not loaded: {why}")])
    return import_file(session, SAMPLE_FILE, fmt="csv", today=today)


def archive_sample(session: Session) -> int:
    """Archive every sample program (before going live); returns how many changed."""
    result = session.execute(
        update(Program)
        .where(Program.is_sample.is_(True), Program.status != "archived")
        .values(status="archived", updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)
