"""Find training programs that fit a person's life, ranked, with plain reasons.

Hard filters (status, cost, stipend, childcare, schedule, language, document needs, record,
distance, format) run in SQL: online programs come through `format = 'online'` and located
ones through a latitude/longitude box, both on one covering index (models.py), then a
circle. Ranking is one SQL expression over those candidates, so only the page of hits
leaves the database: programs that fit the wanted occupations or keywords (word prefixes
in `Program.terms`) come first, the others only fill up after them. Scoring every
candidate in Python instead would cost far more: with online programs allowed, a search
near a city has some 15,000 candidates on a 100,000-program catalog. Reasons, the exact
distance and the stale label are worked out in Python for the few hits. The query is
`search_query.Query`; the SQL pieces are in `search_sql`, the reasons in `reasons`.

When nothing passes the hard filters, `SearchResult.relax` names the one filter whose
removal lets the most programs through (SQL counts), so the chat can offer to drop it.
Distance is widened (`relaxed_max_miles`), not dropped: a program across the country is
no use to someone who must get there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.programs import geo
from bot.programs.models import Program
from bot.programs.program_view import ProgramView, get_programs
from bot.programs.reasons import reasons_for
from bot.programs.search_query import Query
from bot.programs.search_sql import (
    distance_filter,
    fit_expression,
    hard_filters,
    relaxed_max_miles,
    score_expression,
)

# Relaxable hard filters in the order ties are broken: (Query field, plain label).
FILTER_LABELS: dict[str, str] = {
    "max_miles": "distance",
    "schedule": "schedule",
    "max_cost": "cost",
    "stipend": "stipend",
    "childcare": "childcare",
    "language": "language",
    "in_person_only": "in person only",
    "online_only": "online only",
    "record_friendly": "background check",
    "no_photo_id": "photo ID",
    "no_ssn": "Social Security number",
    "no_work_authorization": "work permit",
    "no_diploma": "diploma",
}


@dataclass(frozen=True)
class Hit:
    """One program found, with why it fits."""

    program: ProgramView
    score: float
    distance_miles: float | None
    reasons: tuple[str, ...]
    stale: bool
    matched: bool = True  # fits the wanted occupations or keywords (or none were given)


@dataclass(frozen=True)
class Relaxation:
    """The hard filter to drop to find anything at all."""

    filter: str  # the Query field name, e.g. "max_miles" or "schedule"
    label: str  # plain ("distance")
    would_match: int


@dataclass(frozen=True)
class SearchResult:
    """A page of hits, how many pass the filters, and what to relax when none do."""

    hits: tuple[Hit, ...]
    total: int
    relax: Relaxation | None
    origin_known: bool
    matched: int = 0  # how many of `total` fit the wanted occupations or keywords


def _origin(query: Query) -> geo.Point | None:
    point = geo.zip_point(query.zip.strip()[:5]) if query.zip else None
    if point is None and query.city:
        point = geo.city_point(query.city, query.state)
    return point


def search(session: Session, query: Query, *, today: dt.date, limit: int = 3,
           offset: int = 0) -> SearchResult:
    """Programs passing every hard filter, best first; `relax` when none pass."""
    origin = _origin(query)
    filters = hard_filters(query, origin)
    where = and_(Program.status == "active", *filters.values())
    fit = fit_expression(query)
    matched_count = (func.sum(case((fit.matched, 1), else_=0)) if fit.matched is not None
                     else func.count())
    total, matched = session.execute(
        select(func.count(), matched_count).select_from(Program).where(where)).one()
    total, matched = int(total or 0), int(matched or 0)
    if total == 0:
        return SearchResult((), 0, _relaxation(session, query, origin, filters),
                            origin is not None, 0)

    score = score_expression(query, fit, origin, today)
    limit, offset = max(0, limit), max(0, offset)
    if fit.matched is None:
        ranked = _ranked(session, where, score, limit, offset, tier=1)
    elif offset + limit <= matched:
        # Only programs that fit are on this page: score just those.
        ranked = _ranked(session, and_(where, fit.matched), score, limit, offset, tier=1)
    else:
        # The page ends with (or is all) programs that don't fit what was asked.
        ranked = (_ranked(session, and_(where, fit.matched), score, matched - offset, offset,
                          tier=1) if offset < matched else [])
        ranked += _ranked(session, and_(where, ~fit.matched), score, limit - len(ranked),
                          max(0, offset - matched), tier=0)
    if not ranked:
        return SearchResult((), total, None, origin is not None, matched)
    views = {v.id: v for v in get_programs(session, [r.id for r in ranked])}
    hits = []
    for r in ranked:
        view = views[r.id]
        distance = None
        if origin is not None and view.format != "online" and view.lat is not None:
            distance = geo.miles(origin, (view.lat, view.lon))  # type: ignore[arg-type]
        hits.append(Hit(
            program=view,
            score=round(float(r.score), 4),
            distance_miles=None if distance is None else round(distance, 1),
            reasons=reasons_for(view, query, distance_miles=distance, matched=bool(r.tier)),
            stale=view.is_stale(today),
            matched=bool(r.tier),
        ))
    return SearchResult(tuple(hits), total, None, origin is not None, matched)


def _ranked(session: Session, where: Any, score: Any, limit: int, offset: int, *,
            tier: int) -> list[Any]:
    """(id, tier, score) of one page of the programs passing `where`, best first."""
    if limit <= 0:
        return []
    labeled = score.label("score")
    rows = session.execute(
        select(Program.id, labeled).where(where)
        .order_by(labeled.desc(), Program.key).limit(limit).offset(offset)
    ).all()
    return [_Ranked(row.id, tier, row.score) for row in rows]


@dataclass(frozen=True)
class _Ranked:
    id: int
    tier: int
    score: float


def _relaxation(session: Session, query: Query, origin: geo.Point | None,
                filters: dict[str, ColumnElement]) -> Relaxation | None:
    """The one filter whose removal lets the most programs through (SQL counts).

    One pass counts, for each filter but distance, the programs passing all the others;
    distance gets its own count with the circle widened to `relaxed_max_miles`.
    """
    if not filters:
        return None
    active = Program.status == "active"
    counts: dict[str, int] = {}
    others = {name: cond for name, cond in filters.items() if name != "max_miles"}
    if others:
        base = [active] + ([filters["max_miles"]] if "max_miles" in filters else [])
        sums = [
            func.sum(case((and_(true(), *[c for n, c in others.items() if n != name]), 1),
                          else_=0)).label(name)
            for name in others
        ]
        row = session.execute(select(*sums).select_from(Program).where(*base)).one()
        counts.update({name: int(row._mapping[name] or 0) for name in others})
    if "max_miles" in filters and origin is not None:
        wider = distance_filter(query, origin, relaxed_max_miles(query.max_miles))
        counts["max_miles"] = int(session.execute(
            select(func.count()).select_from(Program).where(active, wider, *others.values())
        ).scalar_one())
    order = list(FILTER_LABELS)
    best = max(order, key=lambda name: (counts.get(name, 0), -order.index(name)))
    if counts.get(best, 0) == 0:
        return None
    return Relaxation(best, FILTER_LABELS[best], counts[best])
