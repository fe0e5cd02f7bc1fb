"""Message catalog for texts said outside Rasa (bridge, terminal), one YAML per language."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.config import ROOT

CATALOG_DIR = ROOT / "data" / "catalog" / "messages"
DEFAULT_LANGUAGE = "en"


@lru_cache(maxsize=32)
def language_file(folder: Path, language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """One language's YAML catalog in `folder`; English when that language has no file."""
    path = folder / f"{language}.yml"
    if not path.is_file():
        path = folder / f"{DEFAULT_LANGUAGE}.yml"
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping")
    return data


def catalog(language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """All texts the bridge and terminal say themselves, in one language."""
    return language_file(CATALOG_DIR, language)


def text(key: str, language: str = DEFAULT_LANGUAGE) -> str:
    """One text by key; a missing key in another language falls back to English."""
    value = catalog(language).get(key)
    if value is None:
        value = catalog(DEFAULT_LANGUAGE)[key]
    return str(value)
