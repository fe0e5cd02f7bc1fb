"""The search-request parser: every entity type, look-alikes it must leave alone, Spanish,
typos, emoji, empty and huge input, and offsets that slice to the matched words."""

from __future__ import annotations

import time

import pytest

from bot.programs.request_parse import (
    CHEAP_CEILING,
    ENTITY_TYPES,
    MAX_CHARS,
    Found,
    normalise,
    parse,
    topics,
)


def pairs(text: str) -> set[tuple[str, str]]:
    return {(f.entity, f.value) for f in parse(text)}


def of(text: str, entity: str) -> set[str]:
    return {f.value for f in parse(text) if f.entity == entity}


def test_the_example_request_has_four_entities() -> None:
    assert pairs("free cooking classes near 30303 in the evening") == {
        ("cost", "free"), ("occupation", "cooking"), ("location", "30303"),
        ("schedule", "evening")}
    assert pairs("something online in spanish") == {
        ("program_format", "online"), ("language", "es")}


def test_found_is_a_frozen_dataclass_in_reading_order() -> None:
    found = parse("cna classes in Houston, TX at night")
    assert [f.entity for f in found] == ["occupation", "location", "schedule"]
    with pytest.raises(AttributeError):
        found[0].value = "x"  # type: ignore[misc]
    assert found[0] == Found("occupation", "cna", 0, 3)


@pytest.mark.parametrize("text", [
    "free cooking classes near 30303 in the evening",
    "Clases de COCINA en Los Ángeles, CA por la mañana 🍳",
    "cna in St. Louis under $1,200 fines de semana",
    "  weird   spacing\tnear\n77002 ¿en línea? ",
    "💅💅 nail tech in Houston",
    "İstanbul? no, Houston TX welding",
])
def test_offsets_slice_to_the_matched_words(text: str) -> None:
    for found in parse(text):
        piece = text[found.start:found.end]
        assert piece and piece == piece.strip(), (found, piece)
        assert normalise(found.entity, piece) == found.value or found.entity == "location", found


# --- location ---------------------------------------------------------------------------
@pytest.mark.parametrize("text, value", [
    ("classes near 30303", "30303"),
    ("my zip is 77002-1234", "77002"),
    ("07102 esl", "07102"),
    ("cna in Houston", "Houston"),
    ("cna in houston", "Houston"),
    ("cna houston", "Houston"),                       # a big city needs no place word
    ("welding in Atlanta, GA", "Atlanta, GA"),
    ("welding atlanta georgia", "Atlanta, GA"),
    ("cdl houston tx", "Houston, TX"),
    ("cdl detroit mi", "Detroit, MI"),
    ("barber school in St. Louis", "Saint Louis"),
    ("barber school in st louis", "Saint Louis"),
    ("ft worth hvac", "Fort Worth"),
    ("winston-salem nc cdl", "Winston Salem, NC"),
    ("anything in nyc", "New York"),
    ("training in DC", "Washington, DC"),
    ("classes in the bronx", "Bronx"),
    ("clases en Los Ángeles", "Los Angeles"),
    ("cocina en nueva york", "New York"),
    ("cna classes in smyrna", "Smyrna"),              # small city after a place word
    ("cna classes Smyrna", "Smyrna"),                 # ... or capitalised
    ("nails in Mobile, AL", "Mobile, AL"),            # everyday word with its state
    ("classes near mobile", "Mobile"),                # ... or after "near"
    ("cooking in Reading", "Reading"),                # ... or capitalised after "in"
    ("tiny town Sopchoppy, FL", "Sopchoppy, FL"),     # any city of the data with a state
])
def test_locations(text: str, value: str) -> None:
    assert of(text, "location") == {value}


@pytest.mark.parametrize("text", [
    "reading and writing classes",
    "classes in reading",
    "mobile phlebotomy training",
    "i need a mobile phone",
    "orange juice",
    "spring semester classes",
    "independence is important to me",
    "commerce degree",
    "university classes",
    "enterprise software",
    "classes near me",
    "cerca de mi casa",
    "in georgia",                                     # a state alone is not a location
    "i live in texas",
    "smyrna",                                         # small, lowercase, no place word
    "i want to go to paris",
])
def test_everyday_words_and_states_are_not_locations(text: str) -> None:
    assert of(text, "location") == set()


