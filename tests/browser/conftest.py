"""Browser tests: the staff console in its own process, driven by a real headless Chromium.

Chromium is Debian's package (testsupport.browser installs it when missing; if that fails
the tests fail). Pages open at phone size: the console is used on phones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from testsupport.browser import ensure_chromium, launch
from testsupport.console_server import ConsoleServer

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TIMEOUT_MS = 10_000

# username -> (password, role, display name)
ACCOUNTS = {
    "ana": ("harbor lights 42", "admin", "Ana"),
    "sam": ("quiet river 7 stones", "staff", "Sam"),
    "cora": ("maple tea kettle 9", "counselor", "Cora"),
}


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium, installed first when missing (fails the tests if it can't be)."""
    return ensure_chromium()


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    """Playwright's sync API (its driver process), for one test module: while it runs it
    holds an asyncio loop in the main thread, so it must end before any other module's
    asyncio tests run (session scope broke every later test that uses asyncio.run)."""
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="module")
def browser(playwright: Playwright, chromium_path: str) -> Iterator[Browser]:
    """One headless Chromium per test module."""
    chromium = launch(playwright, chromium_path)
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleServer]:
    """The console with the sample programs and an admin, a staff and a counselor account
    (a fresh data folder for each test module)."""
    server = ConsoleServer(tmp_path_factory.mktemp("console") / "var")
    with server:
        for username, (password, role, display_name) in ACCOUNTS.items():
            server.create_account(username, password, role, display_name)
        yield server


def open_context(browser: Browser, console: ConsoleServer, **options: object
                 ) -> BrowserContext:
    """A fresh browser profile (no cookies) at phone size, with the console as base URL."""
    context = browser.new_context(base_url=console.url, accept_downloads=True,
                                  **{**PHONE, "device_scale_factor": 1, **options})
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture()
def page(browser: Browser, console: ConsoleServer) -> Iterator[Page]:
    """A page in a fresh browser profile at phone size (390 x 844)."""
    context = open_context(browser, console)
    yield context.new_page()
    context.close()


def sign_in(page: Page, username: str, password: str | None = None) -> None:
    """Sign in through the real form and wait for the page it leads to."""
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password or ACCOUNTS[username][0])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.fixture()
def login(page: Page) -> Callable[[str], Page]:
    """`login("sam")`: sign the test's page in as that account; returns the page."""

    def _login(username: str) -> Page:
        sign_in(page, username)
        return page

    return _login


@pytest.fixture()
def docs_dir() -> Path:
    """Where the README's screenshots live."""
    from bot.config import ROOT

    return ROOT / "docs"
