"""Program-search actions against the sample catalog in a temporary database."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.programs import (
    ActionMorePrograms,
    ActionProgramDetails,
    ActionRelaxSearch,
    ActionRemoveProgram,
    ActionSavedPrograms,
    ActionSaveProgram,
    ActionSearchPrograms,
    ActionShareProgram,
)
from bot.config import Settings
from bot.db.runtime import run_in_session
from bot.programs.seed import load_sample
from tests.actions import support
from tests.actions.support import run

SENDER = "b" * 64


@pytest.fixture()
def catalog(settings: Settings) -> Settings:
    run_in_session(load_sample, settings.database_url)
    return settings


def tracker(text: str, intent: str, slots: dict[str, Any] | None = None,
            entities: list[dict[str, Any]] | None = None) -> Tracker:
    return support.tracker(SENDER, text, intent, slots, entities)


def payload_ids(message: dict, prefix: str) -> list[int]:
    return [int(b["payload"].split('"program_id":"')[1].split('"')[0])
            for b in message["buttons"] if b["payload"].startswith(prefix)]


async def test_search_asks_where_first_then_pages(catalog: Settings) -> None:
    slots, sent = await run(ActionSearchPrograms(), tracker(
        "cooking classes", "search_programs", {}, [{"entity": "occupation", "value": "cooking"}]))
    assert "Where should I look?" in sent[0]["text"]
    slots, sent = await run(ActionSearchPrograms(), tracker(
        "30303", "search_programs", slots, [{"entity": "location", "value": "30303"}]))
    text = sent[0]["text"]
    assert "Culinary" in text.split("\n\n")[1] and "SAMPLE" in text
    # A typed topic: "teaches cooking", and the few that teach it are said to come first.
    assert "teaches cooking" in text and "for a job you picked" not in text
    assert "The first one teaches what you asked for" in text
    assert slots["search_query"]["keywords"] == ["cooking"]
    more_slots, sent = await run(ActionMorePrograms(), tracker("more", "more_results", slots))
    assert more_slots["search_offset"] == 3 and ("4 to" in sent[0]["text"]
                                                 or "That's all" in sent[0]["text"])


async def test_nothing_matched_offers_to_drop_the_filter_that_removed_most(
        catalog: Settings) -> None:
    slots, sent = await run(ActionSearchPrograms(), tracker(
        "welding in vietnamese on weekends near 30303", "search_programs", {},
        [{"entity": "location", "value": "30303"}, {"entity": "language", "value": "vi"},
         {"entity": "schedule", "value": "weekend"}]))
    assert "did not find" in sent[0]["text"] and "Should I?" in sent[0]["text"]
    assert slots["search_relax"]
    slots2, sent = await run(ActionRelaxSearch(), tracker("yes widen it", "relax_search", slots))
    assert "I found" in sent[0]["text"]


async def test_details_save_share_list_remove(catalog: Settings) -> None:
    slots, sent = await run(ActionSearchPrograms(), tracker(
        "online", "search_programs", {}, [{"entity": "program_format", "value": "online"}]))
    first = payload_ids(sent[0], "/program_details")[0]
    chosen = [{"entity": "program_id", "value": str(first)}]
    _, sent = await run(ActionProgramDetails(), tracker("/program_details", "program_details",
                                                        slots, chosen))
    assert "How to join" in sent[0]["text"] and "Online" in sent[0]["text"]
    _, sent = await run(ActionSaveProgram(), tracker("/save_program", "save_program", {}, chosen))
    assert sent[0]["text"].startswith("Saved")
    _, sent = await run(ActionSaveProgram(), tracker("/save_program", "save_program", {}, chosen))
    assert "already" in sent[0]["text"]
    _, sent = await run(ActionShareProgram(), tracker("/share_program", "share_program", {},
                                                      chosen))
    assert "counselor" in sent[0]["text"]
    _, sent = await run(ActionSavedPrograms(), tracker("my list", "saved_programs"))
    assert payload_ids(sent[0], "/remove_program") == [first]
    _, sent = await run(ActionRemoveProgram(), tracker("/remove_program", "remove_program", {},
                                                       chosen))
    _, sent = await run(ActionSavedPrograms(), tracker("my list", "saved_programs"))
    assert "no saved programs" in sent[0]["text"]


async def test_unknown_or_forged_program_ids_get_a_kind_reply(catalog: Settings) -> None:
    for value in ("999999", "abc"):
        _, sent = await run(ActionProgramDetails(), tracker(
            "/program_details", "program_details", {}, [{"entity": "program_id",
                                                         "value": value}]))
        assert "no longer listed" in sent[0]["text"] or "Which program" in sent[0]["text"]
    _, sent = await run(ActionMorePrograms(), tracker("more", "more_results"))
    assert sent[0]["response"] == "utter_programs_what"


async def test_profile_needs_become_filters(catalog: Settings) -> None:
    from bot.assess.profile import save_profile

    profile = {"scores": {"S": 0.9}, "skills": [], "titles": [],
               "constraints": {"childcare": "need", "record": "yes"}, "max_zone": 3}
    run_in_session(lambda s: save_profile(s, SENDER, profile, catalog.data_key_file),
                   catalog.database_url)
    slots, sent = await run(ActionSearchPrograms(), tracker(
        "training near 30303", "search_programs", {}, [{"entity": "location", "value": "30303"}]))
    assert slots["search_query"]["childcare"] is True
    assert slots["search_query"]["record_friendly"] is True


async def test_typed_next_under_a_page_of_programs_shows_the_next_page(
        catalog: Settings) -> None:
    from actions.core import ActionResume

    slots, sent = await run(ActionSearchPrograms(), tracker(
        "online", "search_programs", {}, [{"entity": "program_format", "value": "online"}]))
    page = {"event": "bot", "text": sent[0]["text"], "data": {"buttons": sent[0]["buttons"]}}
    message = {"text": "next", "intent": {"name": "continue"}, "entities": []}
    user = {"event": "user", "text": "next", "parse_data": message}
    track = Tracker(SENDER, slots, message, [page, user], False, None, {}, "action_listen")
    more, sent = await run(ActionResume(), track)
    assert more["search_offset"] == 3
    # The "Go on where I was" button still repeats the last message.
    button = {**message, "text": "/continue"}
    track = Tracker(SENDER, slots, button, [page, {**user, "text": "/continue"}], False, None,
                    {}, "action_listen")
    _, sent = await run(ActionResume(), track)
    assert sent[0]["text"] == page["text"]


def _misses(settings: Settings) -> list[tuple[str, str, int]]:
    from bot.programs.misses import top_misses

    return run_in_session(lambda s: top_misses(s, days=2), settings.database_url)


async def test_a_search_that_finds_nothing_is_counted_once_without_the_person(
        catalog: Settings) -> None:
    asked = [{"entity": "occupation", "value": "welding"},
             {"entity": "location", "value": "30303"}, {"entity": "language", "value": "vi"},
             {"entity": "schedule", "value": "weekend"}]
    slots, sent = await run(ActionSearchPrograms(), tracker(
        "welding in vietnamese on weekends near 30303", "search_programs", {}, asked))
    assert "did not find" in sent[0]["text"] and slots["search_relax"]
    # The topic label and the ZIP's city: no ZIP, no words typed, no person.
    assert _misses(catalog) == [("welding", "Atlanta, GA", 1)]
    # Widening the same search is not a new request: still one.
    slots, sent = await run(ActionRelaxSearch(), tracker("yes widen it", "relax_search", slots))
    assert "I found" in sent[0]["text"]
    assert _misses(catalog) == [("welding", "Atlanta, GA", 1)]


async def test_a_search_asked_in_two_steps_is_counted_when_it_runs(catalog: Settings) -> None:
    slots, sent = await run(ActionSearchPrograms(), tracker(
        "welding in vietnamese", "search_programs", {},
        [{"entity": "occupation", "value": "welding"}, {"entity": "language", "value": "vi"}]))
    assert "Where should I look?" in sent[0]["text"]
    assert _misses(catalog) == []
    slots, sent = await run(ActionSearchPrograms(), tracker(
        "houston", "search_programs", slots, [{"entity": "location", "value": "Houston"}]))
    assert "did not find" in sent[0]["text"]
    assert _misses(catalog) == [("welding", "Houston, TX", 1)]


async def test_a_search_that_finds_programs_is_not_counted(catalog: Settings) -> None:
    slots, sent = await run(ActionSearchPrograms(), tracker(
        "cooking near 30303", "search_programs", {},
        [{"entity": "occupation", "value": "cooking"}, {"entity": "location", "value": "30303"}]))
    assert "I found" in sent[0]["text"]
    slots, sent = await run(ActionMorePrograms(), tracker("more", "more_results", slots))
    slots, sent = await run(ActionMorePrograms(), tracker("more", "more_results", slots))
    assert _misses(catalog) == []


async def test_counting_that_fails_never_breaks_the_reply(
        catalog: Settings, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    from bot.programs import misses

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database is locked near 30303 welding")

    monkeypatch.setattr(misses, "record_miss", broken)
    slots, sent = await run(ActionSearchPrograms(), tracker(
        "welding in vietnamese near 30303", "search_programs", {},
        [{"entity": "occupation", "value": "welding"}, {"entity": "location", "value": "30303"},
         {"entity": "language", "value": "vi"}, {"entity": "schedule", "value": "weekend"}]))
    assert "did not find" in sent[0]["text"] and slots["search_relax"]
    assert _misses(catalog) == []
    warnings = [r.getMessage() for r in caplog.records if r.name == "actions.programs"]
    assert warnings == ["could not count a search that found nothing (RuntimeError)"]
