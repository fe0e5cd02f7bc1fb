"""The three 20-turn conversations of bench/load.py (training programs, clearing a record,
skills and jobs); each mixes menu buttons, typed questions, "hi" and a few bad inputs."""

from __future__ import annotations

MAX_TURNS = 20

# (kind, value): "say" types the text; "press" presses the button with that title on the
# latest message with buttons (the bridge sends its payload to Rasa, as the REST baseline does).
Step = tuple[str, str]
SCRIPTS: dict[str, list[Step]] = {
    "programs": [
        ("say", "hi"),
        ("press", "Training programs"),
        ("say", "30303"),
        ("press", "Details 1"),
        ("press", "Save this"),
        ("press", "My saved programs"),
        ("say", "free cooking classes near 30303"),
        ("press", "More programs"),
        ("say", "zxq blorp"),
        ("say", "menu"),
        ("press", "Clearing a record"),
        ("say", "georgia"),
        ("press", "Why do you ask?"),
        ("say", "what does vacatur mean"),
        ("say", "what can you do"),
        ("say", "are you a bot"),
        ("say", "help me find a job that fits me"),
        ("press", "Love it"),
        ("press", "Stop and see my results"),
        ("say", "thanks"),
    ],
    "record": [
        ("say", "hello"),
        ("press", "Clearing a record"),
        ("say", "georgia"),
        ("press", "Convicted"),
        ("press", "Prostitution or related"),
        ("press", "Yes"),
        ("press", "No, 18 or older"),
        ("press", "Yes, it's done"),
        ("press", "Save this for later"),
        ("say", "can i clear my record in texas?"),
        ("say", "??"),
        ("say", "what does vacatur mean"),
        ("say", "training programs"),
        ("say", "30303"),
        ("say", "menu"),
        ("press", "Skills and jobs"),
        ("press", "Love it"),
        ("press", "Not for me"),
        ("press", "Stop and see my results"),
        ("say", "hi"),
    ],
    "skills": [
        ("say", "hi"),
        ("say", "help me find a job that fits me"),
        ("press", "Love it"),
        ("press", "Not for me"),
        ("press", "Not sure"),
        ("press", "Love it"),
        ("press", "Skip"),
        ("press", "Stop and see my results"),
        ("press", "More about 1"),
        ("say", "what do you know about me"),
        ("say", "asdfgh qwerty"),
        ("say", "menu"),
        ("press", "Training programs"),
        ("say", "30303"),
        ("press", "Details 1"),
        ("say", "i want to clear my record"),
        ("press", "Skip"),
        ("press", "Skip"),
        ("say", "what can you do"),
        ("say", "bye"),
    ],
}
SCRIPT_NAMES = list(SCRIPTS)


def script_of(user_index: int, turns: int) -> tuple[str, list[Step]]:
    """The script person number `user_index` follows (the three take turns)."""
    name = SCRIPT_NAMES[user_index % len(SCRIPT_NAMES)]
    return name, SCRIPTS[name][:turns]
