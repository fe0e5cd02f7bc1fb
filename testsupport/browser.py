"""A headless Chromium for browser tests: Debian's package, installed when missing.

Playwright's own browser download needs the network at test time and a matching build;
Debian's `chromium` package comes from the distribution's mirror like any other system
package. `ensure_chromium()` returns its path, installing it first (as root, with apt-get)
when it is not there. When that fails it raises: browser tests then fail, they are not
skipped, so a machine that can't run them is noticed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
APT_PACKAGE = "chromium"
APT_TIMEOUT_S = 900.0
# The machine's network is closed: no background fetches, no QUIC probes, no updates.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def _say(text: str) -> None:
    print(f"[browser] {text}", file=sys.stderr, flush=True)


def _apt(apt_get: str, *args: str) -> bool:
    """Run apt-get with these arguments; True when it succeeded (its output goes to
    stderr, so a slow install shows progress)."""
    command = [apt_get, *args]
    _say("running: " + " ".join(command))
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        # Its output goes to this process's file descriptor 2 (stderr), whatever
        # sys.stderr is (pytest may replace it with an object that has no file number).
        result = subprocess.run(command, env=env, stdin=subprocess.DEVNULL,
                                stdout=2, stderr=2, timeout=APT_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        _say(f"{command[0]} {args[0]} did not run: {error}")
        return False
    if result.returncode != 0:
        _say(f"{command[0]} {args[0]} failed (exit code {result.returncode})")
    return result.returncode == 0


def _usable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def ensure_chromium(path: Path = CHROMIUM, apt_get: str = "apt-get") -> str:
    """The path of a Chromium executable, installing Debian's package when it is missing.

    Installs with `apt-get install -y --no-install-recommends chromium`; only if that
    fails runs `apt-get update` and tries once more. Raises RuntimeError with what to do
    when Chromium is still not there.
    """
    if _usable(path):
        return str(path)
    _say(f"{path} is missing: installing Debian's {APT_PACKAGE} package")
    if shutil.which(apt_get) is None:
        raise RuntimeError(
            f"Chromium is not installed at {path} and {apt_get} is not available to "
            f"install it. Install a Chromium (Debian: apt-get install {APT_PACKAGE}) "
            "to run the browser tests.")
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        raise RuntimeError(
            f"Chromium is not installed at {path} and installing it needs root. Run "
            f"`sudo apt-get install -y --no-install-recommends {APT_PACKAGE}` first.")
    install = ("install", "-y", "--no-install-recommends", APT_PACKAGE)
    if not _apt(apt_get, *install):
        _say("install failed; updating the package lists and trying again")
        if _apt(apt_get, "update"):
            _apt(apt_get, *install)
    if not _usable(path):
        raise RuntimeError(
            f"Chromium is still not installed at {path} after `apt-get install "
            f"{APT_PACKAGE}` (see the apt-get output above). The browser tests need it: "
            f"install it by hand (apt-get install -y --no-install-recommends {APT_PACKAGE})"
            " and run them again.")
    _say(f"installed {path}")
    return str(path)


def launch(playwright: Any, executable_path: str | None = None, **options: Any) -> Any:
    """A headless Chromium browser (Playwright sync or async `Playwright` object)."""
    return playwright.chromium.launch(
        executable_path=executable_path or ensure_chromium(),
        headless=True,
        args=list(CHROMIUM_ARGS),
        **options,
    )
