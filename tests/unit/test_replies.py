"""Turning Rasa's REST answers into replies, and splitting long texts for Telegram."""

from bot.replies import Button, command_word, parse_rasa_replies, payload_intent, split_text


def test_parse_text_buttons_and_quick_exit_in_order() -> None:
    raw = [
        {"recipient_id": "x", "custom": {"quick_exit": True}},
        {"recipient_id": "x", "text": "Done."},
        {"recipient_id": "x", "text": "Pick", "buttons": [{"title": "A", "payload": "/menu"}]},
    ]
    replies = parse_rasa_replies(raw)
    assert [r.quick_exit for r in replies] == [True, False, False]
    assert replies[1].text == "Done."
    assert replies[2].buttons == [Button("A", "/menu")]


def test_payload_intent_accepts_only_our_shape() -> None:
    assert payload_intent("/choose_skills") == "choose_skills"
    assert payload_intent('/inform{"zip":"30303"}') == "inform"
    assert payload_intent("choose_skills") is None
    assert payload_intent("/DROP TABLE") is None
    assert payload_intent("") is None


def test_split_keeps_short_text_whole() -> None:
    assert split_text("hello") == ["hello"]
    assert split_text("   ") == []


def test_split_long_text_under_limit_without_losing_words() -> None:
    paragraph = ("This is a sentence about training. " * 40).strip()
    text = "\n\n".join([paragraph] * 6)
    pieces = split_text(text, limit=4096)
    assert len(pieces) > 1
    assert all(len(p) <= 4096 for p in pieces)
    assert " ".join(pieces).split() == text.split()


def test_split_text_without_spaces() -> None:
    text = "x" * 10000
    pieces = split_text(text, limit=4096)
    assert [len(p) for p in pieces] == [4096, 4096, 1808]


def test_command_word_drops_slash_bot_name_and_arguments() -> None:
    assert command_word("/EXIT@SomeBot now") == "exit"
    assert command_word("  /menu please") == "menu"
    assert command_word("/") == ""
    assert command_word("exit") == "" and command_word("") == ""
