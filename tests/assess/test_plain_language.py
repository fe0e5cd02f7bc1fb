"""Every text the assessment shows reads at grade 8 or below (aim: 6)."""

from __future__ import annotations

import pytest
import yaml

from bot import catalog
from bot.assess import interests, occupations
from bot.assess.match import reason
from bot.assess.skills import SKILLS
from bot.readability import grade

MAX_GRADE = 8
PLAIN = yaml.safe_load((occupations.CATALOG / "plain.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("item", interests.ITEMS, ids=lambda item: item.id)
def test_interest_items(item: interests.Item) -> None:
    assert grade(item.text + ".") <= MAX_GRADE


@pytest.mark.parametrize("area", interests.AREAS)
def test_area_sentences(area: str) -> None:
    assert grade(interests.describe(area)) <= MAX_GRADE
    words = catalog.table("assess", "interest_words", "en")
    assert grade(reason("interest", area=words[area]) + ".") <= MAX_GRADE


@pytest.mark.parametrize("code", sorted(PLAIN["occupations"]))
def test_plain_occupation_entries(code: str) -> None:
    entry = PLAIN["occupations"][code]
    # Graded as a person reads the card: title, summary and preparation together (a title
    # alone is too short for a reading formula to mean anything).
    text = f"{entry['plain_title']}. {entry['summary']} {entry['prep']}"
    assert grade(text) <= MAX_GRADE, text
    assert grade(f"{entry['summary']} {entry['prep']}") <= MAX_GRADE


@pytest.mark.parametrize("zone", sorted(occupations.ZONE_PREP))
def test_zone_preparation_lines(zone: int) -> None:
    assert grade(occupations.ZONE_PREP[zone]) <= MAX_GRADE


@pytest.mark.parametrize("skill_id", sorted(SKILLS))
def test_skill_labels(skill_id: str) -> None:
    # As shown in a reason: "uses what you know: <label>".
    assert grade(f"uses what you know: {SKILLS[skill_id].label.lower()}.") <= MAX_GRADE


@pytest.mark.parametrize("note", ["note_record", "note_driving", "note_diploma"])
def test_notes(note: str) -> None:
    assert grade(reason(note)) <= MAX_GRADE


def test_button_titles_are_short_common_words() -> None:
    for _points, label in interests.SCALE:
        assert len(label.split()) <= 3
        assert grade(label + ".") <= MAX_GRADE
