"""Going on after an interruption repeats the last ordinary question."""

from bot.dialogue import resume_point


def user(intent: str) -> dict:
    return {"event": "user", "text": intent, "parse_data": {"intent": {"name": intent}}}


def bot(text: str, template: str, buttons: list | None = None) -> dict:
    return {"event": "bot", "text": text, "data": {"buttons": buttons or []},
            "metadata": {"utter_action": template}}


def test_resume_after_crisis_returns_the_question_before_it() -> None:
    events = [
        user("greet"), bot("Hi", "utter_welcome"),
        bot("Pick one", "utter_menu", [{"title": "A", "payload": "/menu"}]),
        user("nlu_fallback"), bot("Say it again?", "utter_please_rephrase"),
        user("crisis"), bot("Hotline…", "utter_crisis"), bot("Ready?", "utter_crisis_next"),
        user("continue"),
    ]
    assert resume_point(events) == {"text": "Say it again?", "buttons": []}


def test_two_crises_in_a_row_still_go_back_to_the_ordinary_turn() -> None:
    events = [
        user("greet"), bot("Pick one", "utter_menu", [{"title": "A", "payload": "/x"}]),
        user("crisis"), bot("Hotline", "utter_crisis"),
        user("continue"), bot("Pick one", None),
        user("crisis"), bot("Hotline", "utter_crisis"),
        user("continue"),
    ]
    assert resume_point(events)["text"] == "Pick one"


def test_nothing_to_resume_at_the_start() -> None:
    assert resume_point([user("crisis"), bot("Hotline", "utter_crisis"), user("continue")]) is None
    assert resume_point([]) is None
