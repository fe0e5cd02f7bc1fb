"""What a language lacks: every catalog key English has, the assessment's statements,
occupations, skill labels and education phrases (`bot.assess.translations`), a variation of
every domain.yml response, Spanish-style training examples for every intent. Used by
tests/unit/test_languages.py (a missing translation fails it) and by `make eval`
(`translation_missing`). A language is whatever has a `messages` file
(`bot.catalog.supported()`), so adding one is data only and this finds what is left.
"""

from __future__ import annotations

from typing import Any

import yaml

from bot import catalog
from bot.config import ROOT
from bot.domain_info import responses, variation_language

NLU_DIR = ROOT / "data" / "nlu"
MIN_EXAMPLES = 25  # training examples per intent in a language (issue 17)


def _keys(value: Any, prefix: str) -> set[str]:
    """Every key path of a catalog value ("zone.1"); a text or a list is one leaf."""
    if isinstance(value, dict):
        return {path for key, item in value.items() for path in _keys(item, f"{prefix}.{key}")}
    return {prefix}


def missing_catalog(language: str) -> list[str]:
    """"area/key" of every English catalog text the language has no text for."""
    missing = []
    for area in catalog.areas():
        english = catalog.contents(area)
        other = catalog.contents(area, language)
        if area == "languages":  # names of languages: every supported one is enough
            missing += [f"{area}/{code}" for code in catalog.supported() if code not in other]
            continue
        have = {path for key, value in other.items() for path in _keys(value, key)}
        want = {path for key, value in english.items() for path in _keys(value, key)}
        missing += [f"{area}/{path}" for path in sorted(want - have)]
    return missing


def missing_responses(language: str) -> list[str]:
    """The domain responses with no variation for the language (English: the default)."""
    if language == catalog.DEFAULT_LANGUAGE:
        return []
    return sorted(
        name for name, variations in responses().items()
        if not any(variation_language(each) == language for each in variations))


def examples_per_intent(folder: str) -> dict[str, int]:
    """Training examples per intent in data/nlu/<folder>/ ("" for data/nlu itself)."""
    counts: dict[str, int] = {}
    base = NLU_DIR / folder if folder else NLU_DIR
    for file in sorted(base.glob("*.yml")):
        for block in (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" in block:
                lines = [x for x in str(block.get("examples", "")).splitlines() if x.strip()]
                counts[block["intent"]] = counts.get(block["intent"], 0) + len(lines)
    return counts


def missing_examples(language: str) -> list[str]:
    """Intents with fewer than MIN_EXAMPLES training examples in data/nlu/<language>/."""
    if language == catalog.DEFAULT_LANGUAGE:
        return []
    have = examples_per_intent(language)
    return [f"{intent} ({have.get(intent, 0)})" for intent in sorted(examples_per_intent(""))
            if have.get(intent, 0) < MIN_EXAMPLES]


def missing(language: str) -> list[str]:
    """Everything the language lacks, one line each."""
    from bot.assess import translations  # the assessment's data (loads skills.yml)

    return ([f"catalog {m}" for m in missing_catalog(language)]
            + [f"assess {m}" for m in translations.missing(language)]
            + [f"response {m}" for m in missing_responses(language)]
            + [f"examples {m}" for m in missing_examples(language)])
