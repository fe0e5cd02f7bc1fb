"""`make run` without a token: the terminal chat over the real stack answers a newcomer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ROOT
from testsupport.stack import TEST_PSEUDONYM_KEY, free_port

# It starts its own stack on the default (SQLite) settings, so the scale run leaves it out.
pytestmark = [pytest.mark.e2e, pytest.mark.default_only]


def test_run_without_token_opens_a_terminal_chat_that_answers(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "BOT_VAR_DIR": str(tmp_path / "var"),
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "TELEGRAM_BOT_TOKEN": "",
        "PSEUDONYM_KEY": TEST_PSEUDONYM_KEY,
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    }
    typed = "hi\nwhat can you do\nI'm scared, he's outside\n/exit\n"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"], input=typed, capture_output=True, text=True,
        cwd=ROOT, env=env, timeout=400,
    )
    out, err = result.stdout, result.stderr
    assert result.returncode == 0, err[-3000:]
    assert "No TELEGRAM_BOT_TOKEN set: opening the terminal chat" in err
    # "hi": the welcome with the privacy notice, then the menu as numbered buttons.
    assert "about your privacy" in out and "1) Skills and jobs" in out
    # "what can you do"
    assert "I can help you with:" in out
    # crisis: hotline numbers at once, and that the hotline is not the police.
    assert "1-888-373-7888" in out and "not the police" in out
    # /exit: the one neutral line.
    assert "press and hold it, then tap Delete" in out
    # Ctrl-D (end of input) stopped every service cleanly.
    assert "stopping rasa" in err and "stopping action server" in err
