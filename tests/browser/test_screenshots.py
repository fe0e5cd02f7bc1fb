"""The README's console screenshots. Every run takes them (so the pages they show keep
working at phone width); `UPDATE_SCREENSHOTS=1` writes them into docs/ for the README,
otherwise they go to a temporary folder (fonts differ between machines).

This module has its own console (only the sample programs), so the pictures don't depend
on what other tests added. Phone width, 390 x 1400 CSS px at a device scale of 2 (780 x
2800 pixels): the top of each page, about 1.7 phone screens, with the sticky Save button
at the bottom where a phone shows it (a full-page capture would leave it mid-picture).
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import open_context, sign_in
from testsupport.console_server import ConsoleServer

SCREEN = {"width": 390, "height": 1400}
SCALE = 2
MAX_BYTES = 400_000


def _shoot(page: Page, path: Path) -> None:
    page.screenshot(path=str(path), animations="disabled", caret="hide")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (SCREEN["width"] * SCALE, SCREEN["height"] * SCALE)
    assert 10_000 < len(data) <= MAX_BYTES, f"{path.name}: {len(data)} bytes"


def test_screenshots(browser: Browser, console: ConsoleServer, docs_dir: Path,
                     tmp_path: Path) -> None:
    target = docs_dir if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    context = open_context(browser, console, viewport=SCREEN, device_scale_factor=SCALE)
    try:
        page = context.new_page()
        sign_in(page, "sam")
        page.goto("/programs")
        expect(page.locator(".card").first).to_be_visible()
        _shoot(page, target / "console-programs-phone.png")

        page.locator(".card a.title").first.click()
        expect(page.locator("#i-name")).to_be_visible()
        expect(page.get_by_role("button", name="Save", exact=True)).to_be_visible()
        _shoot(page, target / "console-edit-phone.png")
    finally:
        context.close()
