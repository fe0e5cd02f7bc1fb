"""Record-relief actions with trackers built in the test and a collecting dispatcher."""

from __future__ import annotations

from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.relief import (
    ActionFallback,
    ActionGlossary,
    ActionReliefExplainWhy,
    ActionReliefNext,
    ActionReliefStart,
    ActionReliefStop,
)
from bot.config import ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())


def tracker(text: str, intent: str, slots: dict[str, Any] | None = None,
            entities: list[dict[str, Any]] | None = None) -> Tracker:
    message = {"text": text, "intent": {"name": intent}, "entities": entities or []}
    return Tracker("s", slots or {}, message, [], False, None, {}, "action_listen")


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def run(action: Any, track: Tracker) -> tuple[list[dict[str, Any]], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, track, DOMAIN)
    return events, dispatcher.messages


async def test_start_clears_old_answers_and_asks_where() -> None:
    events, sent = await run(ActionReliefStart(), tracker("/choose_record", "choose_record",
                                                          {"relief_answers": {"record": "arrest"}}))
    assert [m["response"] for m in sent] == ["utter_relief_intro",
                                             "utter_ask_relief_jurisdiction"]
    slots = slot_events(events)
    assert slots["relief_answers"] is None and slots["relief_step"] == "jurisdiction"


async def test_whole_screener_ends_with_cited_information_and_legal_help() -> None:
    slots: dict[str, Any] = {"relief_step": "jurisdiction"}
    answers = [("georgia", "inform", []),
               ("/inform", "inform", [{"entity": "relief_record", "value": "conviction"}]),
               ("/inform", "inform", [{"entity": "relief_offense", "value": "prostitution"}]),
               ("yes", "inform", []), ("no", "inform", []), ("skip", "skip", [])]
    sent: list[dict] = []
    for text, intent, entities in answers:
        events, sent = await run(ActionReliefNext(), tracker(text, intent, slots, entities))
        slots.update(slot_events(events))
    given = slots["relief_answers"]
    assert given["jurisdiction"] == "ga" and given["sentence_done"] == "skipped"
    assert slots["relief_step"] is None
    texts = [m["text"] for m in sent]
    assert any("17-10-21" in t for t in texts)
    assert "not legal advice" in texts[-1].lower() and sent[-1]["buttons"]
    assert not any("eligible" in t.lower() for t in texts)


async def test_unclear_place_is_asked_again() -> None:
    events, sent = await run(ActionReliefNext(), tracker(
        "somewhere", "inform", {"relief_step": "jurisdiction"}))
    assert events == []
    assert [m["response"] for m in sent] == ["utter_relief_unknown_place",
                                             "utter_ask_relief_jurisdiction"]


async def test_why_then_the_same_question_and_stop_forgets() -> None:
    _, sent = await run(ActionReliefExplainWhy(), tracker("why", "explain_why",
                                                          {"relief_step": "offense"}))
    assert [m["response"] for m in sent] == ["utter_explain_relief_offense",
                                             "utter_ask_relief_offense"]
    events, sent = await run(ActionReliefStop(), tracker("stop", "stop", {
        "relief_step": "offense", "relief_answers": {"jurisdiction": "ga"}}))
    assert sent[0]["response"] == "utter_relief_stopped"
    assert slot_events(events)["relief_answers"] is None


async def test_direct_question_about_a_state_and_an_unknown_one() -> None:
    _, sent = await run(ActionReliefStart(), tracker(
        "can i clear my record in texas", "choose_record",
        entities=[{"entity": "jurisdiction", "value": "texas"}]))
    texts = " ".join(m["text"] for m in sent)
    assert "Texas" in texts and "nondisclosure" in texts.lower()
    _, sent = await run(ActionReliefStart(), tracker("clear my record", "choose_record"))
    assert sent[0]["response"] == "utter_relief_intro"
    # A place named while the place question is open is the answer to it.
    events, _ = await run(ActionReliefStart(), tracker(
        "clear my record in ohio", "choose_record", {"relief_step": "jurisdiction"},
        [{"entity": "jurisdiction", "value": "ohio"}]))
    assert slot_events(events)["relief_answers"]["jurisdiction"] == "oh"


def place(value: str, role: str | None = None) -> dict[str, Any]:
    entity = {"entity": "jurisdiction", "value": value}
    return {**entity, "role": role} if role else entity


async def test_two_places_the_case_place_decides_not_the_home() -> None:
    # "i was arrested in ohio but i live in texas now": the home comes first in the
    # entities on purpose; Ohio's law is the one shown, with no note about the home.
    events, sent = await run(ActionReliefStart(), tracker(
        "i was arrested in ohio but i live in texas now", "choose_record",
        entities=[place("texas", "home"), place("ohio", "case")]))
    assert slot_events(events)["relief_shown"] == "oh"
    texts = " ".join(m.get("text") or "" for m in sent)
    assert "Ohio" in texts and "nondisclosure" not in texts.lower()
    assert "utter_relief_case_place_note" not in [m.get("response") for m in sent]
    # The same in the screener's place question: the case place is the answer.
    events, sent = await run(ActionReliefNext(), tracker(
        "vivo en texas pero me arrestaron en california", "inform",
        {"relief_step": "jurisdiction"}, [place("texas", "home"), place("california", "case")]))
    assert slot_events(events)["relief_answers"]["jurisdiction"] == "ca"
    assert [m.get("response") for m in sent] == ["utter_ask_relief_record"]


