"""The assessment's question order, answer parsing and profile, without Rasa."""

from __future__ import annotations

from bot.assess import flow
from bot.assess.interests import ITEMS


def likert(points: int) -> list[dict]:
    return [{"entity": "likert", "value": str(points)}]


def test_full_round_asks_items_then_experience_then_every_constraint() -> None:
    data = flow.new_state()
    steps = []
    step = flow.first_step(data)
    while step is not None:
        steps.append(step)
        if flow.is_item(step):
            data = flow.record_answer(step, 3, data)
        elif step == flow.EXPERIENCE:
            data = flow.record_answer(step, "i cooked", data, (["cooking"], []))
        step = flow.following_step(step, data)
    assert steps[:len(ITEMS)] == [item.id for item in ITEMS]
    assert steps[len(ITEMS):] == [flow.EXPERIENCE, flow.CONFIRM, *flow.CONSTRAINT_STEPS]
    # About 40 taps in all: a full assessment fits in well under 5 minutes of tapping.
    assert len(steps) <= 42


def test_confirm_is_left_out_when_nothing_was_understood() -> None:
    data = flow.new_state()
    data = flow.record_answer(flow.EXPERIENCE, flow.SKIPPED, data)
    assert flow.following_step(flow.EXPERIENCE, data) == "hours"


def test_buttons_and_typed_words_for_interest_statements() -> None:
    step = ITEMS[0].id
    assert flow.parse_answer(step, "inform", likert(4), "/inform") == 4
    assert flow.parse_answer(step, "inform", likert(9), "/inform") is None
    assert flow.parse_answer(step, "inform", [], "i love it") == 4
    assert flow.parse_answer(step, "inform", [], "nah") == 1
    assert flow.parse_answer(step, "inform", [], "no sé") == 2
    assert flow.parse_answer(step, "inform", [], "yeah sure") == 3
    assert flow.parse_answer(step, "skip", [], "skip") == flow.SKIPPED
    assert flow.parse_answer(step, "inform", [], "purple") is None


def test_constraint_answers_from_buttons_and_words() -> None:
    button = [{"entity": "assess_value", "value": "need"}]
    assert flow.parse_answer("childcare", "inform", button, "/inform") == "need"
    wrong = [{"entity": "assess_value", "value": "car"}]
    assert flow.parse_answer("childcare", "inform", wrong, "/inform") is None
    assert flow.parse_answer("transport", "inform", [], "i take the bus") == "transit"
    assert flow.parse_answer("record", "inform", [], "prefer not to say") == "prefer_not"
    assert flow.parse_answer("record", "inform", [], "not sure") == "unsure"
    assert flow.parse_answer("education", "inform", [], "i got my GED") == "hs"


def test_experience_keeps_no_words_and_confirm_can_remove_or_redo() -> None:
    data = flow.new_state()
    text = flow.parse_answer(flow.EXPERIENCE, "describe_experience", [], "I did hair " * 500)
    assert len(text) <= flow.MAX_EXPERIENCE_CHARS
    data = flow.record_answer(flow.EXPERIENCE, text, data, (["hair", "cash"], ["39-5012.00"]))
    assert "I did hair" not in str(flow.profile_of(data))
    removal = flow.parse_answer(flow.CONFIRM, "inform",
                                [{"entity": "assess_remove", "value": "cash"}], "/inform")
    data = flow.record_answer(flow.CONFIRM, removal, data)
    assert data.skills == ("hair",) and data.titles == ("39-5012.00",)
    assert flow.parse_answer(flow.CONFIRM, "inform", [], "no that's wrong") == "again"
    assert flow.parse_answer(flow.CONFIRM, "inform", [], "yes") == "yes"


def test_a_result_after_five_answers_and_skips_are_remembered_as_unknown() -> None:
    data = flow.new_state()
    for item in ITEMS[:5]:
        data = flow.record_answer(item.id, 4, data)
    assert flow.has_result(data) and len(flow.area_scores(data)) == 5
    data = flow.record_answer("record", flow.SKIPPED, data)
    assert flow.constraints_of(data).record is None
    assert flow.profile_of(data)["constraints"] == {"record": flow.SKIPPED}


def test_nothing_answered_is_no_result() -> None:
    assert not flow.has_result(flow.new_state())


def test_changing_one_part_keeps_the_others() -> None:
    previous = {"scores": {"S": 0.9}, "skills": ["cooking"], "titles": [],
                "constraints": {"hours": "part"}, "max_zone": 3}
    data = flow.new_state(("constraints",), previous)
    assert flow.first_step(data) == "hours"
    assert data.skills == ("cooking",) and data.constraints == {}
    assert flow.following_step("record", data) is None
    assert flow.area_scores(data) == {"S": 0.9}


def test_languages_and_work_papers_become_constraints() -> None:
    data = flow.new_state()
    data = flow.record_answer("languages", "both", data)
    data = flow.record_answer("work_auth", "help", data)
    constraints = flow.constraints_of(data)
    assert constraints.languages == ("en", "es") and constraints.work_auth == "help"
