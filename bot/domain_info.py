"""Facts read from domain.yml that the delivery side needs (the intents buttons may send)."""

from __future__ import annotations

from functools import lru_cache

import yaml

from bot.config import ROOT


@lru_cache(maxsize=1)
def _domain() -> dict:
    with (ROOT / "domain.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def variation(name: str, language: str | None = None) -> dict:
    """The variation of a domain response Rasa would pick for `language`."""
    return pick(responses()[name], language)


def responses() -> dict[str, list[dict]]:
    """Every response of domain.yml, by name, with its variations."""
    return _domain()["responses"]


def variation_language(variant: dict) -> str | None:
    """The language a response variation is for (its `language` slot condition), or None
    for the variation without one (the default)."""
    for condition in variant.get("condition") or []:
        if condition.get("name") == "language":
            return str(condition.get("value"))
    return None


def pick(variations: list[dict], language: str | None = None) -> dict:
    """Of a response's variations, the one Rasa picks for `language`: the one whose
    condition is `language` slot == it, else the one without a condition."""
    for each in variations:
        if language is not None and variation_language(each) == language:
            return dict(each)
    return dict(next(each for each in variations if not each.get("condition")))


def response_text(name: str, language: str | None = None) -> str:
    """The text of a domain response in a language, for when Rasa cannot answer."""
    return str(variation(name, language)["text"])


@lru_cache(maxsize=1)
def known_intents() -> frozenset[str]:
    """Every intent in the domain; a button payload naming another one is rejected."""
    domain = _domain()
    names = set()
    for entry in domain.get("intents", []):
        names.add(entry if isinstance(entry, str) else next(iter(entry)))
    return frozenset(names)
