"""Skills-and-jobs actions with trackers built in the test, a collecting dispatcher and a
temporary database (the profile is saved there)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from actions.assessment import (
    ActionAssessExperience,
    ActionAssessStart,
    ActionOccupationMore,
    ActionProfileDelete,
    ActionProfileShow,
    ActionProfileUpdate,
)
from actions.flows import ActionFlowNext, ActionFlowStop, ActionFlowWhy
from bot.assess.interests import ITEMS
from bot.config import Settings
from tests.actions import support
from tests.actions.support import run

SENDER = "a" * 64


def tracker(text: str, intent: str, slots: dict[str, Any] | None = None,
            entities: list[dict[str, Any]] | None = None) -> Tracker:
    return support.tracker(SENDER, text, intent, slots, entities)


class Person:
    """Plays one person's turns, carrying the slots from turn to turn."""

    def __init__(self) -> None:
        self.slots: dict[str, Any] = {}
        self.sent: list[dict] = []

    async def turn(self, action: Any, text: str, intent: str,
                   entities: list[dict[str, Any]] | None = None) -> list[dict]:
        changed, self.sent = await run(action, tracker(text, intent, self.slots, entities))
        self.slots.update(changed)
        return self.sent

    def last_text(self) -> str:
        return self.sent[-1].get("text") or self.sent[-1].get("response") or ""


def likert(points: int) -> list[dict[str, Any]]:
    return [{"entity": "likert", "value": str(points)}]


async def test_full_assessment_saves_a_profile_and_ranks_helping_jobs(
        settings: Settings) -> None:
    person = Person()
    sent = await person.turn(ActionAssessStart(), "/choose_skills", "choose_skills")
    assert sent[0]["response"] == "utter_assess_intro" and "1 of 30" in sent[1]["text"]
    for item in ITEMS:
        await person.turn(ActionFlowNext(), "/inform", "inform",
                          likert(4 if item.area in "SC" else 0))
    assert "own words" in person.last_text()
    await person.turn(ActionFlowNext(), "i babysat my cousins and worked the register",
                      "describe_experience")
    assert "Did I get this right?" in person.last_text()
    await person.turn(ActionFlowNext(), "/inform", "inform",
                      [{"entity": "assess_confirm", "value": "yes"}])
    for step, value in (("hours", "part"), ("childcare", "need"), ("transport", "transit"),
                        ("id_documents", "have"), ("work_auth", "yes"), ("education", "hs"),
                        ("languages", "en"), ("record", "no")):
        assert person.sent[-1]["response"] == f"utter_ask_assess_{step}"
        await person.turn(ActionFlowNext(), "/inform", "inform",
                          [{"entity": "assess_value", "value": value}])
    whole = "\n".join(m.get("text") or "" for m in person.sent)
    assert "Helping" in whole and "Organizing" in whole
    assert "Childcare worker" in whole or "Receptionist" in whole
    assert "Machinist" not in whole
    assert person.slots["assess_step"] is None
    _, shown = await run(ActionProfileShow(), tracker("my profile", "show_profile"))
    assert "part time" in shown[0]["text"] and "caring for children" in shown[0]["text"]
    assert "babysat" not in shown[0]["text"]


async def test_stop_after_five_answers_gives_a_result(settings: Settings) -> None:
    person = Person()
    await person.turn(ActionAssessStart(), "/choose_skills", "choose_skills")
    for _ in range(5):
        await person.turn(ActionFlowNext(), "/inform", "inform", likert(4))
    sent = await person.turn(ActionFlowStop(), "/stop", "stop")
    whole = "\n".join(m.get("text") or "" for m in sent)
    assert "Jobs that may fit you" in whole and "rough first idea" in whole
    assert any(b["title"] == "Find training for 1" for b in sent[-1]["buttons"])


async def test_skipping_every_question_is_fine(settings: Settings) -> None:
    person = Person()
    await person.turn(ActionAssessStart(), "/choose_skills", "choose_skills")
    while person.slots.get("assess_step"):
        await person.turn(ActionFlowNext(), "/skip", "skip")
    whole = "\n".join(m.get("text") or "" for m in person.sent)
    assert "That's fine" in whole
    assert person.sent[-1]["response"] == "utter_menu"


