"""Find training programs that fit a person's life, ranked, with plain reasons.

Hard filters (status, cost, stipend, childcare, schedule, language, document needs, record,
distance, format) run in SQL: online programs come through `format = 'online'` and located
ones through a latitude/longitude box, both on one covering index (models.py), then a
circle. Ranking is one SQL expression over those candidates, so only the page of hits
leaves the database: programs that fit the wanted occupations or keywords (word prefixes
in `Program.terms`) come first, the others only fill up after them. Scoring every
candidate in Python instead would cost far more: with online programs allowed, a search
near a city has some 15,000 candidates on a 100,000-program catalog. Reasons, the exact
distance and the stale label are worked out in Python for the few hits.

When nothing passes the hard filters, `SearchResult.relax` names the one filter whose
removal lets the most programs through (SQL counts), so the chat can offer to drop it.
Distance is widened (`relaxed_max_miles`), not dropped: a program across the country is
no use to someone who must get there.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.programs import geo
from bot.programs.models import Program, Provider
from bot.programs.schema import LANGUAGE_NAMES, SCHEDULE_FLAGS, soc, terms_for

log = logging.getLogger(__name__)

STALE_AFTER_DAYS = 182
MAX_OCCUPATION_TERMS = 10
MAX_KEYWORDS = 8

# Weights of the ranking (see _score). Fit to what was asked dominates; then distance and
# cost; then stipend, freshness and a survivor focus.
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

REASON_OTHER_FIELD = "other kind of training"

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

_WORD_RE = re.compile(r"[^\W_]+")  # as schema.terms_for splits words
_OCCUPATION_RE = re.compile(r"^\d{2}(-\d{0,4})?(\.\d{2})?$")
_STOPWORDS = frozenset(
    "a an and or the of for in on at to with job jobs work working training train class "
    "classes course courses program programs learn learning want like near me my is be do "
    "it's im get".split()
)


@dataclass(frozen=True)
class Query:
    """What a person is looking for; every field is optional."""

    occupations: tuple[str, ...] = ()  # O*NET ("35-2014.00"), SOC ("35-2014") or "35-20"
    keywords: tuple[str, ...] = ()  # free words ("cooking", "nails")
    interests: tuple[str, ...] = ()  # RIASEC letters, weak signal
    zip: str | None = None
    city: str | None = None
    state: str | None = None
    max_miles: float = 25.0
    online_ok: bool = True  # online programs match regardless of distance
    online_only: bool = False
    in_person_only: bool = False  # excludes online programs (hybrid ones stay)
    max_cost: float | None = None  # 0 = free only
    stipend: bool = False
    childcare: bool = False  # needs onsite or assistance
    schedule: frozenset[str] = frozenset()  # program must offer ALL of these
    language: str | None = None  # ISO code the program must offer
    no_photo_id: bool = False  # person has no photo ID: exclude programs requiring it
    no_ssn: bool = False
    no_work_authorization: bool = False
    no_diploma: bool = False
    record_friendly: bool = False

    def __post_init__(self) -> None:
        unknown = set(self.schedule) - set(SCHEDULE_FLAGS)
        if unknown:
            raise ValueError(f"unknown schedule {sorted(unknown)}: use {SCHEDULE_FLAGS}")
        if not self.max_miles > 0:
            raise ValueError("max_miles must be more than 0")
        if self.max_cost is not None and self.max_cost < 0:
            raise ValueError("max_cost can't be less than 0")


@dataclass(frozen=True)
class ProgramView:
    """A stored program and its provider, copied out of the session."""

    id: int  # stable across re-imports (upsert keeps it); short enough for button payloads
    key: str
    name: str
    description: str
    provider_key: str
    provider_name: str
    provider_website: str
    provider_phone: str
    provider_email: str
    occupations: tuple[str, ...]
    cip_code: str
    keywords: str
    credential_name: str
    leads_to_license: bool
    total_cost_usd: float | None
    is_free: bool
    stipend: bool
    stipend_notes: str
    childcare_onsite: bool
    childcare_assistance: bool
    daytime: bool
    evening: bool
    weekend: bool
    part_time: bool
    length_weeks: float | None
    clock_hours: float | None
    format: str
    languages: tuple[str, ...]
    address: str
    city: str
    state: str
    zip: str
    lat: float | None
    lon: float | None
    requires_photo_id: bool | None
    requires_ssn: bool | None
    requires_work_authorization: bool | None
    requires_hs_diploma: bool | None
    background_check: str
    record_friendly: bool
    survivor_specific: bool
    trauma_informed: bool
    career_services: bool
    contact_phone: str
    contact_email: str
    contact_url: str
    how_to_enrol: str
    last_verified: dt.date
    verified_by: str
    status: str
    is_sample: bool

    def is_stale(self, today: dt.date) -> bool:
        """True when nobody has checked the program for more than 182 days."""
        return (today - self.last_verified).days > STALE_AFTER_DAYS


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


_VIEW_FIELDS = [f.name for f in fields(ProgramView)]
_PROVIDER_PREFIXED = ("provider_key", "provider_name", "provider_website", "provider_phone",
                      "provider_email")


def _view_columns() -> list[Any]:
    columns: list[Any] = []
    for name in _VIEW_FIELDS:
        if name in _PROVIDER_PREFIXED:
            columns.append(getattr(Provider, name.removeprefix("provider_")).label(name))
        else:
            columns.append(getattr(Program, name))
    return columns


def _view(row: Any) -> ProgramView:
    values = dict(row._mapping)
    values["occupations"] = tuple(values["occupations"].split())
    values["languages"] = tuple(values["languages"].split())
    return ProgramView(**values)


def get_program(session: Session, key: str) -> ProgramView | None:
    """One program by key (archived ones too: the caller decides what to say)."""
    row = session.execute(
        select(*_view_columns()).join(Provider, Program.provider_id == Provider.id)
        .where(Program.key == key)
    ).first()
    return _view(row) if row else None


def get_programs(session: Session, ids: Sequence[int], *,
                 include_archived: bool = False) -> list[ProgramView]:
    """Programs by id, in the order asked; missing (and archived, unless asked) left out."""
    if not ids:
        return []
    query = (select(*_view_columns()).join(Provider, Program.provider_id == Provider.id)
             .where(Program.id.in_(list(ids))))
    if not include_archived:
        query = query.where(Program.status == "active")
    found = {row.id: _view(row) for row in session.execute(query)}
    return [found[i] for i in dict.fromkeys(ids) if i in found]


# --- query terms ---------------------------------------------------------------------------


def occupation_terms(query: Query) -> tuple[str, ...]:
    """Wanted occupation codes as SOC codes or prefixes, in the order given."""
    terms: list[str] = []
    for code in query.occupations:
        code = (code or "").strip()
        if not _OCCUPATION_RE.match(code):
            # The value is not logged: a forged button could carry someone's words.
            log.warning("ignoring an occupation code that is not a SOC code")
            continue
        term = soc(code).rstrip("-")
        if term and term not in terms:
            terms.append(term)
    return tuple(terms[:MAX_OCCUPATION_TERMS])


def stem(word: str) -> str:
    """A crude stem so "cooking" finds "cook" and "nails" finds "nail technician"."""
    word = word.lower()
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def keyword_terms(query: Query) -> tuple[tuple[str, str], ...]:
    """(phrase as given, stem) for each useful word of the keywords."""
    terms: list[tuple[str, str]] = []
    for phrase in query.keywords:
        phrase = " ".join((phrase or "").split())
        for word in _WORD_RE.findall(phrase.lower()):
            if len(word) < 2 or word in _STOPWORDS:
                continue
            stemmed = stem(word)
            if stemmed not in [t[1] for t in terms]:
                terms.append((phrase, stemmed))
    return tuple(terms[:MAX_KEYWORDS])


def _origin(query: Query) -> geo.Point | None:
    point = geo.zip_point(query.zip.strip()[:5]) if query.zip else None
    if point is None and query.city:
        point = geo.city_point(query.city, query.state)
    return point


# --- SQL pieces ----------------------------------------------------------------------------


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


def _distance_filter(query: Query, origin: geo.Point, miles: float) -> ColumnElement:
    near = _near(origin, miles)
    return or_(Program.format == "online", near) if query.online_ok else near


def _hard_filters(query: Query, origin: geo.Point | None) -> dict[str, ColumnElement]:
    """Each active hard filter by its Query field name."""
    p = Program
    out: dict[str, ColumnElement] = {}
    if origin is not None:
        out["max_miles"] = _distance_filter(query, origin, query.max_miles)
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
class _Fit:
    """Fit to what was asked: its score and the "matched" flag (None: nothing asked)."""

    score: Any
    matched: Any


def _fit(query: Query) -> _Fit:
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
    return _Fit(score, or_(*flags) if flags else None)


def _score(query: Query, fit: _Fit, origin: geo.Point | None, today: dt.date) -> Any:
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


# --- search --------------------------------------------------------------------------------


def search(session: Session, query: Query, *, today: dt.date, limit: int = 3,
           offset: int = 0) -> SearchResult:
    """Programs passing every hard filter, best first; `relax` when none pass."""
    origin = _origin(query)
    filters = _hard_filters(query, origin)
    where = and_(Program.status == "active", *filters.values())
    fit = _fit(query)
    matched_count = (func.sum(case((fit.matched, 1), else_=0)) if fit.matched is not None
                     else func.count())
    total, matched = session.execute(
        select(func.count(), matched_count).select_from(Program).where(where)).one()
    total, matched = int(total or 0), int(matched or 0)
    if total == 0:
        return SearchResult((), 0, _relaxation(session, query, origin, filters),
                            origin is not None, 0)

    score = _score(query, fit, origin, today)
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
        wider = _distance_filter(query, origin, relaxed_max_miles(query.max_miles))
        counts["max_miles"] = int(session.execute(
            select(func.count()).select_from(Program).where(active, wider, *others.values())
        ).scalar_one())
    order = list(FILTER_LABELS)
    best = max(order, key=lambda name: (counts.get(name, 0), -order.index(name)))
    if counts.get(best, 0) == 0:
        return None
    return Relaxation(best, FILTER_LABELS[best], counts[best])


# --- reasons -------------------------------------------------------------------------------


def reasons_for(view: ProgramView, query: Query, *, distance_miles: float | None,
                matched: bool = True) -> tuple[str, ...]:
    """Short plain phrases saying why this program fits (or where it does not)."""
    out: list[str] = []
    words = keyword_terms(query)
    occ = occupation_terms(query)
    if words or occ:
        terms = set(terms_for(view.name, view.keywords, view.credential_name,
                              " ".join(view.occupations)).split())
        taught = [phrase for phrase, s in words if _term_match(terms, s, len(s) < 3)]
        out.extend(f"teaches {phrase}" for phrase in list(dict.fromkeys(taught))[:2])
        if not taught and any(_term_match(terms, f"soc:{term}", len(term) == 7)
                              for term in occ):
            # Asked from a job ("Find training for this"); a typed topic says "teaches …".
            out.append("for a job you picked")
        if not matched:
            out.append(REASON_OTHER_FIELD)
    if view.format == "online":
        out.append("online")
    elif distance_miles is not None:
        out.append(_distance_phrase(distance_miles))
        if view.format == "hybrid":
            out.append("partly online")
    if view.total_cost_usd == 0:
        out.append("free")
    elif view.total_cost_usd is not None and query.max_cost is not None:
        out.append(f"costs ${view.total_cost_usd:,.0f}")
    if view.stipend:
        out.append("pays you while you train")
    if view.childcare_onsite:
        out.append("has childcare")
    elif view.childcare_assistance:
        out.append("helps with childcare")
    for flag, phrase in (("daytime", "daytime classes"), ("evening", "evening classes"),
                         ("weekend", "weekend classes"), ("part_time", "part-time")):
        if flag in query.schedule and getattr(view, flag):
            out.append(phrase)
    if query.language and query.language.lower() != "en":
        name = LANGUAGE_NAMES.get(query.language.lower(), query.language)
        out.append(f"taught in {name}")
    for wanted, value, yes, ask in (
        (query.no_photo_id, view.requires_photo_id, "no photo ID needed",
         "ask if photo ID is needed"),
        (query.no_ssn, view.requires_ssn, "no Social Security number needed",
         "ask if a Social Security number is needed"),
        (query.no_work_authorization, view.requires_work_authorization,
         "no work permit needed", "ask if a work permit is needed"),
        (query.no_diploma, view.requires_hs_diploma, "no diploma needed",
         "ask if a diploma is needed"),
    ):
        if wanted:
            out.append(yes if value is False else ask)
    if view.record_friendly or view.background_check == "none":
        out.append("open to people with a record")
    if view.survivor_specific:
        out.append("made for survivors")
    elif view.trauma_informed:
        out.append("trauma-informed staff")
    return tuple(out)


def _term_match(terms: set[str], prefix: str, exact: bool) -> bool:
    return prefix in terms if exact else any(t.startswith(prefix) for t in terms)


def _distance_phrase(miles: float) -> str:
    if miles < 1:
        return "less than 1 mile away"
    rounded = round(miles)
    return f"{rounded} mile away" if rounded == 1 else f"{rounded} miles away"
