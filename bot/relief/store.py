"""The knowledge base as the running assistant sees it: loaded once, reloaded when a file
changes or the console saves a revision, never re-read per message.

The files in data/catalog/relief are the baseline; the newest revision of each jurisdiction
saved in the console (bot.relief.revisions) replaces its file entry. A call costs one cheap
query (the revisions' count and highest id). When the database cannot be used (not
reachable, or not migrated yet) the files alone are used and one warning is logged; the
database is tried again after `RETRY_SECONDS`.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.config import load_settings
from bot.db.session import session_factory
from bot.relief.knowledge import DEFAULT_FOLDER, ReliefEntry, load_entries
from bot.relief.revisions import overlay, revision_signature

log = logging.getLogger(__name__)

RETRY_SECONDS = 60.0  # after a failure, how long the files alone are used before retrying

FileSignature = tuple[tuple[str, float], ...]
Entries = dict[str, ReliefEntry]


@dataclass
class _Database:
    """Where the revisions are read from, and whether that is failing."""

    url: str | None = None
    configured: bool = False  # False until use_database() or the settings gave the URL
    retry_at: float = 0.0  # monotonic time before which the files alone are used
    warned: bool = False  # one warning per failure, until the database works again


_lock = threading.Lock()
_database = _Database()
_files: dict[str, tuple[FileSignature, Entries]] = {}
_effective: dict[str, tuple[tuple[str, FileSignature, tuple[int, int]], Entries]] = {}


def use_database(url: str | None) -> None:
    """Read revisions from `url`; None: from no database (the files alone).

    Without a call, the URL of `bot.config.load_settings()` is used, read once per process.
    """
    global _database
    with _lock:
        _database = _Database(url=url, configured=True)
        _effective.clear()


def _database_url() -> str | None:
    """The database holding the revisions, read from the settings on first use."""
    if not _database.configured:
        _database.url = load_settings().database_url
        _database.configured = True
    return _database.url


def _signature(folder: Path) -> FileSignature:
    return tuple(sorted((p.name, p.stat().st_mtime) for p in folder.glob("*.y*ml")))


def _load_files(folder: Path) -> tuple[FileSignature, Entries]:
    """The folder's entries and the signature they were loaded at (call holding `_lock`)."""
    signature = _signature(folder)
    cached = _files.get(str(folder))
    if cached is None or cached[0] != signature:
        cached = (signature, load_entries(folder))
        _files[str(folder)] = cached
    return cached


def file_entries(folder: Path | str = DEFAULT_FOLDER) -> Entries:
    """The file entries alone, validated; reloaded only when a file was added, removed or
    changed."""
    with _lock:
        return _load_files(Path(folder))[1]


def _missing_sqlite_file(url: str) -> bool:
    """True for a SQLite file that does not exist (opening it would create an empty one)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return False
    database = parsed.database or ""
    return bool(database) and database != ":memory:" and not Path(database).exists()


def _failed(reason: str) -> None:
    """Use the files alone for a while; warn once until the database works again."""
    _database.retry_at = time.monotonic() + RETRY_SECONDS
    if not _database.warned:
        _database.warned = True
        log.warning("relief revisions unavailable (%s); using the files alone", reason)


def _with_revisions(url: str, folder: Path, signature: FileSignature, files: Entries) -> Entries:
    """`files` overlaid with the revisions in `url`; `files` when the database can't be used.

    The overlay is recomputed only when the files or the revisions changed.
    """
    try:
        if _missing_sqlite_file(url):
            _failed("no database file")
            return files
        with session_factory(url)() as session:
            key = (url, signature, revision_signature(session))
            cached = _effective.get(str(folder))
            if cached is None or cached[0] != key:
                cached = (key, overlay(session, files))
                _effective[str(folder)] = cached
    except (SQLAlchemyError, ImportError) as exc:  # ImportError: the driver isn't installed
        _failed(type(exc).__name__)
        return files
    _database.warned = False
    return cached[1]


def entries(folder: Path | str = DEFAULT_FOLDER) -> Entries:
    """Every entry as the assistant uses it: the files, validated, overlaid with the
    console's newest revisions when the database can be used."""
    path = Path(folder)
    with _lock:
        signature, files = _load_files(path)
        url = _database_url()
        if url is None or time.monotonic() < _database.retry_at:
            return files
        return _with_revisions(url, path, signature, files)
