"""The SQL of a program search: the hard filters, and the ranking as one expression.

Online programs come through `format = 'online'` and located ones through a
latitude/longitude box, both on one covering index (models.py), then a circle. The score
adds fit to what was asked (occupations, keywords, interests) to distance, cost, stipend,
freshness and a survivor focus, with the weights below.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, literal, or_
from sqlalchemy.sql.elements import ColumnElement

from bot.programs import geo
from bot.programs.models import Program
from bot.programs.program_view import STALE_AFTER_DAYS
from bot.programs.search_query import Query, keyword_terms, occupation_terms

# Weights of the ranking (see score_expression). Fit to what was asked dominates; then
# distance and cost; then stipend, freshness and a survivor focus.
W_OCCUPATION = 3.0  # the first wanted occupation; each later one 0.2 less
W_KEYWORDS = 3.0  # all keywords found; 1.0 + 2.0 x the share found
W_INTEREST = 0.5  # per RIASEC letter shared (first letter), less for later letters
W_DISTANCE = 2.0  # at the origin; 0 at max_miles (falls with the square of the distance)
W_ONLINE = 1.0  # an online program scores half what a program next door does
W_COST = 1.5  # free; 1.5 / (1 + cost / 1000): $1,000 -> 0.75, $5,000 -> 0.25
W_COST_UNKNOWN = 0.3
W_STIPEND = 1.0
W_FRESH = 1.0
W_SURVIVOR = 1.0
W_TRAUMA = 0.5


def _padded(column: Any) -> Any:
    return literal(" ") + column + literal(" ")


def _distance2(origin: geo.Point) -> Any:
    """Squared distance in miles, flat-earth approximation (well within 1% at 100 miles)."""
    lat0, lon0 = origin
    ky = geo.MILES_PER_DEGREE_LAT
    kx = geo.MILES_PER_DEGREE_LAT * math.cos(math.radians(lat0))
    dy = (Program.lat - lat0) * ky
    dx = (Program.lon - lon0) * kx
    return dy * dy + dx * dx


def relaxed_max_miles(max_miles: float) -> float:
    """How far a relaxed search looks: three times as far, and at least 75 miles."""
    return max(3 * max_miles, 75.0)


def _near(origin: geo.Point, miles: float) -> ColumnElement:
    """Located programs inside the circle (the box lets the index do the work)."""
    lat_lo, lat_hi, lon_lo, lon_hi = geo.bounding_box(origin, miles)
    return and_(
        Program.format.in_(("in_person", "hybrid")),
        Program.lat.between(lat_lo, lat_hi),
        Program.lon.between(lon_lo, lon_hi),
        _distance2(origin) <= miles * miles,
    )


def distance_filter(query: Query, origin: geo.Point, miles: float) -> ColumnElement:
    near = _near(origin, miles)
    return or_(Program.format == "online", near) if query.online_ok else near


def hard_filters(query: Query, origin: geo.Point | None) -> dict[str, ColumnElement]:
    """Each active hard filter by its Query field name."""
    p = Program
    out: dict[str, ColumnElement] = {}
    if origin is not None:
        out["max_miles"] = distance_filter(query, origin, query.max_miles)
    if query.online_only:
        out["online_only"] = p.format == "online"
    if query.in_person_only:
        out["in_person_only"] = p.format != "online"
    if query.max_cost is not None:
        out["max_cost"] = p.total_cost_usd <= query.max_cost  # unknown cost never passes
    if query.stipend:
        out["stipend"] = p.stipend.is_(True)
    if query.childcare:
        out["childcare"] = or_(p.childcare_onsite.is_(True), p.childcare_assistance.is_(True))
    if query.schedule:
        out["schedule"] = and_(*[getattr(p, flag).is_(True) for flag in sorted(query.schedule)])
    if query.language:
        code = query.language.strip().lower()
        out["language"] = _padded(p.languages).contains(f" {code} ", autoescape=True)
    # Unknown requirements (NULL) pass: the reasons then say to ask.
    if query.no_photo_id:
        out["no_photo_id"] = p.requires_photo_id.isnot(True)
    if query.no_ssn:
        out["no_ssn"] = p.requires_ssn.isnot(True)
    if query.no_work_authorization:
        out["no_work_authorization"] = p.requires_work_authorization.isnot(True)
    if query.no_diploma:
        out["no_diploma"] = p.requires_hs_diploma.isnot(True)
    if query.record_friendly:
        out["record_friendly"] = or_(p.record_friendly.is_(True), p.background_check == "none")
    return out


def _has_term(prefix: str, exact: bool) -> ColumnElement:
    """The program has a word starting with prefix (or, exact, equal to it)."""
    return Program.terms.like(f"% {prefix} %" if exact else f"% {prefix}%")


@dataclass(frozen=True)
class Fit:
    """Fit to what was asked: its score and the "matched" flag (None: nothing asked)."""

    score: Any
    matched: Any


def fit_expression(query: Query) -> Fit:
    p = Program
    parts: list[Any] = []
    flags: list[Any] = []
    occ = occupation_terms(query)
    if occ:
        # Several wanted occupations: the first one (the best fit) weighs most.
        has = [_has_term(f"soc:{term}", len(term) == 7) for term in occ]
        parts.append(case(*[(h, W_OCCUPATION - 0.2 * i) for i, h in enumerate(has)],
                          else_=0.0))
        flags.extend(has)
    words = keyword_terms(query)
    if words:
        has = [_has_term(s, len(s) < 3) for _, s in words]
        found = [case((h, 1.0), else_=0.0) for h in has]
        count = sum(found[1:], found[0])
        parts.append(case((count > 0, 1.0 + (W_KEYWORDS - 1.0) * count / len(words)),
                          else_=0.0))
        flags.extend(has)
    letters = list(dict.fromkeys(x.strip().upper()[:1] for x in query.interests if x))
    for i, letter in enumerate([x for x in letters if x and x in "RIASEC"][:3]):
        parts.append(case((p.interests.contains(letter), W_INTEREST - 0.15 * i), else_=0.0))
    score = sum(parts[1:], parts[0]) if parts else literal(0.0)
    return Fit(score, or_(*flags) if flags else None)


def score_expression(query: Query, fit: Fit, origin: geo.Point | None, today: dt.date) -> Any:
    p = Program
    if origin is not None:
        r2 = query.max_miles * query.max_miles
        distance = case(
            (p.format == "online", W_ONLINE),
            (p.lat.is_(None), 0.0),
            else_=W_DISTANCE * (1.0 - _distance2(origin) / r2),
        )
    else:
        distance = literal(0.0)
    cost = case(
        (p.total_cost_usd.is_(None), W_COST_UNKNOWN),
        else_=W_COST / (1.0 + p.total_cost_usd / 1000.0),
    )
    fresh_since = today - dt.timedelta(days=STALE_AFTER_DAYS)
    extras = (
        case((p.stipend.is_(True), W_STIPEND), else_=0.0)
        + case((p.last_verified >= fresh_since, W_FRESH), else_=0.0)
        + case((p.survivor_specific.is_(True), W_SURVIVOR), else_=0.0)
        + case((p.trauma_informed.is_(True), W_TRAUMA), else_=0.0)
    )
    return fit.score + distance + cost + extras
