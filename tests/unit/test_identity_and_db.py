"""Pseudonymous ids, and the message-id store that quick exit uses."""

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db import users
from bot.db.models import ChatMessage, User, utcnow
from bot.identity import Pseudonymizer, load_or_create_key


def test_sender_id_is_stable_keyed_and_hides_the_telegram_id() -> None:
    a = Pseudonymizer(b"k" * 32)
    b = Pseudonymizer(b"j" * 32)
    sid = a.sender_id("telegram", 123456789)
    assert sid == a.sender_id("telegram", 123456789)
    assert sid != b.sender_id("telegram", 123456789)
    assert sid != a.sender_id("telegram", 123456780)
    assert "123456789" not in sid and len(sid) == 32


def test_short_key_is_refused() -> None:
    with pytest.raises(ValueError):
        Pseudonymizer(b"short")


def test_key_file_is_created_once_with_private_permissions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PSEUDONYM_KEY", raising=False)
    path = tmp_path / "secrets" / "pseudonym.key"
    first = load_or_create_key(path)
    assert load_or_create_key(path) == first
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(first) >= 32


def test_privacy_notice_is_remembered(session) -> None:  # type: ignore[no-untyped-def]
    assert not users.has_seen_privacy_notice(session, "abc")
    users.mark_privacy_notice(session, "abc")
    assert users.has_seen_privacy_notice(session, "abc")
    assert session.get(User, "abc").privacy_notice_at is not None


def test_quick_exit_ids_only_inside_the_48_hour_window(session) -> None:  # type: ignore[no-untyped-def]
    users.record_messages(session, "abc", [1, 2, 3], "out")
    users.record_messages(session, "zzz", [9], "out")
    old = ChatMessage(user_id="abc", message_id=0, direction="in",
                      sent_at=utcnow() - dt.timedelta(hours=49))
    session.add(old)
    session.flush()
    assert users.pop_deletable_messages(session, "abc") == [1, 2, 3]
    remaining = session.execute(select(ChatMessage.user_id)).scalars().all()
    assert remaining == ["zzz"]
    assert users.pop_deletable_messages(session, "abc") == []
