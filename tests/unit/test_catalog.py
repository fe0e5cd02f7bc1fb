"""The text catalog: one lookup (`bot.catalog`), English as the fallback, a clear error for a
key nobody wrote, and every key the code names present in English.

The key check reads the code (an `ast` walk, like test_layers): each call of the catalog, or
of an area's own short form (`present.t("saved")`, `say(context, turn, "empty")`), with a
written-out key. A key built at run time (f"button_{share}") is not seen here; the tests of
those replies send them.
"""

from __future__ import annotations

import ast
import string
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot import catalog
from bot.config import ROOT

# Where code names a key, as data: (file pattern, function as written, area, which argument
# is the key). `catalog.text("area", "key")` anywhere is read without a row here.
SHORT_FORMS: tuple[tuple[str, str, str, int], ...] = (
    ("bot/programs/present.py", "t", "programs", 0),
    ("actions/programs.py", "present.t", "programs", 0),
    ("bot/handoff/present.py", "t", "handoff", 0),
    ("bot/handoff/summary.py", "t", "handoff", 0),
    ("bot/assess/present.py", "text", "assess", 0),
    ("actions/assessment.py", "present.text", "assess", 0),
    ("bot/relief/explain.py", "self.t", "relief", 0),
    ("bot/relief/explain.py", "writer.t", "relief", 0),
    ("bot/telegram/*.py", "say", "messages", 2),
    ("bot/telegram/*.py", "state.text", "messages", 0),
    ("bot/telegram/*.py", "state_of(context).text", "messages", 0),
    ("bot/telegram/application.py", "media", "messages", 0),
    ("bot/terminal.py", "say", "messages", 0),
)
CATALOG_CALLS = {"catalog.text", "catalog.table", "catalog.text_list"}
SOURCES = ("bot", "actions", "bench")


@dataclass(frozen=True)
class Use:
    """One key named in code."""

    area: str
    key: str
    where: str


def _literals(node: ast.expr) -> list[str]:
    """The strings an argument can be: a constant, or either side of `a if c else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def uses_in(source: str, relative: str) -> list[Use]:
    """Every catalog key one module's source names."""
    forms = [(name, area, index) for pattern, name, area, index in SHORT_FORMS
             if Path(relative).match(pattern)]
    found: list[Use] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        callee = ast.unparse(node.func)
        where = f"{relative}:{node.lineno}"
        if callee in CATALOG_CALLS and len(node.args) >= 2:
            for area in _literals(node.args[0]):
                found += [Use(area, key, where) for key in _literals(node.args[1])]
            continue
        for name, area, index in forms:
            if callee == name and len(node.args) > index:
                found += [Use(area, key, where) for key in _literals(node.args[index])]
    return found


def all_uses() -> list[Use]:
    found: list[Use] = []
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            found += uses_in(path.read_text(encoding="utf-8"), relative)
    return found


def test_every_key_used_in_code_is_in_the_english_catalog() -> None:
    uses = all_uses()
    # The walk must see the code's keys (if a rename hid them, this test would pass empty).
    assert len({(use.area, use.key) for use in uses}) >= 200
    assert {use.area for use in uses} >= {"messages", "assess", "programs", "handoff",
                                          "fallback", "relief"}
    missing = [use for use in uses if use.key not in catalog.contents(use.area)]
    assert not missing, "\n".join(f"{u.where}: {u.area}/{u.key}" for u in missing)


def test_the_key_check_catches_a_planted_missing_key() -> None:
    planted = 'from bot import catalog\ncatalog.text("programs", "no_such_key_anywhere")\n'
    short = 'def f(state):\n    return state.text("nor_this_one" if x else "empty")\n'
    uses = [*uses_in(planted, "bot/x.py"), *uses_in(short, "bot/telegram/x.py")]
    assert [(u.area, u.key) for u in uses] == [
        ("programs", "no_such_key_anywhere"), ("messages", "nor_this_one"),
        ("messages", "empty")]
    assert [u.key for u in uses if u.key not in catalog.contents(u.area)] == [
        "no_such_key_anywhere", "nor_this_one"]


def test_one_layout_for_every_area() -> None:
    folder = ROOT / "data" / "catalog" / "texts"
    for area in catalog.areas():
        assert (folder / area / "en.yml").is_file(), area
        for file in (folder / area).iterdir():
            assert file.suffix == ".yml" and len(file.stem) == 2, file
    assert set(catalog.areas()) == {"assess", "fallback", "handoff", "languages", "messages",
                                    "programs", "relief", "switching"}


def _placeholders(value: object) -> set[str]:
    if isinstance(value, str):
        return {name for _, name, _, _ in string.Formatter().parse(value) if name}
    if isinstance(value, dict):
        return set().union(*(_placeholders(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_placeholders(v) for v in value)) if value else set()
    return set()


@pytest.mark.parametrize("area", catalog.areas())
def test_translations_have_only_english_keys_and_the_same_placeholders(area: str) -> None:
    english = catalog.contents(area)
    for language in catalog.languages(area):
        if language == catalog.DEFAULT_LANGUAGE:
            continue
        other = catalog.contents(area, language)
        assert set(other) <= set(english), (area, language, set(other) - set(english))
        for key, value in other.items():
            assert _placeholders(value) == _placeholders(english[key]), (area, language, key)


@pytest.fixture()
def texts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A catalog folder of its own: English has two keys, Spanish one."""
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "en.yml").write_text(
        'hello: "Hello, {name}."\nbye: "Bye."\nwords: {a: "one", b: "two"}\n'
        "months: [January, February]\n", encoding="utf-8")
    (tmp_path / "demo" / "es.yml").write_text(
        'hello: "Hola, {name}."\nwords: {a: "uno"}\n', encoding="utf-8")
    monkeypatch.setattr(catalog, "TEXTS_DIR", tmp_path)
    catalog._read.cache_clear()
    yield tmp_path
    catalog._read.cache_clear()


def test_a_text_in_the_language_asked_for_with_its_placeholders(texts: Path) -> None:
    assert catalog.text("demo", "hello", "es", name="Ana") == "Hola, Ana."
    assert catalog.text("demo", "hello", name="Ana") == "Hello, Ana."


def test_a_key_the_translation_lacks_comes_from_english(texts: Path) -> None:
    assert catalog.text("demo", "bye", "es") == "Bye."
    assert catalog.text("demo", "bye", "fr") == "Bye."  # no French file at all
    assert catalog.table("demo", "words", "es") == {"a": "uno", "b": "two"}
    assert catalog.text_list("demo", "months", "es") == ["January", "February"]


def test_a_key_nobody_wrote_is_a_clear_error(texts: Path) -> None:
    with pytest.raises(catalog.MissingText) as raised:
        catalog.text("demo", "nowhere", "es")
    message = str(raised.value)
    assert "'nowhere'" in message and "'demo'" in message
    assert "es.yml" in message and "en.yml" in message
    with pytest.raises(TypeError, match="not a str"):
        catalog.text("demo", "words")


def test_language_names_come_from_data() -> None:
    assert catalog.language_name("es") == "Spanish"
    assert catalog.language_name("xx") == "xx"
    assert catalog.language_name("xx", default="XX") == "XX"
