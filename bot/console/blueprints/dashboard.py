"""The dashboard blueprint: the start page, with the catalog's figures (listings, not
checked lately, archived, sample) and what people asked for that nothing matched."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template
from flask_login import login_required
from sqlalchemy import func, select

from bot.console.extensions import get_db
from bot.programs.models import Program
from bot.programs.program_view import STALE_AFTER_DAYS

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    session_ = get_db()
    today = dt.date.today()
    fresh_since = today - dt.timedelta(days=STALE_AFTER_DAYS)

    def count(*where: object) -> int:
        return int(session_.execute(
            select(func.count()).select_from(Program).where(*where)).scalar_one())

    figures = {
        "active": count(Program.status == "active"),
        "stale": count(Program.status == "active", Program.last_verified < fresh_since),
        "archived": count(Program.status == "archived"),
        "sample": count(Program.status == "active", Program.is_sample.is_(True)),
    }
    misses: list[tuple[str, str, int]] = []
    missed_total = 0
    try:
        from bot.programs.misses import top_misses, total_misses

        misses = top_misses(session_, days=30, limit=10)
        missed_total = total_misses(session_, days=30)
    except ImportError:
        pass
    return render_template("dashboard/index.html", figures=figures, misses=misses,
                           missed_total=missed_total, stale_days=STALE_AFTER_DAYS)