async def test_why_then_the_same_question_and_unclear_answers(settings: Settings) -> None:
    slots = {"assess_step": "work_auth", "assess_data": {"parts": ["constraints"]},
             "active_flow": "assess"}
    _, sent = await run(ActionFlowWhy(), tracker("why", "explain_why", slots))
    assert [m["response"] for m in sent] == ["utter_explain_assess_work_auth",
                                             "utter_ask_assess_work_auth"]
    _, sent = await run(ActionFlowNext(), tracker("purple", "inform", slots))
    assert [m["response"] for m in sent] == ["utter_assess_unclear", "utter_ask_assess_work_auth"]


async def test_correcting_what_was_understood(settings: Settings) -> None:
    person = Person()
    await person.turn(ActionAssessExperience(), "i cooked and cleaned houses",
                      "describe_experience")
    assert "Did I get this right?" in person.last_text()
    titles = [b["title"] for b in person.sent[-1]["buttons"]]
    remove = next(t for t in titles if t.startswith("Remove:") and "lean" in t)
    payload = next(b["payload"] for b in person.sent[-1]["buttons"] if b["title"] == remove)
    skill = payload.split('"assess_remove":"')[1].split('"')[0]
    await person.turn(ActionFlowNext(), payload, "inform",
                      [{"entity": "assess_remove", "value": skill}])
    assert skill not in person.slots["assess_data"]["skills"]
    assert "Did I get this right?" in person.last_text()
    await person.turn(ActionFlowNext(), "no thats wrong", "inform",
                      [{"entity": "assess_confirm", "value": "again"}])
    assert person.slots["assess_step"] == "experience"


async def test_switching_topic_and_coming_back_resumes_the_open_question(
        settings: Settings) -> None:
    slots = {"assess_step": ITEMS[6].id, "assess_data": {"answers": {"r1": 3}},
             "active_flow": "relief", "relief_step": None}
    _, sent = await run(ActionAssessStart(), tracker("/choose_skills", "choose_skills", slots))
    assert "left off" in sent[0]["text"] and "7 of 30" in sent[1]["text"]
    assert sent[2]["response"] == "utter_assess_start_over"


async def test_profile_change_one_part_and_delete(settings: Settings) -> None:
    person = Person()
    await person.turn(ActionAssessExperience(), "i did nails for 3 years", "describe_experience")
    await person.turn(ActionFlowStop(), "/stop", "stop")
    _, sent = await run(ActionProfileUpdate(), tracker(
        "/update_profile", "update_profile", {}, [{"entity": "part", "value": "constraints"}]))
    assert sent[-1]["response"] == "utter_ask_assess_hours"
    _, sent = await run(ActionProfileDelete(), tracker("delete my profile", "delete_profile"))
    assert "deleted your profile" in sent[0]["text"]
    _, sent = await run(ActionProfileShow(), tracker("my profile", "show_profile"))
    assert "no profile" in sent[0]["text"]


async def test_more_about_a_job_and_an_unknown_code(settings: Settings) -> None:
    _, sent = await run(ActionOccupationMore(), tracker(
        "/occupation_more", "occupation_more", {}, [{"entity": "onet", "value": "39-9011.00"}]))
    assert "How to start" in sent[0]["text"] and "check of your record" in sent[0]["text"]
    _, sent = await run(ActionOccupationMore(), tracker(
        "/occupation_more", "occupation_more", {}, [{"entity": "onet", "value": "99-9999.99"}]))
    assert sent[0]["response"] == "utter_assess_which_job"


async def test_changing_a_part_and_stopping_at_once_keeps_what_was_saved(
        settings: Settings) -> None:
    person = Person()
    await person.turn(ActionAssessStart(), "/choose_skills", "choose_skills")
    for _ in range(6):
        await person.turn(ActionFlowNext(), "/inform", "inform", likert(4))
    await person.turn(ActionFlowStop(), "/stop", "stop")
    _, before = await run(ActionProfileShow(), tracker("my profile", "show_profile"))
    changing = Person()
    await changing.turn(ActionProfileUpdate(), "/update_profile", "update_profile",
                        [{"entity": "part", "value": "interests"}])
    await changing.turn(ActionFlowStop(), "/stop", "stop")
    _, after = await run(ActionProfileShow(), tracker("my profile", "show_profile"))
    assert after[0]["text"] == before[0]["text"] and "nothing yet" not in after[0]["text"].split(
        "What you like:")[1].split("\n")[0]
