"""Checks of the Rasa project itself: data validation, test stories against the trained
model, Telegram limits on responses and buttons, and test-story coverage of the domain.

The Rasa commands run as subprocesses in the repository root, as `make test` would run
them. The model is trained by `make test` before pytest starts (`make train`).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import ROOT

MODEL = ROOT / "models" / "current.tar.gz"
DOMAIN = ROOT / "domain.yml"
RULES_DIR = ROOT / "data" / "rules"
TEST_STORIES_DIR = ROOT / "tests" / "stories"
RASA_DATA_DIRS = ("data/nlu", "data/rules", "data/stories")

# Telegram Bot API limits.
MAX_CALLBACK_DATA_BYTES = 64
MAX_MESSAGE_CHARS = 4096

# Seconds a Rasa command may take (loading TensorFlow alone takes a while on 2 cores).
RASA_TIMEOUT = 600


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    return env


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rasa", *args],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=RASA_TIMEOUT,
        check=False,
    )


def _tail(text: str, lines: int = 60) -> str:
    return "\n".join(text.splitlines()[-lines:])


def _load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _domain() -> dict[str, Any]:
    return _load_yaml(DOMAIN)


def _domain_intents() -> set[str]:
    names = set()
    for intent in _domain().get("intents", []):
        names.add(next(iter(intent)) if isinstance(intent, dict) else intent)
    return names


def _steps(steps: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The intent and action steps of a story or rule, in order (slots etc. left out)."""
    found = []
    for step in steps:
        if "intent" in step:
            found.append(("intent", step["intent"]))
        elif "action" in step:
            found.append(("action", step["action"]))
    return found


def _rules() -> list[dict[str, Any]]:
    rules = []
    for path in sorted(RULES_DIR.glob("*.yml")):
        rules.extend((_load_yaml(path) or {}).get("rules", []))
    return rules


def _test_stories() -> list[dict[str, Any]]:
    stories = []
    for path in sorted(TEST_STORIES_DIR.glob("test_*.yml")):
        stories.extend((_load_yaml(path) or {}).get("stories", []))
    return stories


def _contains(sequence: list[tuple[str, str]], part: list[tuple[str, str]]) -> bool:
    return any(
        sequence[start : start + len(part)] == part
        for start in range(len(sequence) - len(part) + 1)
    )


def _require_model() -> None:
    if not MODEL.is_file():
        pytest.fail(
            f"No trained model at {MODEL.relative_to(ROOT)}. Run `make train` (or `make test`, "
            "which trains before running pytest)."
        )


def test_rasa_data_validates_without_warnings() -> None:
    data = [d for d in RASA_DATA_DIRS if (ROOT / d).is_dir()]
    result = _run(
        [
            "data",
            "validate",
            "--fail-on-warnings",
            "--data",
            *data,
            "--domain",
            "domain.yml",
            "--config",
            "config.yml",
        ]
    )
    assert result.returncode == 0, (
        f"`rasa data validate` failed (exit {result.returncode}).\n"
        f"--- stdout (tail) ---\n{_tail(result.stdout)}\n"
        f"--- stderr (tail) ---\n{_tail(result.stderr)}"
    )