@pytest.mark.parametrize("text", [
    "i have 3 kids",
    "call me at 404-555-1234",
    "my number is (404) 555-1234",
    "+1 404 555 1234",
    "4045551234",
    "i make 30000 a year",
    "it costs $10000",
    "10000 dollars",
    "case number 30303",
    "apt 30303",
    "99999 is not a zip",
    "in 2025",
    "30303.5",
])
def test_numbers_that_are_not_zip_codes(text: str) -> None:
    assert of(text, "location") == set()


def test_zip_next_to_a_city_and_a_weekday_word() -> None:
    assert pairs("forklift in Memphis TN 38118 weekend") == {
        ("occupation", "warehouse"), ("location", "Memphis, TN"), ("location", "38118"),
        ("schedule", "weekend")}


# --- cost -------------------------------------------------------------------------------
@pytest.mark.parametrize("text, value", [
    ("free cna classes", "free"),
    ("cna gratis", "free"),
    ("clases gratuitas", "free"),
    ("no cost training", "free"),
    ("i cant pay anything", "free"),
    ("is it free?", "free"),
    ("classes that are free", "free"),
    ("tuition-free program", "free"),
    ("under $500", "500"),
    ("less than 500 dollars", "500"),
    ("under 500", "500"),
    ("$1,500 max", "1500"),
    ("no more than 2k", "2000"),
    ("1k or less", "1000"),
    ("$200-$400", "400"),
    ("between 200 and 600", "600"),
    ("menos de 300 dolares", "300"),
    ("my budget is $99.99", "100"),
    ("$0", "free"),
    ("cheap cna", CHEAP_CEILING),
    ("something affordable", CHEAP_CEILING),
    ("un curso barato", CHEAP_CEILING),
    ("cheap, under $300", "300"),                     # a ceiling beats "cheap"
    ("un curso que no cueste", "free"),
])
def test_costs(text: str, value: str) -> None:
    assert of(text, "cost") == {value}


@pytest.mark.parametrize("text", [
    "i'm free on weekends",
    "im free after 5",
    "in my free time",
    "feel free to call",
    "i've been drug free 2 years",
    "it doesn't have to be free",
    "not free is ok",
    "within 10 miles",
    "under 5 minutes away",
    "i have 3 kids",
    "500",
    "jobs that pay $15 an hour",
    "i want to make 40k a year",
    "can i pay 15 per hour",
])
def test_things_that_are_not_a_cost(text: str) -> None:
    assert of(text, "cost") == set()


# --- schedule ---------------------------------------------------------------------------
@pytest.mark.parametrize("text, values", [
    ("evening classes", {"evening"}),
    ("classes at night", {"evening"}),
    ("after work", {"evening"}),
    ("por la noche", {"evening"}),
    ("nights or weekends", {"evening", "weekend"}),
    ("saturdays only", {"weekend"}),
    ("fines de semana", {"weekend"}),
    ("los sábados", {"weekend"}),
    ("mornings", {"daytime"}),
    ("during the day while my kids are at school", {"daytime"}),
    ("por la mañana", {"daytime"}),
    ("part time", {"part_time"}),
    ("part-time", {"part_time"}),
    ("medio tiempo", {"part_time"}),
    ("saturday mornings part time", {"weekend", "daytime", "part_time"}),
    ("i work nights so i need day classes", {"daytime"}),
    ("i work 9-5 so sundays only", {"weekend"}),
])
def test_schedules(text: str, values: set[str]) -> None:
    assert of(text, "schedule") == values


@pytest.mark.parametrize("text", [
    "good morning", "buenas noches", "good night", "last night i was scared",
    "i work full time", "3 days a week", "this morning i called", "tonight",
    "after 5 years inside",
])
def test_greetings_and_other_times_are_not_schedules(text: str) -> None:
    assert of(text, "schedule") == set()


