"""Conversations are encrypted at rest, still readable by Rasa, and keys can be rotated."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.crypto import cipher, key_lines, new_key_file_line
from bot.db.session import engine_for
from bot.db.tracker_store import EncryptedSQLTrackerStore, reencrypt_events

SECRET = "my name is Maria and he took my passport"


@pytest.fixture()
def store(settings, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("DATA_ENCRYPTION_KEYS", raising=False)
    cipher.cache_clear()
    url = f"sqlite:///{settings.var_dir / 'tracker.db'}"
    domain = Domain.from_yaml("version: '3.1'\nintents: [greet]\n")
    return EncryptedSQLTrackerStore(domain=domain, host=url), url


async def save_conversation(tracker_store: EncryptedSQLTrackerStore) -> None:
    tracker = DialogueStateTracker("sender-1", [])
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered(SECRET, {"name": "greet", "confidence": 1.0}))
    await tracker_store.save(tracker)


async def test_text_is_not_stored_in_clear_but_reads_back(store, settings) -> None:  # type: ignore[no-untyped-def]
    tracker_store, url = store
    await save_conversation(tracker_store)
    raw = (settings.var_dir / "tracker.db").read_bytes()
    raw += (settings.var_dir / "tracker.db-wal").read_bytes() if (
        settings.var_dir / "tracker.db-wal").exists() else b""
    assert b"passport" not in raw and b"Maria" not in raw
    tracker = await tracker_store.retrieve("sender-1")
    assert tracker.latest_message.text == SECRET


def test_key_file_is_private(store, settings) -> None:  # type: ignore[no-untyped-def]
    path = settings.data_key_file
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(key_lines(path)) == 1


async def test_rotation_reencrypts_so_the_old_key_can_go(store, settings) -> None:  # type: ignore[no-untyped-def]
    tracker_store, url = store
    await save_conversation(tracker_store)
    key_file: Path = settings.data_key_file
    old = key_lines(key_file)[0]
    new_key_file_line(key_file)
    assert key_lines(key_file)[1] == old
    assert reencrypt_events(engine_for(url), key_file) == 2
    key_file.write_text(key_lines(key_file)[0] + "\n")  # drop the old key
    cipher.cache_clear()
    tracker = await tracker_store.retrieve("sender-1")
    assert tracker.latest_message.text == SECRET