def test_test_stories_pass_end_to_end(tmp_path: Path) -> None:
    """Every test story: user texts through the trained NLU (--e2e), then dialogue."""
    _require_model()
    out = tmp_path / "results"
    result = _run(
        [
            "test",
            "core",
            "--model",
            str(MODEL.relative_to(ROOT)),
            "--stories",
            str(TEST_STORIES_DIR.relative_to(ROOT)),
            "--e2e",
            "--fail-on-prediction-errors",
            "--out",
            str(out),
        ]
    )
    failed = out / "failed_test_stories.yml"
    failed_text = (
        failed.read_text(encoding="utf-8")
        if failed.is_file()
        # --fail-on-prediction-errors stops at the first wrong prediction, before the
        # file is written; the failed story is then printed at the end of stdout.
        else "(not written: see the failed story at the end of stdout)"
    )
    assert result.returncode == 0, (
        f"`rasa test core` failed (exit {result.returncode}).\n"
        f"--- failed_test_stories.yml ---\n{failed_text}\n"
        f"--- stdout (tail) ---\n{_tail(result.stdout)}\n"
        f"--- stderr (tail) ---\n{_tail(result.stderr, 30)}"
    )
    # Belt and braces: a run that passes leaves no story marked as failed ...
    assert "# predicted:" not in failed_text, failed_text
    # ... and evaluated every story in tests/stories (a file Rasa does not read as test
    # stories, e.g. one without the `test_` prefix, would silently not run).
    evaluated = re.search(r"Evaluating (\d+) stories", result.stdout + result.stderr)
    if evaluated:
        expected = len(_test_stories())
        assert int(evaluated.group(1)) == expected, (
            f"Rasa evaluated {evaluated.group(1)} test stories, tests/stories has {expected}"
        )


def _responses() -> list[tuple[str, dict[str, Any]]]:
    return [
        (name, variant)
        for name, variants in _domain().get("responses", {}).items()
        for variant in variants
    ]


def test_button_payloads_fit_telegram_and_name_domain_intents() -> None:
    intents = _domain_intents()
    problems = []
    buttons_seen = 0
    for name, variant in _responses():
        for button in variant.get("buttons", []) or []:
            buttons_seen += 1
            payload = str(button.get("payload", ""))
            size = len(payload.encode("utf-8"))
            if size > MAX_CALLBACK_DATA_BYTES:
                problems.append(f"{name}: payload {payload!r} is {size} bytes (max 64)")
            if not payload.startswith("/"):
                problems.append(f"{name}: payload {payload!r} is not an intent (/intent)")
                continue
            intent = payload[1:].split("{", 1)[0].split("@", 1)[0].strip()
            if intent not in intents:
                problems.append(f"{name}: payload {payload!r} names unknown intent {intent!r}")
            if not str(button.get("title", "")).strip():
                problems.append(f"{name}: a button for {payload!r} has no title")
    assert buttons_seen, "no buttons found in domain.yml; is the file read correctly?"
    assert not problems, "\n".join(problems)


def test_response_texts_are_non_empty_and_fit_one_telegram_message() -> None:
    problems = []
    responses = _responses()
    assert responses, "no responses found in domain.yml"
    for name, variant in responses:
        text = variant.get("text")
        if text is None:
            if not variant.get("custom") and not variant.get("image"):
                problems.append(f"{name}: a variant has no text")
            continue
        if not str(text).strip():
            problems.append(f"{name}: empty text")
        elif len(str(text)) > MAX_MESSAGE_CHARS:
            problems.append(f"{name}: text is {len(str(text))} characters (max 4096)")
    assert not problems, "\n".join(problems)


def test_every_domain_intent_is_in_a_test_story_user_step() -> None:
    stories = _test_stories()
    assert stories, f"no test stories in {TEST_STORIES_DIR.relative_to(ROOT)}"
    used = {
        step["intent"]
        for story in stories
        for step in story["steps"]
        if "user" in step and "intent" in step
    }
    missing = sorted(_domain_intents() - used)
    assert not missing, f"intents without a test story user step: {missing}"


def test_every_rule_is_covered_by_a_test_story() -> None:
    """Each rule's intent appears in a user step, and its steps run in some test story."""
    stories = [_steps(story["steps"]) for story in _test_stories()]
    user_intents = {name for steps in stories for kind, name in steps if kind == "intent"}
    rules = _rules()
    assert rules, f"no rules in {RULES_DIR.relative_to(ROOT)}"
    problems = []
    for rule in rules:
        steps = _steps(rule["steps"])
        for kind, name in steps:
            if kind == "intent" and name not in user_intents:
                problems.append(f"rule {rule['rule']!r}: intent {name!r} is in no test story")
        if not any(_contains(story, steps) for story in stories):
            problems.append(f"rule {rule['rule']!r}: no test story walks its steps {steps}")
    assert not problems, "\n".join(problems)