# --- language ---------------------------------------------------------------------------
@pytest.mark.parametrize("text, code", [
    ("in spanish", "es"), ("en español", "es"), ("espanol", "es"), ("Spanish please", "es"),
    ("in english", "en"), ("i only speak english", "en"), ("english speaking", "en"),
    ("french", "fr"), ("haitian creole", "ht"), ("kreyòl", "ht"), ("creole", "ht"),
    ("vietnamese", "vi"), ("mandarin", "zh"), ("arabic", "ar"), ("russian", "ru"),
    ("portuguese", "pt"), ("korean", "ko"), ("tagalog", "tl"), ("amharic", "am"),
    ("somali", "so"), ("in Polish", "pl"),
])
def test_languages(text: str, code: str) -> None:
    assert of(text, "language") == {code}


@pytest.mark.parametrize("text, topic", [
    ("english classes", "esl"), ("learn english", "esl"), ("clases de inglés", "esl"),
    ("english", "esl"), ("esl at night", "esl"),
])
def test_english_as_a_subject_is_the_esl_topic(text: str, topic: str) -> None:
    assert of(text, "language") == set()
    assert of(text, "occupation") == {topic}


@pytest.mark.parametrize("text", [
    "nail polish", "french tips", "french fries", "chinese food", "explain in plain english",
    "i don't speak english well",
])
def test_language_look_alikes(text: str) -> None:
    assert of(text, "language") == set()


# --- occupation -------------------------------------------------------------------------
@pytest.mark.parametrize("text, key", [
    ("cooking", "cooking"), ("culinary school", "cooking"), ("clases de cocina", "cooking"),
    ("cna", "cna"), ("C.N.A. classes", "cna"), ("nurse aide", "cna"),
    ("phlebotomy", "phlebotomy"), ("flebotomia", "phlebotomy"),
    ("pharmacy tech", "pharmacy_tech"), ("home health aide", "home_health"),
    ("childcare classes", "childcare"), ("cosmetology", "cosmetology"), ("uñas", "nails"),
    ("barber", "barber"), ("office admin", "office_admin"), ("call center", "customer_service"),
    ("cashier", "retail"), ("forklift", "warehouse"), ("cdl", "truck_driving"),
    ("help desk", "it_support"), ("IT certification", "it_support"), ("coding", "coding"),
    ("sewing", "sewing"), ("construction", "construction"), ("electrician", "electrician"),
    ("plumbing", "plumbing"), ("welding", "welding"), ("hvac", "hvac"),
    ("auto mechanic", "auto_mechanic"), ("janitorial", "cleaning"), ("hotel jobs", "hospitality"),
    ("security guard", "security_guard"), ("esl", "esl"), ("ged", "ged"),
    ("digital skills", "digital_skills"), ("bookkeeping", "bookkeeping"),
    ("interpreter", "interpreter"), ("dental assistant", "dental_assistant"),
    ("landscaping", "landscaping"), ("small business", "entrepreneurship"),
    ("real estate", "real_estate"), ("💅", "nails"), ("🍳 class", "cooking"),
])
def test_topics(text: str, key: str) -> None:
    assert of(text, "occupation") == {key}


@pytest.mark.parametrize("text, key", [
    ("phlebotmy", "phlebotomy"), ("coking class", "cooking"), ("cosmotology", "cosmetology"),
    ("welsing", "welding"), ("forklft", "warehouse"), ("electrcian", "electrician"),
    ("medical assisant", "medical_assistant"), ("customer servce", "customer_service"),
    ("plumbng", "plumbing"),
])
def test_typos(text: str, key: str) -> None:
    assert of(text, "occupation") == {key}


@pytest.mark.parametrize("text", [
    "i am looking for something", "coming soon", "clearing my record", "a wedding",
    "i was seeing someone", "police officer", "tracking my phone", "programas", "programms",
    "making money", "i need childcare for my kids", "i live in a hotel", "are you a computer",
    "zip code", "social security", "my case manager", "where is the office",
])
def test_words_that_are_not_topics(text: str) -> None:
    assert of(text, "occupation") == set()


def test_several_topics_and_one_pair_each() -> None:
    found = parse("cna or phlebotomy or cna again")
    assert [(f.entity, f.value) for f in found] == [
        ("occupation", "cna"), ("occupation", "phlebotomy")]


