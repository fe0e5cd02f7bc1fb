"""The deterministic crisis net catches danger in many spellings and ignores idioms."""

import pytest

from bot.safety.crisis import find_crisis, is_crisis, normalize

CRISIS = [
    "I'm scared, he's outside",
    "im scarred hes outsid",
    "hes gona kill me",
    "he's going to hurt me",
    "i want to die",
    "i wanna dye",
    "I want to kill myself",
    "thinking about suicide",
    "someone is following me",
    "they took my passport and wont let me leave",
    "he hit me",
    "i took a lot of pills",
    "EMERGENCY",
    "sos",
    "help me now please",
    "i'm not safe",
    "im in danger",
    "he has a gun",
    "my pimp wont let me go",
    "locked in the room",
    "im being forced",
    "no quiero vivir",
    "ayuda por favor me va a pegar",
    "tengo miedo",
    "HELPPPP he is at the door",
]

NOT_CRISIS = [
    "hi",
    "what can you do",
    "my kid's school is killing me with forms",
    "I'm dying to start working",
    "this weather is killing me",
    "I could kill for a coffee",
    "help me find a job",
    "im scared to start a new job",
    "i am scared of the interview",
    "can i clear my record in georgia",
    "training programs near 30303",
    "that joke killed me lol",
    "talk to a person",
    "exit",
]


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_messages_are_caught(text: str) -> None:
    assert is_crisis(text), text


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_ordinary_messages_and_idioms_are_not_flagged(text: str) -> None:
    assert find_crisis(text) is None, (text, find_crisis(text))


def test_empty_and_odd_input_is_safe() -> None:
    assert find_crisis("") is None
    assert find_crisis(None) is None
    assert find_crisis("🙂" * 5000) is None
    assert find_crisis("مرحبا") is None


def test_normalize_squeezes_repeats_and_accents() -> None:
    assert normalize("AYÚDAME!!!  ") == "ayudame"
    assert normalize("heeeelp") == "heelp"
