"""Program searches that found nothing, as counts per day, topic and place (no person).

The staff console shows what people looked for and did not find, so the catalog can grow
where it is thin. Only aggregate counts are kept: no person id, nothing the person typed,
no ZIP code. The topic is a label of data/catalog/programs/topics.yml, an O*NET
occupation title or code, or "any"; the place is "City, ST", a state code, "online" or
"anywhere" (a ZIP is turned into its city and state first).

`record_miss` adds one to a day's count and is safe when several processes do it at once
(SQLite and PostgreSQL): an UPDATE first, and when no row was there an INSERT inside a
SAVEPOINT; if another process inserted the same row meanwhile, the INSERT fails on the
unique key and the UPDATE is tried again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.programs.models import SearchMiss

MAX_CHARS = 80  # the width of the topic and place columns
ANY_TOPIC = "any"
ANYWHERE = "anywhere"
ONLINE = "online"

_ZIP = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")
_DIGITS5 = re.compile(r"\d{5}")  # a ZIP code (or a number as long) is never stored
_CODE = re.compile(r"^\d{2}-\d{2,4}(?:\.\d{2})?$")  # O*NET-SOC / SOC code or code prefix


def _utc_today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


def normalise_topic(topic: str | None) -> str:
    """Lower case, trimmed, at most 80 characters; "any" when empty or holding a ZIP."""
    text = " ".join((topic or "").split()).lower()[:MAX_CHARS].strip()
    if not text or _DIGITS5.search(text):
        return ANY_TOPIC
    return text


def normalise_place(place: str | None) -> str:
    """Trimmed, at most 80 characters; "anywhere" when empty.

    A ZIP code becomes its "City, ST" (or "anywhere" when unknown): a ZIP is never stored.
    """
    text = " ".join((place or "").split())
    zip_match = _ZIP.match(text)
    if zip_match:
        text = _zip_city_state(zip_match.group(1)) or ""
    text = text[:MAX_CHARS].strip()
    if not text or _DIGITS5.search(text):
        return ANYWHERE
    return text


def _zip_city_state(zip5: str) -> str | None:
    from bot.programs.geo import zip_place

    found = zip_place(zip5)
    return f"{found[0]}, {found[1]}" if found else None


def _window(days: int, today: dt.date | None) -> tuple[dt.date, dt.date]:
    """The first and last day of the last `days` days, today included."""
    last = today or _utc_today()
    return last - dt.timedelta(days=max(days, 1) - 1), last


def _bump(session: Session, day: dt.date, topic: str, place: str) -> int:
    """Add one to an existing row; how many rows were changed (0 or 1)."""
    result = session.execute(
        update(SearchMiss)
        .where(SearchMiss.day == day, SearchMiss.topic == topic, SearchMiss.place == place)
        .values(count=SearchMiss.count + 1)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


def record_miss(session: Session, topic: str, place: str, day: dt.date | None = None) -> None:
    """Count one search that found nothing for (day, topic, place); does not commit.

    `day` defaults to today (UTC). Topic and place are normalised (see `normalise_topic`,
    `normalise_place`). Safe against another process counting the same key at once.
    """
    day = day or _utc_today()
    topic, place = normalise_topic(topic), normalise_place(place)
    if _bump(session, day, topic, place):
        return
    try:
        with session.begin_nested():
            session.execute(insert(SearchMiss).values(day=day, topic=topic, place=place,
                                                      count=1))
    except IntegrityError:
        # Another process inserted the row after our UPDATE: it is there now.
        if not _bump(session, day, topic, place):
            raise


def top_misses(session: Session, days: int = 30, limit: int = 10,
               today: dt.date | None = None) -> list[tuple[str, str, int]]:
    """(topic, place, count) summed over the last `days` days, most first, then by topic."""
    first, last = _window(days, today)
    total = func.sum(SearchMiss.count).label("total")
    rows = session.execute(
        select(SearchMiss.topic, SearchMiss.place, total)
        .where(SearchMiss.day >= first, SearchMiss.day <= last)
        .group_by(SearchMiss.topic, SearchMiss.place)
        .order_by(total.desc(), SearchMiss.topic, SearchMiss.place)
        .limit(limit)
    ).all()
    return [(row.topic, row.place, int(row.total)) for row in rows]


def total_misses(session: Session, days: int = 30, today: dt.date | None = None) -> int:
    """How many searches found nothing in the last `days` days."""
    first, last = _window(days, today)
    return int(session.execute(
        select(func.coalesce(func.sum(SearchMiss.count), 0))
        .where(SearchMiss.day >= first, SearchMiss.day <= last)
    ).scalar_one())


# --- what a search request was about, without the person's words -------------------------


def _topic_label(value: str) -> str | None:
    """The topics.yml label of a topic key or label, or None when it is not one."""
    from bot.programs.request_parse import topics

    wanted = value.strip().lower()
    for topic in topics().values():
        if wanted in (topic.key.lower(), topic.label.lower()):
            return topic.label
    return None


def _occupation_title(code: str) -> str | None:
    """The O*NET title of a code ("35-2014.00" -> "Cooks, Restaurant"), the code itself
    when it is a well-formed code not in the table, or None."""
    from bot.assess import occupations

    code = code.strip()
    if not _CODE.match(code):
        return None
    found = occupations.get(code) or occupations.get(f"{code}.00")
    return found.title if found else code


def miss_topic(query: Mapping[str, Any]) -> str:
    """What a search (the `search_query` slot) was about: the first catalog topic label,
    else the first O*NET occupation title, else "any". Never free text: keywords that are
    not topics.yml labels and values that are not O*NET codes are left out."""
    for keyword in query.get("keywords") or ():
        label = _topic_label(str(keyword))
        if label:
            return label
    for code in query.get("occupations") or ():
        title = _occupation_title(str(code))
        if title:
            return title
    return ANY_TOPIC


def _state_of(city: str) -> str | None:
    """The state a bare city name is searched in (the one where it has the most ZIPs)."""
    from bot.programs.geo import city_point
    from bot.us_states import STATES

    point = city_point(city)
    if point is None:
        return None
    return next((code for code in STATES if city_point(city, code) == point), None)


def miss_place(query: Mapping[str, Any]) -> str:
    """Where a search looked: "online", "City, ST" (a ZIP is turned into its city), a state
    code, or "anywhere". Only places known to the ZIP tables; never the ZIP itself."""
    from bot.programs.request_parse import normalise
    from bot.us_states import STATES

    if query.get("online_only"):
        return ONLINE
    zip5 = str(query.get("zip") or "").strip()
    if zip5:
        return _zip_city_state(zip5[:5]) or ANYWHERE
    state = str(query.get("state") or "").strip().upper()
    state = state if state in STATES else ""
    city = str(query.get("city") or "").strip()
    if city:
        canonical = normalise("location", f"{city}, {state}" if state else city)
        if canonical and not _ZIP.match(canonical):
            name, _, found_state = canonical.partition(",")
            found_state = found_state.strip() or _state_of(name.strip()) or ""
            return f"{name.strip()}, {found_state}" if found_state else name.strip()
    return state or ANYWHERE