# --- program format ---------------------------------------------------------------------
@pytest.mark.parametrize("text, value", [
    ("online", "online"), ("virtual class", "online"), ("from home", "online"),
    ("en línea", "online"), ("classes i can do at home", "online"), ("on zoom", "online"),
    ("in person", "in_person"), ("in-person", "in_person"), ("on site", "in_person"),
    ("presencial", "in_person"), ("en persona", "in_person"), ("not online", "in_person"),
])
def test_formats(text: str, value: str) -> None:
    assert of(text, "program_format") == {value}


@pytest.mark.parametrize("text", [
    "virtual assistant", "remote control", "home health aide", "doesn't have to be online",
    "i'm in class right now",
])
def test_format_look_alikes(text: str) -> None:
    assert of(text, "program_format") == set()


# --- Spanish and Spanglish ----------------------------------------------------------------
def test_spanish_request() -> None:
    assert pairs("busco clases de costura gratis los sábados en Miami") == {
        ("occupation", "sewing"), ("cost", "free"), ("schedule", "weekend"),
        ("location", "Miami")}


def test_spanglish_request() -> None:
    assert pairs("quiero cna classes near 77002 en la noche, online") == {
        ("occupation", "cna"), ("location", "77002"), ("schedule", "evening"),
        ("program_format", "online")}


# --- odd input --------------------------------------------------------------------------
@pytest.mark.parametrize("text", [None, "", "   ", "🙂🙂🙂", "?!", "\n\n", "\x00"])
def test_empty_and_symbol_only_input(text: str | None) -> None:
    assert parse(text) == []  # type: ignore[arg-type]


def test_ten_kilobytes_are_read_up_to_the_cap_quickly() -> None:
    text = ("free cna classes near 30303 at night in spanish online. " * 200)[:10_240]
    parse("warm up")
    started = time.perf_counter()
    found = parse(text)
    assert time.perf_counter() - started < 2.0
    assert all(f.end <= MAX_CHARS for f in found)
    assert {f.entity for f in found} == set(ENTITY_TYPES)
    tail_only = "x" * (MAX_CHARS + 10) + " welding near 30303"
    assert parse(tail_only) == []


def test_parse_is_deterministic() -> None:
    text = "cheap cna or phlebotmy classes near Houston, TX saturdays in spanish online"
    assert parse(text) == parse(text)


# --- normalise ----------------------------------------------------------------------------
@pytest.mark.parametrize("entity, text, value", [
    ("location", "atlanta", "Atlanta"), ("location", "Atlanta, GA", "Atlanta, GA"),
    ("location", "houston tx", "Houston, TX"), ("location", "30303", "30303"),
    ("location", "New York", "New York"), ("location", "Mobile", "Mobile"),
    ("location", "mobile", None), ("location", "georgia", None), ("location", "99999", None),
    ("location", "blorp", None),
    ("cost", "free", "free"), ("cost", "gratis", "free"), ("cost", "$500", "500"),
    ("cost", "500", "500"), ("cost", "cheap", CHEAP_CEILING), ("cost", "lots", None),
    ("schedule", "weekend", "weekend"), ("schedule", "nights", "evening"),
    ("schedule", "part time", "part_time"), ("schedule", "soon", None),
    ("language", "es", "es"), ("language", "spanish", "es"), ("language", "Español", "es"),
    ("language", "klingon", None),
    ("occupation", "cooking", "cooking"), ("occupation", "culinary", "cooking"),
    ("occupation", "cna classes", "cna"), ("occupation", "phlebotmy", "phlebotomy"),
    ("occupation", "nothing", None),
    ("program_format", "online", "online"), ("program_format", "in person", "in_person"),
    ("program_format", "virtual", "online"), ("program_format", "maybe", None),
    ("unknown_type", "x", None), ("location", None, None), ("location", "", None),
])
def test_normalise(entity: str, text: str | None, value: str | None) -> None:
    assert normalise(entity, text) == value


def test_topics_are_read_once_and_have_the_fields() -> None:
    first = topics()
    assert first is topics()
    assert len(first) >= 30
    cooking = first["cooking"]
    assert (cooking.key, cooking.label) == ("cooking", "cooking")
    assert "culinary" in cooking.phrases and "35-20" in cooking.occupations
