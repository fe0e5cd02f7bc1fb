"""The text catalog: every sentence the code says itself (not domain.yml's responses).

One layout for all of them: `data/catalog/texts/<area>/<language>.yml`, a mapping of keys
to a text (a `str.format` template), a list (the month names) or a table (words by value,
such as the schedule words or the plain versions of legal facts). Areas are the parts of
the assistant: `messages` (what the Telegram bridge and the terminal say), `assess`,
`programs`, `handoff`, `relief`, `fallback` and `languages` (names of languages).

The language of a reply is passed as `language`, or, when that is None, is the one the
current turn speaks (`speaking(...)`, set once per action run from the `language` slot and
per bridge turn), like a web framework's active locale: presenters need not pass it down.
The languages are the folders' files: `supported()` lists those with a `messages` file.

A language that lacks a key falls back to English and logs a warning naming the key (a
missing translation is a bug tests/unit/test_catalog.py catches; in production the person
still gets an answer); a key English lacks is a bug and raises `MissingText`, naming the
files looked in. tests/unit/test_catalog.py checks that every key used in code is in
English and that each translation has only English keys, with the same placeholders.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.config import ROOT

TEXTS_DIR = ROOT / "data" / "catalog" / "texts"
DEFAULT_LANGUAGE = "en"

log = logging.getLogger(__name__)
_speaking: ContextVar[str] = ContextVar("reply_language", default=DEFAULT_LANGUAGE)
_warned: set[tuple[str, str, str]] = set()


def current() -> str:
    """The language the current turn speaks."""
    return _speaking.get()


@contextlib.contextmanager
def speaking(language: str | None) -> Iterator[str]:
    """Speak `language` (a supported one, else English) until the block ends."""
    chosen = language if language in supported() else DEFAULT_LANGUAGE
    token = _speaking.set(chosen)
    try:
        yield chosen
    finally:
        _speaking.reset(token)


def _resolve(language: str | None) -> str:
    return current() if language is None else language


class MissingText(KeyError):
    """A key that neither the language asked for nor English has."""

    def __init__(self, area: str, key: str, looked_in: list[Path]) -> None:
        super().__init__(area, key)
        self.area, self.key, self.looked_in = area, key, looked_in

    def __str__(self) -> str:
        files = ", ".join(str(path) for path in self.looked_in)
        return f"no text {self.key!r} in area {self.area!r}; looked in {files}"


def path(area: str, language: str = DEFAULT_LANGUAGE) -> Path:
    """Where one area's texts in one language live (the file may not exist)."""
    return TEXTS_DIR / area / f"{language}.yml"


@lru_cache(maxsize=64)
def _read(file: Path) -> dict[str, Any] | None:
    """A catalog file's mapping, read once; None when there is no such file."""
    if not file.is_file():
        return None
    with file.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{file}: expected a mapping of keys to texts")
    return data


def contents(area: str, language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """Everything one file holds ({} when there is none), for checks and tools; code reads
    single texts with `text`, `text_list` and `table`."""
    return dict(_read(path(area, language)) or {})


def areas() -> list[str]:
    """The areas that have texts."""
    return sorted(folder.name for folder in TEXTS_DIR.iterdir() if folder.is_dir())


def languages(area: str) -> list[str]:
    """The languages one area has a file for."""
    return sorted(file.stem for file in (TEXTS_DIR / area).glob("*.yml"))


@lru_cache(maxsize=1)
def _supported() -> tuple[str, ...]:
    return tuple(languages("messages"))


def supported() -> tuple[str, ...]:
    """The languages the assistant answers in: those with a `messages` file (English
    first is not implied; the list is sorted)."""
    return _supported()


def _value(area: str, key: str, language: str) -> tuple[Any, Path]:
    """The value of a key and the file it came from: the language's, else English."""
    looked_in = []
    for each in dict.fromkeys((language, DEFAULT_LANGUAGE)):
        file = path(area, each)
        looked_in.append(file)
        value = (_read(file) or {}).get(key)
        if value is not None:
            if each != language:
                _warn_missing(area, key, language)
            return value, file
    raise MissingText(area, key, looked_in)


def _warn_missing(area: str, key: str, language: str) -> None:
    """Say once per key that a translation is missing (never silently English)."""
    if (area, key, language) not in _warned:
        _warned.add((area, key, language))
        log.warning("catalog: no %s text %r in area %r; English was used", language, key, area)


def _typed(area: str, key: str, language: str | None, kind: type) -> Any:
    value, file = _value(area, key, _resolve(language))
    if not isinstance(value, kind):
        raise TypeError(f"{file}: {key!r} is a {type(value).__name__}, not a {kind.__name__}")
    return value


def text(area: str, key: str, /, language: str | None = None, **params: Any) -> str:
    """One text, its `{placeholders}` filled from `params` (str.format)."""
    return str(_typed(area, key, language, str).format(**params))


def text_list(area: str, key: str, language: str | None = None) -> list[str]:
    """A list of texts (e.g. the month names, January first)."""
    return [str(item) for item in _typed(area, key, language, list)]


def table(area: str, key: str, language: str | None = None) -> dict[Any, Any]:
    """A table of words by value, in English's order. A translation's table may be
    partial: what it lacks comes from English's."""
    language = _resolve(language)
    files = list(dict.fromkeys((path(area, DEFAULT_LANGUAGE), path(area, language))))
    merged: dict[Any, Any] = {}
    found = False
    for file in files:
        value = (_read(file) or {}).get(key)
        if value is None:
            continue
        if not isinstance(value, dict):
            raise TypeError(f"{file}: {key!r} is a {type(value).__name__}, not a table")
        merged.update(value)
        found = True
    if not found:
        raise MissingText(area, key, files[::-1])
    return merged


def language_name(code: str, language: str | None = None, *,
                  default: str | None = None) -> str:
    """A language's name ("es" -> "Spanish"); `default` (else the code itself) when the
    catalog has none."""
    try:
        name, _ = _value("languages", code, _resolve(language))
    except MissingText:
        return code if default is None else default
    return str(name)
