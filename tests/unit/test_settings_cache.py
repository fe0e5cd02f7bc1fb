"""`load_settings()` reads the process's settings once; `cache_clear()` reads them again."""

from __future__ import annotations

from pathlib import Path

import pytest

import bot.config
from bot.config import load_settings


def test_process_settings_are_read_once_until_cleared(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bot.config, "_load_dotenv", lambda path: None)
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path / "one"))
    first = load_settings()
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path / "two"))
    assert load_settings() is first
    load_settings.cache_clear()
    assert load_settings().var_dir == (tmp_path / "two").resolve()


def test_an_explicit_environment_is_never_cached(tmp_path: Path) -> None:
    one = load_settings({"BOT_VAR_DIR": str(tmp_path / "one")})
    two = load_settings({"BOT_VAR_DIR": str(tmp_path / "two")})
    assert one.var_dir == (tmp_path / "one").resolve()
    assert two.var_dir == (tmp_path / "two").resolve()
