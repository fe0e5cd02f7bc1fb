"""The screener's steps and how answers are read: buttons, typed words, skips, places."""

from __future__ import annotations

import pytest

from bot.relief import flow
from bot.relief.places import to_code
from bot.relief.screening import OffenseKind, RecordKind, YesNo


@pytest.mark.parametrize(("typed", "code"), [
    ("Georgia", "ga"), ("ga", "ga"), ("in texas", "tx"), ("pensilvania", "pa"),
    ("it was federal", "federal"), ("conneticut", "ct"), ("washington dc", "dc"),
    ("nueva york", "ny"), ("carolina del norte", "nc"), ("West Virginia", "wv"),
    ("virginia", "va"), ("ohio i think", "oh"), ("OK", "ok"), ("PA", "pa"),
])
def test_places_people_type_resolve_to_their_entry(typed: str, code: str) -> None:
    assert to_code(typed) == code


@pytest.mark.parametrize("typed", ["hello", "", None, "xyz", "my house", "ok", "oh", "me"])
def test_unclear_places_are_not_guessed(typed: str | None) -> None:
    assert to_code(typed) is None


def test_steps_go_in_order_and_end() -> None:
    slots: dict[str, str] = {}
    seen = []
    while (step := flow.next_step(slots)) is not None:
        seen.append(step)
        slots[flow.slot_name(step)] = flow.SKIPPED
    assert seen == list(flow.STEPS)


def test_buttons_typed_words_and_skip() -> None:
    button = [{"entity": "relief_record", "value": "conviction"}]
    assert flow.parse_answer("record", "inform", button, "/inform") == "conviction"
    assert flow.parse_answer("record", "inform", [], "i was convicted") == "conviction"
    assert flow.parse_answer("offense", "inform", [], "shoplifting") == "theft"
    assert flow.parse_answer("nexus", "inform", [], "yes") == "yes"
    assert flow.parse_answer("juvenile", "inform", [], "idk") == "unsure"
    assert flow.parse_answer("sentence_done", "skip", [], "skip") == flow.SKIPPED
    assert flow.parse_answer("jurisdiction", "inform",
                             [{"entity": "jurisdiction", "value": "Georgia"}], "x") == "ga"
    assert flow.parse_answer("jurisdiction", "nlu_fallback", [], "pensilvania") == "pa"


def test_forged_or_unclear_answers_are_refused() -> None:
    forged = [{"entity": "relief_record", "value": "drop table"}]
    assert flow.parse_answer("record", "inform", forged, "/inform") is None
    assert flow.parse_answer("offense", "inform", [], "purple") is None
    assert flow.parse_answer("jurisdiction", "inform", [], "somewhere") is None


def test_skipped_answers_become_unknown_never_guessed() -> None:
    slots = {flow.slot_name(s): flow.SKIPPED for s in flow.STEPS}
    slots["relief_jurisdiction"] = "ga"
    slots["relief_offense"] = "prostitution"
    answers = flow.answers_from(slots)
    assert answers.jurisdiction == "ga" and answers.offense == OffenseKind.PROSTITUTION
    assert answers.record is None and answers.trafficking_related is None
    full = flow.answers_from({"relief_record": "both", "relief_nexus": "no",
                              "relief_juvenile": "unsure", "relief_sentence_done": "yes"})
    assert full.record == RecordKind.BOTH and full.trafficking_related == YesNo.NO


def test_knowledge_is_cached_and_reloaded_when_a_file_changes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import shutil
    import time

    from bot.relief.knowledge import DEFAULT_FOLDER
    from bot.relief.store import entries

    folder = tmp_path / "relief"
    shutil.copytree(DEFAULT_FOLDER, folder)
    first = entries(folder)
    assert entries(folder) is first
    ga = folder / "ga.yml"
    ga.write_text(ga.read_text().replace('name: "Georgia"', 'name: "Georgia (edited)"'))
    later = time.time() + 5
    os.utime(ga, (later, later))
    assert entries(folder)["ga"].name == "Georgia (edited)"
