"""Ranking occupations against known O*NET interest profiles, skills and constraints."""

from __future__ import annotations

import pytest

from bot.assess import interests
from bot.assess.match import NOT_SUGGESTED, Constraints, Match, rank, reason
from bot.assess.occupations import get

NOTE_DRIVING = reason("note_driving")
NOTE_RECORD = reason("note_record")

SOCIAL_CONVENTIONAL = {"R": 0.0, "I": 0.25, "A": 0.25, "S": 1.0, "E": 0.5, "C": 1.0}
REALISTIC = {"R": 1.0, "I": 0.5, "A": 0.0, "S": 0.0, "E": 0.25, "C": 0.5}


def position(matches: list[Match], code: str) -> int:
    return [m.occupation.code for m in matches].index(code)


def test_social_conventional_ranks_receptionists_and_childcare_above_machinists() -> None:
    matches = rank(SOCIAL_CONVENTIONAL, limit=1000)
    machinists = position(matches, "51-4041.00")
    assert position(matches, "43-4171.00") < machinists
    assert position(matches, "39-9011.00") < machinists
    assert position(matches, "43-4171.00") < 40 and position(matches, "39-9011.00") < 40


def test_realistic_ranks_machinists_and_mechanics_above_receptionists() -> None:
    matches = rank(REALISTIC, limit=1000)
    receptionists = position(matches, "43-4171.00")
    assert position(matches, "51-4041.00") < receptionists
    assert position(matches, "49-3023.00") < receptionists
    assert position(matches, "49-3023.00") < 40


def test_top_results_fit_the_interests() -> None:
    for match in rank(SOCIAL_CONVENTIONAL, limit=5):
        assert "S" in match.occupation.high_point or "C" in match.occupation.high_point
        assert any("helping people" in r or "keeping things in order" in r
                   for r in match.reasons)
    for match in rank(REALISTIC, limit=5):
        assert match.occupation.high_point.startswith("R")


def test_cooking_puts_cooks_at_the_top() -> None:
    matches = rank(None, ["cooking"])
    assert matches[0].occupation.code == "35-2014.00"
    assert all(m.occupation.code.startswith("35-2") for m in matches)
    assert "uses what you know: cooking" in matches[0].reasons
    # With interests that lean away from kitchens, past work still leads.
    assert rank(SOCIAL_CONVENTIONAL, ["cooking"])[0].occupation.code.startswith("35-2")


def test_a_named_job_title_is_boosted() -> None:
    matches = rank(SOCIAL_CONVENTIONAL, extra_occupations=["51-4121.00"])
    assert matches[0].occupation.code == "51-4121.00"
    assert "you did this kind of work before" in matches[0].reasons


def test_job_zone_filter() -> None:
    assert all(m.occupation.job_zone <= 3 for m in rank(REALISTIC, limit=300))
    assert all(m.occupation.job_zone <= 1 for m in rank(REALISTIC, max_zone=1, limit=50))
    assert any(m.occupation.job_zone >= 4 for m in rank(REALISTIC, max_zone=5, limit=300))


def test_no_diploma_caps_at_zone_two_unless_widened() -> None:
    no_diploma = Constraints(education="none")
    capped = rank(SOCIAL_CONVENTIONAL, constraints=no_diploma, limit=300)
    assert capped and all(m.occupation.job_zone <= 2 for m in capped)
    assert all(m.occupation.job_zone <= 2 for m in rank(None, ["health_care"], no_diploma))
    wider = rank(SOCIAL_CONVENTIONAL, constraints=no_diploma, max_zone=4, limit=300)
    assert any(m.occupation.job_zone >= 3 for m in wider)
    assert rank(SOCIAL_CONVENTIONAL, constraints=Constraints(education="hs"), limit=300)[0]


def test_no_transport_drops_driving_jobs() -> None:
    driving = rank(None, ["driving", "delivery"])
    assert driving and all(m.occupation.driving for m in driving)
    assert NOTE_DRIVING in driving[0].notes
    for transport in ("none", "walk"):
        found = rank(REALISTIC, ["driving", "warehouse"], Constraints(transport=transport),
                     limit=100)
        assert found and not any(m.occupation.driving for m in found)
    with_car = rank(None, ["driving"], Constraints(transport="car"))
    assert with_car and NOTE_DRIVING not in with_car[0].notes


def test_background_check_is_a_note_never_a_filter() -> None:
    for record in ("yes", "unsure"):
        matches = rank(None, ["childcare"], Constraints(record=record))
        assert matches[0].occupation.code == "39-9011.00"
        assert NOTE_RECORD in matches[0].notes
    for record in ("no", "prefer_not", None):
        matches = rank(None, ["childcare"], Constraints(record=record))
        assert matches[0].occupation.code == "39-9011.00"
        assert NOTE_RECORD not in matches[0].notes


def test_stopping_after_five_answers_still_gives_results() -> None:
    answers = dict(zip((item.id for item in interests.ITEMS[:5]), (0, 1, 2, 4, 3), strict=True))
    assert interests.enough(answers)
    matches = rank(interests.score(answers))
    assert len(matches) == 5
    assert matches[0].occupation.high_point[0] in "SE"


def test_one_area_or_flat_answers_still_rank() -> None:
    assert rank({"R": 1.0})[0].occupation.high_point.startswith("R")
    flat = rank({area: 0.5 for area in interests.AREAS})
    assert len(flat) == 5


def test_nothing_to_match_on_gives_an_empty_list() -> None:
    assert rank(None) == []
    assert rank({}) == []
    assert rank(None, ["not_a_skill"]) == []
    assert rank(REALISTIC, limit=0) == []


def test_results_are_deterministic_sorted_and_scored_zero_to_one() -> None:
    first = rank(SOCIAL_CONVENTIONAL, ["cleaning"], limit=50)
    again = rank(SOCIAL_CONVENTIONAL, ["cleaning"], limit=50)
    assert [m.occupation.code for m in first] == [m.occupation.code for m in again]
    keys = [(-m.score, m.occupation.code) for m in first]
    assert keys == sorted(keys)
    assert all(0.0 <= m.score <= 1.0 for m in first)


def test_lures_are_not_suggested() -> None:
    artistic = {"R": 0.25, "I": 0.0, "A": 1.0, "S": 0.75, "E": 0.75, "C": 0.0}
    codes = {m.occupation.code for m in rank(artistic, limit=1000)}
    assert not codes & NOT_SUGGESTED


@pytest.mark.parametrize("bad", [{"R": float("nan")}, {"R": "high"}, {"X": 1.0}])
def test_bad_scores_are_ignored(bad: dict) -> None:
    assert rank(bad) == []


def test_notes_and_reasons_are_plain() -> None:
    from bot.readability import grade

    matches = rank(SOCIAL_CONVENTIONAL, ["childcare", "driving"],
                   Constraints(record="yes", education="none"), limit=20)
    texts = {t for m in matches for t in m.reasons + m.notes}
    assert texts
    for text in texts:
        assert grade(text) <= 8, text
    assert get("39-9011.00") is not None
