"""Counts of program searches that found nothing: increments, races, windows, privacy."""

from __future__ import annotations

import datetime as dt
import re
import threading
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.runtime import run_in_session
from bot.db.session import session_factory
from bot.programs import misses
from bot.programs.misses import miss_place, miss_topic, record_miss, top_misses, total_misses
from bot.programs.models import SearchMiss

DAY = dt.date(2026, 11, 29)


def rows(session: Session) -> list[tuple[dt.date, str, str, int]]:
    found = session.execute(select(SearchMiss.day, SearchMiss.topic, SearchMiss.place,
                                   SearchMiss.count).order_by(SearchMiss.id)).all()
    return [tuple(row) for row in found]  # type: ignore[misc]


def test_record_creates_then_increments_one_row_per_key(db: Session) -> None:
    record_miss(db, "cooking", "Atlanta, GA", DAY)
    record_miss(db, "cooking", "Atlanta, GA", DAY)
    record_miss(db, "cooking", "Atlanta, GA", DAY + dt.timedelta(days=1))
    record_miss(db, "welding", "Atlanta, GA", DAY)
    assert rows(db) == [(DAY, "cooking", "Atlanta, GA", 2),
                        (DAY + dt.timedelta(days=1), "cooking", "Atlanta, GA", 1),
                        (DAY, "welding", "Atlanta, GA", 1)]


def test_day_defaults_to_today_utc(db: Session) -> None:
    record_miss(db, "cooking", "online")
    assert rows(db) == [(dt.datetime.now(dt.timezone.utc).date(), "cooking", "online", 1)]


def test_record_does_not_commit(db_url: str) -> None:
    factory = session_factory(db_url)
    with factory() as session:
        record_miss(session, "cooking", "online", DAY)
        session.rollback()
    with factory() as session:
        assert rows(session) == []


def test_two_sessions_one_after_the_other_share_the_row(db_url: str) -> None:
    for _ in range(2):
        run_in_session(lambda s: record_miss(s, "cooking", "Atlanta, GA", DAY), db_url)
    with session_factory(db_url)() as session:
        assert rows(session) == [(DAY, "cooking", "Atlanta, GA", 2)]


