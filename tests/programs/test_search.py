"""Search on the fixture catalog: every hard filter, ranking, distance, relaxation, labels.

The fixture (tests/data/programs/fixture_programs.csv) places programs at known distances
from ZIP 30303 (33.7525, -84.3888): cook-near 2 miles north, ged-near 3 N, cna 5 S,
hybrid-service 8 S (hybrid), nails 10 E, cook-far 20 N, forklift-far 40 W; archived-cook
1 N but archived; one in Houston (77002) and one in Chicago (city only); five online.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy.orm import Session

from bot.programs.program_view import ProgramView, get_program, get_programs
from bot.programs.reasons import reason, reasons_for
from bot.programs.search import Hit, Relaxation, search
from bot.programs.search_query import Query
from bot.programs.search_sql import relaxed_max_miles
from tests.programs.conftest import TODAY

ONLINE = {"fx-office-online", "fx-it-online", "fx-twin-a", "fx-twin-b", "fx-esl-online"}
WITHIN_25 = {"fx-cook-near", "fx-ged-near", "fx-cna", "fx-hybrid-service", "fx-nails",
             "fx-cook-far"}
WITHIN_50 = WITHIN_25 | {"fx-forklift-far"}
BASE = {"zip": "30303", "max_miles": 50.0}  # every Atlanta program, and the online ones


def keys(session: Session, query: Query, limit: int = 50) -> set[str]:
    result = search(session, query, today=TODAY, limit=limit)
    assert result.total == len(result.hits)
    return {hit.program.key for hit in result.hits}


def ordered(session: Session, query: Query, limit: int = 50) -> list[str]:
    return [h.program.key for h in search(session, query, today=TODAY, limit=limit).hits]


def q(**fields: object) -> Query:
    return Query(**{**BASE, **fields})  # type: ignore[arg-type]


# --- hard filters --------------------------------------------------------------------------


def test_no_filter_but_distance(catalog: Session) -> None:
    assert keys(catalog, q()) == WITHIN_50 | ONLINE


def test_archived_programs_never_show(catalog: Session) -> None:
    assert "fx-archived-cook" not in keys(catalog, q(keywords=("cooking",), max_miles=5))


def test_max_cost(catalog: Session) -> None:
    assert keys(catalog, q(max_cost=1000)) == {
        "fx-cook-near", "fx-cook-far", "fx-nails", "fx-office-online", "fx-forklift-far",
        "fx-hybrid-service", "fx-ged-near", "fx-twin-a", "fx-twin-b"}  # unknown cost: out


def test_free_only(catalog: Session) -> None:
    assert keys(catalog, q(max_cost=0)) == {"fx-cook-near", "fx-office-online",
                                           "fx-forklift-far", "fx-ged-near"}


def test_stipend(catalog: Session) -> None:
    assert keys(catalog, q(stipend=True)) == {"fx-cook-near", "fx-forklift-far"}


def test_childcare_onsite_or_assistance(catalog: Session) -> None:
    assert keys(catalog, q(childcare=True)) == {"fx-cook-near", "fx-cna", "fx-ged-near"}


def test_schedule_needs_every_time_asked(catalog: Session) -> None:
    assert keys(catalog, q(schedule=frozenset({"evening"}))) == {
        "fx-cook-near", "fx-cook-far", "fx-cna", "fx-it-online", "fx-ged-near"}
    assert keys(catalog, q(schedule=frozenset({"evening", "weekend"}))) == {"fx-cna"}
    assert keys(catalog, q(schedule=frozenset({"part_time"}))) == {"fx-office-online",
                                                                  "fx-it-online"}
    assert keys(catalog, q(schedule=frozenset({"daytime"}))) == {"fx-cook-near",
                                                                "fx-hybrid-service"}


def test_unknown_schedule_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        Query(schedule=frozenset({"mornings"}))


def test_language(catalog: Session) -> None:
    assert keys(catalog, q(language="es")) == {"fx-cook-near", "fx-office-online",
                                              "fx-esl-online"}
    assert keys(catalog, q(language="vi")) == {"fx-nails"}


def test_no_photo_id_keeps_programs_where_it_is_not_known(catalog: Session) -> None:
    found = keys(catalog, q(no_photo_id=True))
    assert found == (WITHIN_50 | ONLINE) - {"fx-cook-far", "fx-cna", "fx-it-online"}
    nails = next(h for h in search(catalog, q(no_photo_id=True), today=TODAY, limit=50).hits
                 if h.program.key == "fx-nails")
    assert "ask if photo ID is needed" in nails.reasons


def test_no_ssn(catalog: Session) -> None:
    assert keys(catalog, q(no_ssn=True)) == (WITHIN_50 | ONLINE) - {
        "fx-cook-far", "fx-cna", "fx-it-online", "fx-hybrid-service"}


def test_no_work_authorization(catalog: Session) -> None:
    assert keys(catalog, q(no_work_authorization=True)) == (WITHIN_50 | ONLINE) - {
        "fx-cook-far", "fx-cna"}


def test_no_diploma(catalog: Session) -> None:
    assert keys(catalog, q(no_diploma=True)) == (WITHIN_50 | ONLINE) - {
        "fx-cook-far", "fx-cna", "fx-hybrid-service"}


def test_record_friendly_means_friendly_or_no_check(catalog: Session) -> None:
    assert keys(catalog, q(record_friendly=True)) == {
        "fx-cook-near", "fx-nails", "fx-office-online", "fx-forklift-far", "fx-ged-near",
        "fx-esl-online"}


def test_online_only_and_in_person_only(catalog: Session) -> None:
    assert keys(catalog, q(online_only=True)) == ONLINE
    assert keys(catalog, q(in_person_only=True)) == WITHIN_50  # hybrid stays


def test_online_not_ok_leaves_online_programs_out(catalog: Session) -> None:
    assert keys(catalog, q(online_ok=False)) == WITHIN_50


def test_filters_combine(catalog: Session) -> None:
    assert keys(catalog, q(max_cost=0, childcare=True, record_friendly=True,
                           schedule=frozenset({"evening"}))) == {"fx-cook-near", "fx-ged-near"}


# --- distance ------------------------------------------------------------------------------


def test_distance_from_a_zip(catalog: Session) -> None:
    result = search(catalog, Query(zip="30303", max_miles=6, online_ok=False), today=TODAY,
                    limit=10)
    assert result.origin_known
    miles = {h.program.key: h.distance_miles for h in result.hits}
    assert set(miles) == {"fx-cook-near", "fx-ged-near", "fx-cna"}
    assert miles["fx-cook-near"] == pytest.approx(2.0, abs=0.05)
    assert miles["fx-ged-near"] == pytest.approx(3.0, abs=0.05)
    assert miles["fx-cna"] == pytest.approx(5.0, abs=0.05)
    near = next(h for h in result.hits if h.program.key == "fx-cook-near")
    assert "2 miles away" in near.reasons


@pytest.mark.parametrize("radius,expected", [
    (9.0, {"fx-cook-near", "fx-ged-near", "fx-cna", "fx-hybrid-service"}),
    (11.0, {"fx-cook-near", "fx-ged-near", "fx-cna", "fx-hybrid-service", "fx-nails"}),
    (25.0, WITHIN_25),
    (45.0, WITHIN_50),
])
def test_radius(catalog: Session, radius: float, expected: set[str]) -> None:
    assert keys(catalog, Query(zip="30303", max_miles=radius, online_ok=False)) == expected


def test_distance_from_a_city_with_and_without_state(catalog: Session) -> None:
    for query in (Query(city="Chicago", state="IL", online_ok=False),
                  Query(city="chicago", online_ok=False)):
        result = search(catalog, query, today=TODAY)
        assert result.origin_known
        assert [h.program.key for h in result.hits] == ["fx-chicago-cna"]
        assert result.hits[0].distance_miles is not None
        assert result.hits[0].distance_miles < 5


def test_program_placed_from_its_zip_is_found_near_that_zip(catalog: Session) -> None:
    result = search(catalog, Query(zip="77002", online_ok=False), today=TODAY)
    assert [h.program.key for h in result.hits] == ["fx-houston-cook"]
    assert result.hits[0].distance_miles == pytest.approx(0.0, abs=0.1)


def test_online_programs_match_from_anywhere(catalog: Session) -> None:
    result = search(catalog, Query(zip="77002"), today=TODAY, limit=10)
    assert {h.program.key for h in result.hits} == ONLINE | {"fx-houston-cook"}
    online = [h for h in result.hits if h.program.format == "online"]
    assert all(h.distance_miles is None and "online" in h.reasons for h in online)


def test_unknown_place_searches_everywhere_and_says_so(catalog: Session) -> None:
    result = search(catalog, Query(zip="00000"), today=TODAY, limit=50)
    assert not result.origin_known
    assert result.total == 14  # every active program
    assert all(h.distance_miles is None for h in result.hits)


# --- ranking -------------------------------------------------------------------------------


def test_programs_that_teach_what_was_asked_come_first(catalog: Session) -> None:
    result = search(catalog, Query(zip="30303", keywords=("cooking",)), today=TODAY, limit=20)
    order = [h.program.key for h in result.hits]
    assert order[:2] == ["fx-cook-near", "fx-cook-far"]
    assert result.matched == 2 and result.total == 11
    assert all(h.matched for h in result.hits[:2])
    assert "teaches cooking" in result.hits[0].reasons
    for hit in result.hits[2:]:
        assert not hit.matched
        assert reason("other_field") in hit.reasons
    scores = [h.score for h in result.hits[2:]]
    assert scores == sorted(scores, reverse=True)


def test_occupation_codes_onet_soc_and_prefix(catalog: Session) -> None:
    for code in ("31-1131.00", "31-1131", "31-11", "31"):
        result = search(catalog, Query(zip="30303", occupations=(code,), online_ok=False),
                        today=TODAY)
        assert result.hits[0].program.key == "fx-cna", code
        assert "for a job you picked" in result.hits[0].reasons
        assert result.matched == 1


def test_first_occupation_weighs_most(catalog: Session) -> None:
    query = Query(zip="30303", occupations=("39-5092", "31-1131"), online_ok=False)
    assert ordered(catalog, query)[:2] == ["fx-nails", "fx-cna"]
    query = Query(zip="30303", occupations=("31-1131", "39-5092"), online_ok=False)
    assert ordered(catalog, query)[:2] == ["fx-cna", "fx-nails"]


def test_keyword_stems_and_short_words(catalog: Session) -> None:
    assert ordered(catalog, Query(zip="30303", keywords=("nail",)))[0] == "fx-nails"
    assert ordered(catalog, Query(zip="30303", keywords=("nurses",)))[0] == "fx-cna"
    assert ordered(catalog, Query(zip="30303", keywords=("IT",)))[0] == "fx-it-online"


def test_full_order_without_keywords(catalog: Session) -> None:
    # Score = distance (2 at the origin, 0 at the edge; online 1) + cost (1.5 free, 1.5 /
    # (1 + cost/1000)) + stipend 1 + checked in 6 months 1 + survivor 1 + trauma 0.5.
    result = search(catalog, Query(zip="30303"), today=TODAY, limit=20)
    assert [(h.program.key, h.score) for h in result.hits] == [
        ("fx-cook-near", 6.9872),      # 2 mi, free, stipend, fresh, survivor, trauma
        ("fx-ged-near", 4.4712),       # 3 mi, free, fresh
        ("fx-hybrid-service", 4.0452),  # 8 mi, $200, checked 182 days ago: still fresh
        ("fx-cna", 3.6018),            # 5 mi, $1,200, fresh
        ("fx-office-online", 3.5),     # online, free, fresh
        ("fx-nails", 3.4695),          # 10 mi, $900, fresh
        ("fx-twin-a", 3.3636),         # online, $100, fresh; same as twin-b: key order
        ("fx-twin-b", 3.3636),
        ("fx-it-online", 2.6),         # online, $1,500, fresh
        ("fx-esl-online", 2.3),        # online, cost not known, fresh
        ("fx-cook-far", 1.72),         # 20 mi, $500, stale
    ]


def test_ties_are_broken_by_key(catalog: Session) -> None:
    result = search(catalog, Query(online_only=True, keywords=("sewing",)), today=TODAY)
    assert [h.program.key for h in result.hits[:2]] == ["fx-twin-a", "fx-twin-b"]
    assert result.hits[0].score == result.hits[1].score


def test_interests_are_a_weak_signal(catalog: Session) -> None:
    plain = search(catalog, Query(zip="30303", online_ok=False), today=TODAY, limit=20)
    social = search(catalog, Query(zip="30303", online_ok=False, interests=("S",)),
                    today=TODAY, limit=20)
    score = {h.program.key: h.score for h in plain.hits}
    boosted = {h.program.key: h.score for h in social.hits}
    assert boosted["fx-cna"] == pytest.approx(score["fx-cna"] + 0.5)  # 31-: S R
    assert boosted["fx-cook-far"] == score["fx-cook-far"]  # 35-: R E


def test_paging(catalog: Session) -> None:
    full = ordered(catalog, Query(zip="30303", keywords=("cooking",)))
    pages = []
    for offset in range(0, 12, 3):
        result = search(catalog, Query(zip="30303", keywords=("cooking",)), today=TODAY,
                        limit=3, offset=offset)
        pages += [h.program.key for h in result.hits]
        assert result.total == 11
    assert pages == full
    beyond = search(catalog, Query(zip="30303"), today=TODAY, limit=3, offset=30)
    assert beyond.hits == () and beyond.total == 11 and beyond.relax is None


# --- labels and reasons --------------------------------------------------------------------


def test_stale_label(catalog: Session) -> None:
    hits = {h.program.key: h for h in search(catalog, Query(zip="30303", max_miles=25),
                                             today=TODAY, limit=20).hits}
    assert hits["fx-cook-far"].stale  # checked 2026-01-15
    assert not hits["fx-cook-near"].stale
    assert not hits["fx-hybrid-service"].stale  # exactly 182 days
    later = {h.program.key: h for h in search(catalog, Query(zip="30303", max_miles=25),
                                              today=TODAY + dt.timedelta(days=1),
                                              limit=20).hits}
    assert later["fx-hybrid-service"].stale  # 183 days


def test_reasons_are_short_plain_phrases(catalog: Session) -> None:
    query = Query(zip="30303", keywords=("cooking",), max_cost=0, childcare=True,
                  schedule=frozenset({"evening"}), language="es", no_photo_id=True,
                  record_friendly=True)
    hit = search(catalog, query, today=TODAY).hits[0]
    assert hit.program.key == "fx-cook-near"
    assert hit.reasons == (
        "teaches cooking", "2 miles away", "free", "pays you while you train",
        "has childcare", "evening classes", "taught in Spanish", "no photo ID needed",
        "open to people with a record", "made for survivors")


def test_reasons_for_is_pure(catalog: Session) -> None:
    view = get_program(catalog, "fx-office-online")
    assert view is not None
    assert reasons_for(view, Query(), distance_miles=None) == (
        "online", "free", "open to people with a record")


# --- relaxation ----------------------------------------------------------------------------


def test_nothing_matched_names_the_filter_that_removed_the_most(catalog: Session) -> None:
    query = Query(zip="30303", online_ok=False, stipend=True, schedule=frozenset({"weekend"}))
    result = search(catalog, query, today=TODAY)
    assert result.hits == () and result.total == 0
    # Without stipend: cna and nails (weekend, within 25 mi); without schedule: cook-near;
    # distance widened to 75 miles: forklift-far.
    assert result.relax == Relaxation("stipend", "stipend", 2)
    relaxed = search(catalog, dataclasses.replace(query, stipend=False), today=TODAY)
    assert relaxed.total == 2


def test_relaxing_distance_widens_the_circle(catalog: Session) -> None:
    query = Query(zip="30303", online_ok=False, stipend=True, max_cost=0,
                  schedule=frozenset({"weekend"}))
    result = search(catalog, query, today=TODAY)
    assert result.relax == Relaxation("max_miles", "distance", 1)  # ties: distance first
    assert relaxed_max_miles(25) == 75
    wider = dataclasses.replace(query, max_miles=relaxed_max_miles(query.max_miles))
    assert [h.program.key for h in search(catalog, wider, today=TODAY).hits] == [
        "fx-forklift-far"]


def test_relaxing_a_language(catalog: Session) -> None:
    result = search(catalog, Query(zip="30303", language="zu"), today=TODAY)
    assert result.relax == Relaxation("language", "language", 11)


def test_nothing_to_relax(db: Session) -> None:
    result = search(db, Query(zip="30303"), today=TODAY)
    assert result.total == 0 and result.relax is None
    assert search(db, Query(), today=TODAY).relax is None


# --- reading programs ----------------------------------------------------------------------


def test_get_program_and_get_programs(catalog: Session) -> None:
    view = get_program(catalog, "fx-cook-near")
    assert isinstance(view, ProgramView)
    assert view.provider_name == "Fixture Kitchen Collective (fictional)"
    assert view.languages == ("en", "es") and view.occupations == ("35-2014",)
    assert get_program(catalog, "nope") is None
    archived = get_program(catalog, "fx-archived-cook")
    assert archived is not None and archived.status == "archived"
    found = get_programs(catalog, [archived.id, view.id, 999_999, view.id])
    assert [p.key for p in found] == ["fx-cook-near"]
    assert len(get_programs(catalog, [archived.id], include_archived=True)) == 1
    assert get_programs(catalog, []) == []


def test_hits_hold_no_orm_objects(catalog: Session) -> None:
    hit = search(catalog, Query(zip="30303"), today=TODAY).hits[0]
    assert isinstance(hit, Hit) and isinstance(hit.program, ProgramView)
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.program.name = "x"  # type: ignore[misc]


def test_reason_names_the_phrase_asked_once(catalog: Session) -> None:
    query = Query(zip="30303", keywords=("nursing assistant (CNA)",), online_ok=False)
    hit = search(catalog, query, today=TODAY).hits[0]
    assert hit.program.key == "fx-cna"
    assert hit.reasons[0] == "teaches nursing assistant (CNA)"
    assert sum(r.startswith("teaches") for r in hit.reasons) == 1
