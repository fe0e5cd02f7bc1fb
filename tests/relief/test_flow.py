"""The screener's steps and how answers are read: buttons, typed words, skips, places."""

from __future__ import annotations

import pytest

from bot.relief import flow
from bot.relief.places import to_code
from bot.relief.terms import OffenseKind, RecordKind, YesNo


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
        slots[step] = flow.SKIPPED
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


def _place(value: str, role: str | None = None) -> dict[str, str]:
    entity = {"entity": "jurisdiction", "value": value}
    return {**entity, "role": role} if role else entity


@pytest.mark.parametrize(("entities", "picked"), [
    ([_place("texas", "home"), _place("ohio", "case")], ("oh", "case")),
    ([_place("ohio", "case"), _place("texas", "home")], ("oh", "case")),
    ([_place("texas", "home"), _place("ohio")], ("oh", None)),
    ([_place("texas", "home")], ("tx", "home")),
    ([_place("georgia"), _place("florida")], ("ga", None)),  # no roles: the first, as before
    ([_place("nowhere land", "case"), _place("texas", "home")], ("tx", "home")),
    ([_place("ohio", "boss"), _place("texas", "home")], ("oh", None)),  # unknown role: none
    ([{"entity": "location", "value": "Dallas"}], (None, None)),
    ([], (None, None)),
])
def test_the_case_place_wins_over_the_home_place(
    entities: list[dict[str, str]], picked: tuple[str | None, str | None]
) -> None:
    assert flow.pick_place(entities) == picked


def _found(text: str, *places: tuple[str, str | None]) -> list[dict[str, object]]:
    """Entities as the classifier gives them: with offsets into the text, and a role that
    may be wrong (on new sentences it swapped them)."""
    entities: list[dict[str, object]] = []
    for value, role in places:
        start = text.index(value)
        entity: dict[str, object] = {"entity": "jurisdiction", "value": value,
                                     "start": start, "end": start + len(value)}
        entities.append({**entity, "role": role} if role else entity)
    return entities


@pytest.mark.parametrize(("text", "places", "picked"), [
    # the words around each place decide, even when the classifier swapped the roles
    ("got arrested in arkansas but i live in missouri these days",
     (("arkansas", "home"), ("missouri", "case")), ("ar", "case")),
    ("i live in oregon, the conviction happened in idaho",
     (("oregon", "case"), ("idaho", "home")), ("id", "case")),
    ("me condenaron en nevada pero ahora vivo en utah",
     (("nevada", "home"), ("utah", "case")), ("nv", "case")),
    ("i'm living in georgia but my old case is from south carolina",
     (("georgia", "case"), ("south carolina", "home")), ("sc", "case")),
    ("living in washington now, the case was in oregon",
     (("washington", None), ("oregon", None)), ("or", "case")),
    ("im from colorado but i got arrested in utah",
     (("colorado", None), ("utah", None)), ("ut", "case")),
    ("vivo en texas pero me arrestaron en california",
     (("texas", None), ("california", None)), ("ca", "case")),
    ("expunge a missouri charge if i live in kansas",
     (("missouri", None), ("kansas", None)), ("mo", "case")),
    ("i moved from ohio to texas, where do i clear my record",
     (("ohio", None), ("texas", None)), ("oh", "case")),
    ("in kentucky, but i live in ohio", (("kentucky", "case"), ("ohio", "case")),
     ("ky", "case")),
    # one place: a role only from the words; no words, no role (no note)
    ("i got arrested in alabama", (("alabama", "home"),), ("al", "case")),
    ("i live in texas now", (("texas", "home"),), ("tx", "home")),
    ("im in texas", (("texas", "home"),), ("tx", None)),
    ("georgia", (("georgia", None),), ("ga", None)),
    # two places and no words for either: the classifier's roles
    ("texas, ohio", (("texas", "home"), ("ohio", "case")), ("oh", "case")),
])
def test_words_around_the_places_give_their_roles(
    text: str, places: tuple[tuple[str, str | None], ...], picked: tuple[str, str | None]
) -> None:
    assert flow.pick_place(_found(text, *places), text) == picked


def test_place_question_takes_the_case_place_when_two_are_named() -> None:
    both = [_place("texas", "home"), _place("california", "case")]
    assert flow.parse_answer("jurisdiction", "inform", both, "vivo en texas ...") == "ca"
    assert flow.parse_answer("jurisdiction", "inform", [_place("texas", "home")], "x") == "tx"


def test_forged_or_unclear_answers_are_refused() -> None:
    forged = [{"entity": "relief_record", "value": "drop table"}]
    assert flow.parse_answer("record", "inform", forged, "/inform") is None
    assert flow.parse_answer("offense", "inform", [], "purple") is None
    assert flow.parse_answer("jurisdiction", "inform", [], "somewhere") is None


def test_skipped_answers_become_unknown_never_guessed() -> None:
    slots = dict.fromkeys(flow.STEPS, flow.SKIPPED)
    slots["jurisdiction"] = "ga"
    slots["offense"] = "prostitution"
    answers = flow.answers_from(slots)
    assert answers.jurisdiction == "ga" and answers.offense == OffenseKind.PROSTITUTION
    assert answers.record is None and answers.trafficking_related is None
    full = flow.answers_from({"record": "both", "nexus": "no", "juvenile": "unsure",
                              "sentence_done": "yes"})
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
