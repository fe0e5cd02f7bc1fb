"""Words that take a counselor request back while its note is awaited (bot.handoff.withdrawal):
the bridge asks before it sends such a message as the note."""

import pytest

from bot.handoff.withdrawal import sounds_like_withdrawal


@pytest.mark.parametrize("text", [
    "actually, cancel that, I changed my mind",
    "I don't want to talk to anyone anymore",
    "nvm",
    "never mind, forget it",
    "dont send it",
    "ya no quiero hablar con nadie",
    "mejor no, cancélalo",
    "olvídalo",
    "cambié de opinión",
])
def test_taking_it_back(text: str) -> None:
    assert sounds_like_withdrawal(text)


@pytest.mark.parametrize("text", [
    "",
    "i dont have anyone to talk to",
    "please call me after 5pm, my phone is safe then",
    "I need help with the cancellation of my lease",
    "tengo miedo de mi ex, necesito ayuda",
    "ya no aguanto",
    "no one listens to me",
    "quiero trabajar en una cocina",
])
def test_a_note(text: str) -> None:
    assert not sounds_like_withdrawal(text)
