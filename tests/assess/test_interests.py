"""Interest questions: 30 plain items taking turns by area, and their scoring."""

from __future__ import annotations

import pytest

from bot.assess import interests
from bot.assess.interests import AREA_NAMES, AREAS, ITEMS, SCALE, describe, enough, score, top_areas


def test_thirty_unique_items_five_per_area() -> None:
    assert len(ITEMS) == 30
    assert len({item.id for item in ITEMS}) == 30
    assert len({item.text.lower() for item in ITEMS}) == 30
    for area in AREAS:
        ids = [item.id for item in ITEMS if item.area == area]
        assert ids == [f"{area.lower()}{n}" for n in range(1, 6)]


def test_items_take_turns_by_area_so_an_early_stop_stays_balanced() -> None:
    assert [item.area for item in ITEMS] == list(AREAS) * 5
    for stop in range(1, len(ITEMS) + 1):
        counts = [sum(1 for item in ITEMS[:stop] if item.area == area) for area in AREAS]
        assert max(counts) - min(counts) <= 1


def test_items_avoid_triggering_settings() -> None:
    words = ("police", "hotel", "club", "night", "drive", "stranger", "arrest", "body")
    for item in ITEMS:
        assert not any(word in item.text.lower() for word in words), item.text


def test_scale_has_five_points_scored_zero_to_four() -> None:
    assert sorted(points for points, _label in SCALE) == [0, 1, 2, 3, 4]
    assert all(0 < len(label) <= 12 for _points, label in SCALE)


def test_score_is_the_mean_scaled_to_zero_one_per_answered_area() -> None:
    assert score({"r1": 4, "r2": 2, "s1": 0}) == {"R": 0.75, "S": 0.0}
    full = score({item.id: 4 for item in ITEMS})
    assert full == {area: 1.0 for area in AREAS}
    assert score({item.id: 0 for item in ITEMS}) == {area: 0.0 for area in AREAS}


def test_score_of_no_answers_is_empty() -> None:
    assert score({}) == {}


@pytest.mark.parametrize("bad", [
    {"x9": 4}, {"r1": 5}, {"r1": -1}, {"r1": "4"}, {"r1": None}, {"r1": True}, {"r1": 2.5},
])
def test_unknown_items_and_values_off_the_scale_are_ignored(bad: dict) -> None:
    assert score(bad) == {}
    assert score({**bad, "c1": 3}) == {"C": 0.75}


def test_top_areas_are_liked_areas_best_first_ties_in_riasec_order() -> None:
    scores = {"R": 0.75, "I": 0.25, "A": 1.0, "S": 0.75, "E": 0.5, "C": 0.9}
    assert top_areas(scores) == ["A", "C", "R"]
    assert top_areas(scores, n=5) == ["A", "C", "R", "S"]  # E at 0.5 is not "liked"
    assert top_areas(scores, n=1) == ["A"]
    assert top_areas({"S": 0.75, "R": 0.75}) == ["R", "S"]


def test_top_areas_without_a_liked_area_gives_the_best_one_or_two() -> None:
    assert top_areas({"R": 0.25, "I": 0.0, "A": 0.5}) == ["A"]  # R is 0.25 behind
    assert top_areas({"R": 0.0, "I": 0.5}) == ["I"]
    assert top_areas({"R": 0.4, "I": 0.5}) == ["I", "R"]
    assert top_areas({}) == []
    assert top_areas({"R": 1.0}, n=0) == []


def test_every_area_has_a_name_and_a_plain_sentence() -> None:
    assert set(AREA_NAMES) == set(AREAS)
    for area in AREAS:
        sentence = describe(area)
        assert sentence.startswith("You ") and sentence.endswith(".")
    assert AREA_NAMES["S"] == "Helping"


def test_enough_after_five_valid_answers() -> None:
    answers = {item.id: 2 for item in ITEMS[:4]}
    assert not enough(answers)
    assert not enough({**answers, "zz": 3})
    assert enough({**answers, ITEMS[4].id: 0})


def test_next_item_skips_answered_and_skipped_ones() -> None:
    assert interests.next_item({}) == ITEMS[0]
    assert interests.next_item({"r1": 3, "i1": None}) == ITEMS[2]
    assert interests.next_item({item.id: 1 for item in ITEMS}) is None
