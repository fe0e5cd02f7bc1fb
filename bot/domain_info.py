"""Facts read from domain.yml that the delivery side needs (the intents buttons may send)."""

from __future__ import annotations

from functools import lru_cache

import yaml

from bot.config import ROOT


@lru_cache(maxsize=1)
def _domain() -> dict:
    with (ROOT / "domain.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def response_text(name: str) -> str:
    """The text of a domain response (its first variant), for when Rasa cannot answer."""
    return str(_domain()["responses"][name][0]["text"])


@lru_cache(maxsize=1)
def known_intents() -> frozenset[str]:
    """Every intent in the domain; a button payload naming another one is rejected."""
    domain = _domain()
    names = set()
    for entry in domain.get("intents", []):
        names.add(entry if isinstance(entry, str) else next(iter(entry)))
    return frozenset(names)
