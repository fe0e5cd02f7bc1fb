"""Pseudonymous ids: a keyed hash of the channel's user id, never the id itself."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path


def load_or_create_key(path: Path) -> bytes:
    """Read the pseudonym key from PSEUDONYM_KEY or a file, creating the file (0600) once."""
    from_env = os.environ.get("PSEUDONYM_KEY", "").strip()
    if from_env:
        return from_env.encode()
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first: use theirs
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_hex(32).encode())
    return path.read_bytes().strip()


class Pseudonymizer:
    """Turns a channel user id into a stable pseudonymous sender id."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("pseudonym key is too short (need at least 16 bytes)")
        self._key = key

    def sender_id(self, channel: str, user_id: int | str) -> str:
        """Stable 32-hex-character id for this person on this channel."""
        digest = hmac.new(self._key, f"{channel}:{user_id}".encode(), hashlib.sha256)
        return digest.hexdigest()[:32]