async def test_only_where_the_person_lives_keeps_it_and_says_the_case_place_counts() -> None:
    events, sent = await run(ActionReliefStart(), tracker(
        "i live in texas now, can my record be cleared", "choose_record",
        entities=[place("texas", "home")]))
    assert slot_events(events)["relief_shown"] == "tx"  # as before: that state's summary
    assert sent[0]["response"] == "utter_relief_case_place_note"
    assert "Texas" in " ".join(m.get("text") or "" for m in sent[1:])
    events, sent = await run(ActionReliefNext(), tracker(
        "i live in georgia", "inform", {"relief_step": "jurisdiction"}, [place("georgia", "home")]))
    assert slot_events(events)["relief_answers"]["jurisdiction"] == "ga"
    assert [m.get("response") for m in sent] == ["utter_relief_case_place_note",
                                                 "utter_ask_relief_record"]


async def test_a_place_without_a_role_wins_over_the_home_and_gets_no_note() -> None:
    events, sent = await run(ActionReliefStart(), tracker(
        "my record is from arizona, i live in nevada", "choose_record",
        entities=[place("nevada", "home"), place("arizona")]))
    assert slot_events(events)["relief_shown"] == "az"
    assert "utter_relief_case_place_note" not in [m.get("response") for m in sent]


async def test_a_place_typed_for_the_open_question_counts_even_as_fallback() -> None:
    events, _ = await run(ActionFallback(), tracker("pensilvania", "nlu_fallback",
                                                    {"relief_step": "jurisdiction"}))
    assert slot_events(events)["relief_answers"]["jurisdiction"] == "pa"
    _, sent = await run(ActionFallback(), tracker("blorp", "nlu_fallback"))
    assert sent[0]["response"] == "utter_please_rephrase"


async def test_glossary_word_and_unknown_word() -> None:
    _, sent = await run(ActionGlossary(), tracker("what is vacatur", "ask_glossary", entities=[
        {"entity": "legal_term", "value": "vacatur"}]))
    assert "vacatur" in sent[0]["text"].lower()
    assert sent[1]["response"] == "utter_relief_legal_help"
    _, sent = await run(ActionGlossary(), tracker("what is that", "ask_glossary"))
    assert sent[0]["response"] == "utter_glossary_which"


async def test_save_keeps_the_answer_encrypted_and_shows_it_again(settings) -> None:  # type: ignore[no-untyped-def]
    from actions.relief import ActionReliefSave, ActionReliefShowSaved
    from bot.crypto import cipher
    from bot.db.session import engine_for, session_factory
    from bot.privacy import erase_person

    cipher.cache_clear()
    _, sent = await run(ActionReliefShowSaved(), tracker("/relief_saved", "relief_saved"))
    assert sent[0]["response"] == "utter_relief_none_saved"
    _, sent = await run(ActionReliefSave(), tracker("/relief_save", "relief_save"))
    assert sent[0]["response"] == "utter_relief_nothing_to_save"

    shown = "ga|conviction|prostitution|yes|no|yes"
    _, sent = await run(ActionReliefSave(), tracker("/relief_save", "relief_save",
                                                    {"relief_shown": shown}))
    assert sent[0]["response"] == "utter_relief_saved"
    await run(ActionReliefSave(), tracker("/relief_save", "relief_save", {"relief_shown": "tx"}))
    raw = b"".join(p.read_bytes() for p in settings.var_dir.glob("app.db*"))
    assert b"prostitution" not in raw and b"conviction" not in raw

    _, sent = await run(ActionReliefShowSaved(), tracker("/relief_saved", "relief_saved"))
    texts = [m["text"] for m in sent]
    assert texts[0].startswith("Here is what I know about Texas")  # newest first
    assert any("17-10-21" in t for t in texts)  # the Georgia answer, rebuilt
    assert "not legal advice" in texts[-1].lower()

    with session_factory(settings.database_url).begin() as session:
        erase_person(session, engine_for(f"sqlite:///{settings.var_dir / 'tracker.db'}"), "s")
    _, sent = await run(ActionReliefShowSaved(), tracker("/relief_saved", "relief_saved"))
    assert sent[0]["response"] == "utter_relief_none_saved"


def test_shown_keys_round_trip_and_refuse_garbage() -> None:
    from bot.relief import flow
    from bot.relief.terms import Answers, RecordKind

    answers = Answers(jurisdiction="ga", record=RecordKind.ARREST)
    assert flow.answers_from_key(flow.shown_key(answers)) == answers
    assert flow.answers_from_key("tx").jurisdiction == "tx"
    assert flow.answers_from_key("ga|not-a-kind").jurisdiction is None
