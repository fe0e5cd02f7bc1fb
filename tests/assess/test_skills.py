"""Skills and job titles from free text: English, Spanish, typos, negation, odd input."""

from __future__ import annotations

import time

import pytest

from bot.assess import occupations
from bot.assess.skills import SKILLS, Extraction, canonical, extract, normalize, occupations_for


def skills_of(text: str) -> tuple[str, ...]:
    return extract(text).skills


def test_the_vocabulary_is_rich_and_points_to_real_occupations() -> None:
    assert len(SKILLS) >= 35
    table = occupations.load()
    for skill in SKILLS.values():
        assert skill.label and skill.occupations, skill.id
        assert all(code in table for code in skill.occupations), skill.id


def test_the_example_from_the_brief() -> None:
    found = extract("I cooked for 20 people every day and did the money at a nail salon")
    assert found.skills == ("cooking", "cash_handling", "nails")


@pytest.mark.parametrize(("text", "expected"), [
    ("i babysat my cousins every summer", ("childcare",)),
    ("took care of kids and cleaned houses", ("childcare", "cleaning")),
    ("I handled cash and worked the register", ("cash_handling",)),
    ("i did hair, mostly braiding", ("hair",)),
    ("drove for uber", ("driving",)),
    ("sold clothes at the swap meet", ("sales",)),
    ("translated for my parents at the doctor", ("translation",)),
    ("i can sew", ("sewing",)),
    ("washed dishes at a restaurant", ("dishwashing",)),  # the workplace adds nothing
    ("worked at a restaurant", ("food_serving",)),
])
def test_english_phrasings(text: str, expected: tuple[str, ...]) -> None:
    assert skills_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("cociné para mi familia", ("cooking",)),
    ("cocinaba y limpiaba casas", ("cooking", "cleaning")),
    ("cuidaba niños y hacía uñas", ("childcare", "nails")),
    ("trabajé en la caja de una tienda", ("cash_handling",)),
    ("vendía comida en la calle", ("sales",)),
    ("costura y limpieza", ("sewing", "cleaning")),
    ("trabaje en una fabrica y luego de cajera", ("factory", "cash_handling")),
])
def test_spanish_and_spanglish(text: str, expected: tuple[str, ...]) -> None:
    assert skills_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("i was a casher at walmart", "cash_handling"),
    ("babysiting my nieces", "childcare"),
    ("worked at a resturant", "food_serving"),
    ("warehose job", "warehouse"),
    ("costumer service", "customer_service"),
    ("cleanin offices", "cleaning"),
    ("I WAS A WAITRESSS!!!", "food_serving"),
])
def test_common_misspellings(text: str, expected: str) -> None:
    assert expected in skills_of(text)


@pytest.mark.parametrize("text", [
    "I never cooked",
    "i have never really cooked",
    "I don't know how to cook",
    "i dont know how to cook",
    "no sé cocinar",
    "nunca cociné",
    "i didn't do hair",
    "no experience cooking",
    "I want to learn to do nails",
    "quiero aprender a cocinar",
    "she cooked for us",
])
def test_negated_wished_or_someone_elses_work_is_not_a_skill(text: str) -> None:
    assert skills_of(text) == ()


def test_negation_stops_at_the_end_of_its_clause() -> None:
    assert skills_of("no sé cocinar pero sé limpiar") == ("cleaning",)
    assert skills_of("I never had a job, but I babysat a lot") == ("childcare",)
    assert skills_of("no i cooked every day") == ("cooking",)


@pytest.mark.parametrize("text", [
    "I cleared my record", "im clean now", "i lost my social security card",
    "he drove me to other cities", "i was sold", "they sold me", "he took pictures of me",
    "my teacher helped me", "i was arrested", "I was in the hospital for a week",
    "i was based in houston", "i was a dancer", "I worked at a spa",
])
def test_words_that_only_look_like_work_give_nothing(text: str) -> None:
    assert extract(text) == Extraction(skills=(), occupations=())


def test_job_titles_map_to_occupations() -> None:
    assert "35-2014.00" in extract("I was a line cook").occupations
    assert "35-9021.00" in extract("worked as a dishwasher").occupations
    assert "41-2011.00" in extract("cashier at a gas station").occupations
    assert "31-1131.00" in extract("i'm a CNA").occupations
    assert extract("I was never a cashier").occupations == ()


def test_skills_and_titles_are_unique_and_in_text_order() -> None:
    found = extract("cleaned, cooked, cleaned again, then cashier, then line cook, cashier")
    assert found.skills == ("cleaning", "cooking", "cash_handling")
    assert len(found.occupations) == len(set(found.occupations))
    assert found.occupations.index("41-2011.00") < found.occupations.index("35-2014.00")


@pytest.mark.parametrize("text", ["", "   ", None, "😀🙏🏽💅", "...!!!", "12345", "\x00\n\t"])
def test_empty_or_odd_input_gives_nothing(text: str | None) -> None:
    assert extract(text) == Extraction(skills=(), occupations=())


def test_emoji_around_words_do_not_matter() -> None:
    assert skills_of("💅 i did nails 💅 and 💇‍♀️ braids") == ("nails", "hair")


def test_a_huge_text_is_capped_and_fast() -> None:
    extract("warm up")
    text = "i cooked and cleaned " + "blah " * 2500  # about 12 kB
    started = time.perf_counter()
    found = extract(text)
    assert time.perf_counter() - started < 0.5
    assert found.skills == ("cooking", "cleaning")
    late = "blah " * 2000 + "i did nails"  # the skill is past the cap
    assert extract(late).skills == ()


def test_extraction_is_fast_after_the_first_call() -> None:
    extract("warm up")
    started = time.perf_counter()
    for _ in range(50):
        extract("i cooked for 20 people and did the money at a nail salon, also babysat")
    assert (time.perf_counter() - started) / 50 < 0.02


def test_message_words_do_not_enter_the_vocabulary() -> None:
    from bot.assess import skills as module

    extract("warm up")
    strings = module._load()["strings"]
    before = len(strings)
    extract("zqxjkv plorbing wubbalubba cooked")
    assert len(strings) == before
    assert "zqxjkv" not in strings


def test_occupations_for_skills() -> None:
    codes = occupations_for(["cooking", "unknown", "cooking", "cash_handling"])
    assert codes[0] == "35-2014.00"
    assert "41-2011.00" in codes
    assert len(codes) == len(set(codes))
    assert occupations_for([]) == []


def test_normalize_and_canonical() -> None:
    assert normalize("I didn't COOK, ¡no!") == "i did not cook . no ."
    assert normalize("Cociné con mis niños") == "cocine con mis niños"
    assert canonical("kids") == "kid"
    assert canonical("babies") == "baby"
    assert canonical("dishes") == "dish"
    assert canonical("was") == "was"
