"""Encryption of sensitive data at rest (Fernet, from the `cryptography` package).

Keys come from DATA_ENCRYPTION_KEYS (comma-separated, newest first) or from a key file
(one key per line, newest first; created once with mode 0600). The newest key encrypts;
every listed key can decrypt, so keys can be rotated: `python -m bot keys rotate` adds a new
key and re-encrypts the stored conversations with it; old keys can then be removed.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, MultiFernet


def _write_private(path: Path, content: str) -> None:
    """Create `path` with mode 0600 (its folder 0700); keep whatever a racing writer wrote."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w") as handle:
        handle.write(content)


def key_lines(key_file: Path) -> list[str]:
    """The data keys, newest first: from DATA_ENCRYPTION_KEYS, else the key file (created)."""
    from_env = os.environ.get("DATA_ENCRYPTION_KEYS", "").strip()
    if from_env:
        return [k.strip() for k in from_env.split(",") if k.strip()]
    if not key_file.is_file():
        _write_private(key_file, Fernet.generate_key().decode() + "\n")
    return [line.strip() for line in key_file.read_text().splitlines() if line.strip()]


@lru_cache(maxsize=4)
def cipher(key_file: Path) -> MultiFernet:
    """Encrypts with the newest key, decrypts with any of them."""
    return MultiFernet([Fernet(key.encode()) for key in key_lines(key_file)])


def new_key_file_line(key_file: Path) -> None:
    """Put a new key first in the key file (for rotation); the old ones stay to decrypt."""
    keys = key_lines(key_file)
    content = "\n".join([Fernet.generate_key().decode(), *keys]) + "\n"
    temporary = key_file.with_suffix(".new")
    temporary.unlink(missing_ok=True)
    _write_private(temporary, content)
    os.replace(temporary, key_file)
    cipher.cache_clear()
