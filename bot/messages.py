"""Message catalog for texts said outside Rasa (bridge, terminal), one YAML per language."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from bot.config import ROOT

CATALOG_DIR = ROOT / "data" / "catalog" / "messages"
DEFAULT_LANGUAGE = "en"


@lru_cache(maxsize=8)
def catalog(language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """All texts of one language; falls back to English for a missing language file."""
    path = CATALOG_DIR / f"{language}.yml"
    if not path.is_file():
        path = CATALOG_DIR / f"{DEFAULT_LANGUAGE}.yml"
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def text(key: str, language: str = DEFAULT_LANGUAGE) -> str:
    """One text by key; a missing key in another language falls back to English."""
    value = catalog(language).get(key)
    if value is None:
        value = catalog(DEFAULT_LANGUAGE)[key]
    return str(value)
