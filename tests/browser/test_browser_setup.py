"""testsupport.browser: Chromium is installed with apt-get when missing, or the tests fail.

A stand-in apt-get (a shell script) records its calls; nothing is installed for real.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from testsupport import browser


def fake_apt(tmp_path: Path, target: Path, installs_after_update: bool) -> tuple[str, Path]:
    """An apt-get that fails `install` until `update` ran (then creates `target`), or
    always fails."""
    calls = tmp_path / "calls.log"
    updated = tmp_path / "updated"
    script = tmp_path / "apt-get"
    script.write_text(f"""#!/bin/sh
echo "$*" >> "{calls}"
case "$1" in
  update) touch "{updated}"; exit 0 ;;
  install)
    if [ "{int(installs_after_update)}" = 1 ] && [ -e "{updated}" ]; then
      printf '#!/bin/sh\\n' > "{target}"; chmod +x "{target}"; exit 0
    fi
    exit 100 ;;
esac
exit 1
""")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script), calls


@pytest.fixture()
def as_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 0)


def test_an_installed_chromium_is_used_as_it_is(tmp_path: Path) -> None:
    target = tmp_path / "chromium"
    target.write_text("#!/bin/sh\n")
    target.chmod(0o755)
    apt_get, calls = fake_apt(tmp_path, target, installs_after_update=True)
    assert browser.ensure_chromium(target, apt_get=apt_get) == str(target)
    assert not calls.exists()


def test_missing_chromium_is_installed_updating_the_lists_only_when_needed(
        tmp_path: Path, as_root: None, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "chromium"
    apt_get, calls = fake_apt(tmp_path, target, installs_after_update=True)
    assert browser.ensure_chromium(target, apt_get=apt_get) == str(target)
    assert calls.read_text().splitlines() == [
        "install -y --no-install-recommends chromium",
        "update",
        "install -y --no-install-recommends chromium",
    ]
    assert "installing Debian's chromium package" in capsys.readouterr().err


def test_a_failed_install_is_an_error_not_a_skip(tmp_path: Path, as_root: None) -> None:
    target = tmp_path / "chromium"
    apt_get, calls = fake_apt(tmp_path, target, installs_after_update=False)
    with pytest.raises(RuntimeError, match="apt-get install"):
        browser.ensure_chromium(target, apt_get=apt_get)
    assert calls.read_text().splitlines()[1] == "update"


def test_launch_is_headless_with_the_offline_flags() -> None:
    seen: dict[str, Any] = {}

    class Chromium:
        def launch(self, **options: Any) -> str:
            seen.update(options)
            return "browser"

    class FakePlaywright:
        chromium = Chromium()

    assert browser.launch(FakePlaywright(), "/opt/chromium") == "browser"
    assert seen["executable_path"] == "/opt/chromium"
    assert seen["headless"] is True
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"):
        assert flag in seen["args"]