def test_lost_insert_race_falls_back_to_update(db_url: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process inserts the row between our UPDATE (no row yet) and our INSERT."""
    real_bump = misses._bump
    calls: list[int] = []

    def bump_after_the_other_process(session: Session, *key: Any) -> int:
        if not calls:
            calls.append(0)
            # Our UPDATE found nothing; meanwhile another process creates the row and commits.
            run_in_session(lambda s: record_miss(s, "cooking", "online", DAY), db_url)
            return 0
        calls.append(1)
        return real_bump(session, *key)

    monkeypatch.setattr(misses, "_bump", bump_after_the_other_process)
    factory = session_factory(db_url)
    with factory.begin() as session:
        session.execute(select(1))  # something else already done in this transaction...
        record_miss(session, "cooking", "online", DAY)
        session.execute(select(1))  # ...and the transaction is still usable afterwards
    assert calls == [0, 1, 1]  # ours (lost), the other process's, ours again after the INSERT
    with factory() as session:
        assert rows(session) == [(DAY, "cooking", "online", 2)]


def count_from_threads(url: str, threads: int, each: int) -> list[BaseException]:
    """`threads` threads, started together, each recording the same miss `each` times on
    its own connections (as separate processes would); the errors they met."""
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def work() -> None:
        start.wait()
        try:
            for _ in range(each):
                run_in_session(lambda s: record_miss(s, "cooking", "Atlanta, GA", DAY), url)
        except BaseException as error:  # reported by the caller
            errors.append(error)

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return errors


def test_many_threads_at_once_lose_no_count(db_url: str) -> None:
    """Separate connections (as separate processes would have) counting the same key."""
    threads, each = 4, 15
    assert count_from_threads(db_url, threads, each) == []
    with session_factory(db_url)() as session:
        assert rows(session) == [(DAY, "cooking", "Atlanta, GA", threads * each)]


def test_window_sums_orders_and_limits(db: Session) -> None:
    def add(topic: str, place: str, days_ago: int, times: int) -> None:
        for _ in range(times):
            record_miss(db, topic, place, DAY - dt.timedelta(days=days_ago))

    add("welding", "Atlanta, GA", 0, 2)
    add("welding", "Atlanta, GA", 29, 2)   # last day of a 30-day window
    add("welding", "Atlanta, GA", 30, 50)  # outside it
    add("baking", "online", 3, 3)
    add("cooking", "Houston, TX", 1, 3)
    add("cooking", "Houston, TX", 40, 9)   # outside
    add("nails", "GA", 2, 1)
    add("any", "anywhere", 0, 1)
    add("cooking", "Houston, TX", -1, 7)   # after "today": not counted
    db.flush()
    assert top_misses(db, days=30, today=DAY) == [
        ("welding", "Atlanta, GA", 4), ("baking", "online", 3), ("cooking", "Houston, TX", 3),
        ("any", "anywhere", 1), ("nails", "GA", 1)]
    assert top_misses(db, days=30, limit=2, today=DAY) == [
        ("welding", "Atlanta, GA", 4), ("baking", "online", 3)]
    assert top_misses(db, days=1, today=DAY) == [
        ("welding", "Atlanta, GA", 2), ("any", "anywhere", 1)]
    assert total_misses(db, days=30, today=DAY) == 12
    assert total_misses(db, days=1, today=DAY) == 3
    assert total_misses(db, days=30, today=DAY - dt.timedelta(days=100)) == 0
    assert top_misses(db, days=30, today=DAY - dt.timedelta(days=100)) == []


def test_topic_and_place_are_normalised(db: Session) -> None:
    record_miss(db, "  Cooking ", " Atlanta,   GA ", DAY)
    record_miss(db, "COOKING", "Atlanta, GA", DAY)
    record_miss(db, "", "", DAY)
    record_miss(db, "   ", "  ", DAY)
    record_miss(db, "x" * 200, "y" * 200, DAY)
    assert rows(db) == [(DAY, "cooking", "Atlanta, GA", 2), (DAY, "any", "anywhere", 2),
                        (DAY, "x" * 80, "y" * 80, 1)]


def test_a_zip_is_never_stored(db: Session) -> None:
    record_miss(db, "cooking", "30303", DAY)        # a known ZIP: its city and state
    record_miss(db, "cooking", "30303-1234", DAY)
    record_miss(db, "cooking", "00000", DAY)        # not a ZIP anyone lives in
    record_miss(db, "cooking near 30303", "near 30303 please", DAY)
    assert rows(db) == [(DAY, "cooking", "Atlanta, GA", 2), (DAY, "cooking", "anywhere", 1),
                        (DAY, "any", "anywhere", 1)]
    for _day, topic, place, _count in rows(db):
        assert not re.search(r"\d{5}", topic + place)


# --- what a search was about ---------------------------------------------------------------


def test_topic_is_a_catalog_label_an_onet_title_or_any() -> None:
    assert miss_topic({"keywords": ["cooking"], "occupations": ["35-20"]}) == "cooking"
    assert miss_topic({"keywords": ["nursing assistant (CNA)"]}) == "nursing assistant (CNA)"
    assert miss_topic({"keywords": ["cna"]}) == "nursing assistant (CNA)"  # a topic key
    # Words that are not a topic (a forged or mis-tagged entity) are never kept.
    assert miss_topic({"keywords": ["my name is jane, 404 555 0100"]}) == "any"
    assert miss_topic({"keywords": ["jane doe"], "occupations": ["35-2014.00"]}) == (
        "Cooks, Restaurant")
    assert miss_topic({"occupations": ["35-2014"]}) == "Cooks, Restaurant"
    assert miss_topic({"occupations": ["47-20"]}) == "47-20"  # a code prefix of a topic
    assert miss_topic({"occupations": ["I live at 12 Main St"]}) == "any"
    assert miss_topic({}) == "any"


def test_place_is_a_known_city_and_state_a_state_or_online() -> None:
    assert miss_place({"zip": "30303"}) == "Atlanta, GA"
    assert miss_place({"zip": "00000"}) == "anywhere"
    assert miss_place({"city": "Atlanta", "state": "GA"}) == "Atlanta, GA"
    assert miss_place({"city": "atlanta", "state": "ga"}) == "Atlanta, GA"
    assert miss_place({"city": "Houston", "state": None}) == "Houston, TX"
    assert miss_place({"zip": "30303", "online_only": True}) == "online"
    # A city that is not in the ZIP tables is never kept; its state is, when it is one.
    assert miss_place({"city": "Jane's place", "state": "KS"}) == "KS"
    assert miss_place({"city": "Jane's place", "state": "Jane"}) == "anywhere"
    assert miss_place({}) == "anywhere"
