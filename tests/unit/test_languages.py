"""Every language the assistant answers in is complete, and adding one is data only.

The languages are listed from the data folder (a `messages` file in the catalog); for each,
every catalog key, every domain response and enough training examples per intent must be
there. A missing translation fails here rather than showing English in production.
"""

from __future__ import annotations

import pytest

from bot import catalog
from bot.language import choose, coverage


def test_the_languages_come_from_the_data_folder() -> None:
    assert catalog.supported() == tuple(sorted(catalog.languages("messages")))
    assert {"en", "es"} <= set(catalog.supported())


@pytest.mark.parametrize("language", catalog.supported())
def test_every_language_has_every_text_response_and_intent(language: str) -> None:
    assert coverage.missing(language) == []


def test_a_missing_text_is_found(tmp_path, monkeypatch) -> None:
    """The check is not empty: a language with one file of one key lacks everything else."""
    (tmp_path / "messages").mkdir()
    (tmp_path / "messages" / "fr.yml").write_text('edited: "Modifié"\n', encoding="utf-8")
    for area in catalog.areas():
        (tmp_path / area).mkdir(exist_ok=True)
        (tmp_path / area / "en.yml").write_text(
            catalog.path(area).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(catalog, "TEXTS_DIR", tmp_path)
    catalog._read.cache_clear()
    try:
        found = coverage.missing("fr")
    finally:
        catalog._read.cache_clear()
    assert "catalog messages/sticker" in found
    assert "catalog messages/edited" not in found
    assert any(line.startswith("response utter_menu") for line in found)
    assert any(line.startswith("examples greet") for line in found)


@pytest.mark.parametrize(("text", "previous", "expected"), [
    ("hola, busco trabajo, no hablo inglés", None, "es"),
    ("en español por favor", "en", "es"),
    ("english please", "es", "en"),
    ("¿hablas español?", "en", "es"),
    ("ok", "es", "es"),
    ("hola ok", "en", "en"),
    ("mi ex is outside", "es", "es"),
    ("33125", "es", "es"),
    ("busco clases de ingles", "es", "es"),
    ('/change_language{"reply_language": "es"}', "en", "es"),
    ("/greet", None, "en"),
    # A language refused asks for the other; one said to be weak asks for nothing.
    ("no spanish please", "es", "en"),
    ("no hablo mucho ingles", None, "es"),
    ("my english is bad, spanish please", "en", "es"),
    ("my english is not so good but i try", "es", "en"),
    # Phone spelling and one-letter words count; names of places do not.
    ("ke ago aki", None, "es"),
    ("i'm starving, brb", "es", "en"),
    ("ando buscando chamba", "en", "es"),
    ("El Paso", "en", "en"),
    ("Los Angeles", "es", "es"),
])
def test_the_language_changes_only_when_the_person_clearly_changes(
        text: str, previous: str | None, expected: str) -> None:
    assert choose(text, previous).language == expected


def test_telegram_language_code_is_only_a_hint() -> None:
    assert choose("ok", None, "es-MX").language == "es"
    assert choose("ok", "en", "es-MX").language == "en"
    assert choose("i need a job please", None, "es-MX").language == "en"
