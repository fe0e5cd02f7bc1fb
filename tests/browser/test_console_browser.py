"""The staff console as people use it: a real headless Chromium at phone size, the console
in its own process (waitress), the real forms, the real database.

Each test opens a fresh browser profile and signs in through the login form; the console
and its data folder are shared by the tests of this module.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from bot.programs.models import Program
from bot.programs.schema import EXPORT_COLUMNS
from tests.browser.conftest import sign_in
from testsupport.console_server import ConsoleServer

OLD_CHECK = "2024-01-15"


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def today() -> str:
    return dt.date.today().isoformat()


def program_count(console: ConsoleServer, *keys: str) -> int:
    with console.session() as session:
        return int(session.execute(select(func.count()).select_from(Program).where(
            Program.key.in_(keys))).scalar_one())


def flash(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("p.flash")


def card(page: Page, name: str):  # type: ignore[no-untyped-def]
    """The program's card in the list (found by its exact title)."""
    title = page.locator("a.title").filter(has_text=re.compile(f"^{re.escape(name)}$"))
    return page.locator(".card").filter(has=title)


def search_list(page: Page, words: str) -> None:
    """Programs page, filtered with the search box like a person would."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programs").click()
    expect(page.get_by_role("heading", name="Programs", exact=True)).to_be_visible()
    page.get_by_label("Search").fill(words)
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"/programs\?"))


def fill_new_program(page: Page, **values: str) -> None:
    """Type into the "Add a program" form (fields by their id, i-<column>)."""
    for column, value in values.items():
        page.locator(f"#i-{column}").fill(value)


def csv_file(path: Path, rows: list[dict[str, str]]) -> Path:
    """A program spreadsheet with the documented columns."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(EXPORT_COLUMNS))
        writer.writeheader()
        for row in rows:
            writer.writerow({c: "" for c in EXPORT_COLUMNS} | row)
    return path


def upload(page: Page, path: Path) -> None:
    page.goto("/programs")
    page.get_by_role("link", name="Upload CSV").click()
    expect(page.get_by_role("heading", name="Upload a spreadsheet")).to_be_visible()
    page.locator("input[type=file]").set_input_files(path)
    page.get_by_role("button", name="Check the file").click()


# --- signed out ----------------------------------------------------------------------------

def test_anonymous_visitor_only_sees_the_sign_in_page(page: Page) -> None:
    for address in ("/", "/programs", "/accounts", "/programs/1", "/programs/export.csv"):
        page.goto(address)
        assert path_of(page) == "/login", address
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        expect(page.get_by_role("link", name="Programs")).to_have_count(0)
        expect(page.locator(".card")).to_have_count(0)
        body = page.locator("body").inner_text()
        assert "SAMPLE" not in body and "Download CSV" not in body, address
    expect(flash(page)).to_have_text("Please sign in to see that page.")


def test_wrong_password_is_refused_with_one_message(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong username or password.")
    assert path_of(page) == "/login"
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


# --- staff -----------------------------------------------------------------------------------

def test_staff_adds_a_program_fixes_errors_and_marks_it_checked(
        login: Callable[[str], Page], console: ConsoleServer) -> None:
    page = login("sam")
    assert path_of(page) == "/"
    expect(page.get_by_role("heading", name="Hello, Sam")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programs").click()
    page.get_by_role("link", name="Add a program").click()
    expect(page.get_by_role("heading", name="Add a program")).to_be_visible()
    assert path_of(page) == "/programs/new"
    # The form starts with today's date and the signed-in account as "checked by".
    expect(page.locator("#i-last_verified")).to_have_value(today())
    expect(page.locator("#i-verified_by")).to_have_value("sam")

    fill_new_program(page, key="browser-forklift", total_cost_usd="lots",
                     provider_name="Browser Test Logistics", city="Savannah", state="GA",
                     zip="31401", last_verified=OLD_CHECK, verified_by="outreach team")
    page.get_by_role("button", name="Save").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was saved")
    expect(page.locator("#f-total_cost_usd .field-error")).to_have_text(
        "must be a number like 1200 or 0")
    expect(page.locator("#f-name .field-error")).to_have_text("required")
    expect(page.locator(".field-error")).to_have_count(2)
    # What was typed is still there, to fix rather than type again.
    expect(page.locator("#i-total_cost_usd")).to_have_value("lots")
    expect(page.locator("#i-provider_name")).to_have_value("Browser Test Logistics")
    assert program_count(console, "browser-forklift") == 0

    fill_new_program(page, name="Forklift Safety (browser test)", total_cost_usd="450")
    page.get_by_role("button", name="Save").click()
    expect(flash(page)).to_contain_text("Saved")
    expect(flash(page)).to_contain_text("Forklift Safety (browser test)")
    expect(page.get_by_role("heading", name="Forklift Safety (browser test)")).to_be_visible()
    expect(page.locator("#i-key")).to_have_value("browser-forklift")
    expect(page.locator("#i-key")).to_have_attribute("readonly", "")
    expect(page.get_by_role("alert")).to_have_count(0)

    search_list(page, "Forklift Safety (browser test)")
    expect(page.locator(".card")).to_have_count(1)
    listing = card(page, "Forklift Safety (browser test)")
    expect(listing).to_contain_text("Browser Test Logistics")
    expect(listing).to_contain_text("Savannah, GA · in person")
    expect(listing.locator(".badge").first).to_have_text(
        f"checked {OLD_CHECK} by outreach team")

    listing.get_by_role("button", name="Checked today").click()
    expect(flash(page)).to_have_text(
        "Marked “Forklift Safety (browser test)” as checked today.")
    # Back on the same filtered list, the badge now says today and who checked.
    assert parse_qs(urlsplit(page.url).query).get("q") == ["Forklift Safety (browser test)"]
    expect(card(page, "Forklift Safety (browser test)").locator(".badge").first).to_have_text(
        f"checked {today()} by sam")


def test_in_person_program_with_only_a_zip_is_not_listed_as_online(
        login: Callable[[str], Page]) -> None:
    page = login("sam")
    page.goto("/programs/new")
    fill_new_program(page, key="browser-zip-only", name="Zip Only Placement (browser test)",
                     provider_name="Browser Test Places", zip="31401")
    expect(page.locator("#i-format")).to_have_value("in_person")
    page.get_by_role("button", name="Save").click()
    expect(flash(page)).to_contain_text("Saved")
    search_list(page, "Zip Only Placement (browser test)")
    listing = card(page, "Zip Only Placement (browser test)")
    expect(listing).to_contain_text("in person")
    expect(listing).not_to_contain_text("Online", timeout=1000)


def test_an_odd_page_number_shows_the_first_page(login: Callable[[str], Page]) -> None:
    page = login("sam")
    response = page.goto("/programs?page=%C2%B2")
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", name="Programs", exact=True)).to_be_visible()


def test_staff_upload_refuses_a_bad_file_whole_then_imports_a_good_one(
        login: Callable[[str], Page], console: ConsoleServer, tmp_path: Path) -> None:
    good = {"key": "browser-welding", "name": "Welding Basics (browser test)",
            "provider_name": "Browser Test Trades", "format": "in_person",
            "city": "Savannah", "state": "GA", "zip": "31401",
            "last_verified": OLD_CHECK, "total_cost_usd": "0"}
    bad = {"key": "browser-sometimes", "name": "Sometimes Open (browser test)",
           "provider_name": "Browser Test Trades", "format": "sometimes",
           "city": "Savannah", "state": "GA", "zip": "ABCDE", "last_verified": OLD_CHECK}
    page = login("sam")

    upload(page, csv_file(tmp_path / "mixed.csv", [good, bad]))
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved.")
    expect(page.get_by_role("alert")).to_contain_text("mixed.csv has 2 problems")
    problems = [tuple(cells) for cells in page.locator("table.errors tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))")]
    assert [(row, column) for row, column, _reason in problems] == [
        ("3", "format"), ("3", "zip")], problems
    assert "in_person, online or hybrid" in problems[0][2]
    assert "5 digits" in problems[1][2]
    expect(page.get_by_role("button", name="Save these changes")).to_have_count(0)
    # Not even the good row was written.
    assert program_count(console, good["key"], bad["key"]) == 0

    upload(page, csv_file(tmp_path / "good.csv", [good]))
    expect(page.get_by_role("heading", name="Check before saving")).to_be_visible()
    expect(page.locator("main")).to_contain_text("good.csv: 1 row. 1 new, 0 changed")
    expect(page.locator("table.changes")).to_contain_text("Welding Basics (browser test)")
    assert program_count(console, good["key"]) == 0  # a preview writes nothing

    page.get_by_role("button", name="Save these changes").click()
    expect(flash(page)).to_have_text("Imported: 1 new, 0 changed, 0 unchanged.")
    assert path_of(page) == "/programs"
    assert program_count(console, good["key"]) == 1
    search_list(page, "Welding Basics (browser test)")
    expect(page.locator(".card")).to_have_count(1)
    expect(card(page, "Welding Basics (browser test)")).to_contain_text("Savannah, GA")


def test_staff_downloads_the_catalog_as_csv(
        login: Callable[[str], Page], console: ConsoleServer, tmp_path: Path) -> None:
    page = login("sam")
    page.goto("/programs/new")
    fill_new_program(page, key="browser-export", name="Export Check (browser test)",
                     provider_name="Browser Test Export", zip="31401")
    page.get_by_role("button", name="Save").click()
    expect(flash(page)).to_contain_text("Saved")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programs").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").click()
    download = info.value
    assert re.fullmatch(r"programs-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    raw = saved.read_bytes()
    assert raw.startswith("\ufeff".encode()), "spreadsheets need the BOM to read UTF-8"
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == list(EXPORT_COLUMNS)
    keys = {row[0] for row in rows[1:]}
    assert "browser-export" in keys
    exported = dict(zip(rows[0], next(r for r in rows[1:] if r[0] == "browser-export"),
                        strict=True))
    assert exported["name"] == "Export Check (browser test)"
    assert exported["provider_name"] == "Browser Test Export"


def test_sign_out_ends_the_session(login: Callable[[str], Page]) -> None:
    page = login("sam")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programs").click()
    expect(page.locator(".card").first).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    assert path_of(page) == "/login"
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(flash(page)).to_have_text("You are signed out, on every device.")

    # The browser's Back button does not show the list again (pages are not cached).
    page.go_back()
    assert path_of(page) == "/login"
    expect(page.locator(".card")).to_have_count(0)

    page.goto("/programs")
    assert path_of(page) == "/login"
    assert parse_qs(urlsplit(page.url).query).get("next") == ["/programs"]
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.locator(".card")).to_have_count(0)


def test_program_names_are_shown_as_text_never_run(
        login: Callable[[str], Page], console: ConsoleServer) -> None:
    name = "<script>window.__pwned=1</script>Bakery"
    page = login("sam")
    page.goto("/programs/new")
    fill_new_program(page, key="browser-xss", name=name,
                     provider_name="<img src=x onerror=\"window.__pwned=2\">Ovens", zip="31401")
    page.get_by_role("button", name="Save").click()
    expect(flash(page)).to_have_text(f"Saved “{name}”.")
    expect(page.locator("h1")).to_have_text(name)
    assert page.evaluate("window.__pwned") is None

    search_list(page, "Bakery")
    listing = card(page, name)
    expect(listing).to_have_count(1)
    expect(listing.locator("a.title")).to_have_text(name)
    expect(listing).to_contain_text('<img src=x onerror="window.__pwned=2">Ovens')
    assert page.locator("main script, main img").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert "&lt;script&gt;" in page.content()


# --- counselor -------------------------------------------------------------------------------

def test_counselor_reads_programs_but_cannot_change_them(
        login: Callable[[str], Page], console: ConsoleServer) -> None:
    page = login("cora")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Accounts")).to_have_count(0)
    expect(page.get_by_role("link", name="Add a program")).to_have_count(0)
    nav.get_by_role("link", name="Programs").click()
    expect(page.locator(".card").first).to_be_visible()
    for label in ("Add a program", "Upload CSV", "Download CSV"):
        expect(page.get_by_role("link", name=label)).to_have_count(0)
    expect(page.get_by_role("button", name="Checked today")).to_have_count(0)

    first = page.locator(".card a.title").first
    name = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    program_path = path_of(page)
    for column in ("name", "total_cost_usd", "description", "format", "last_verified"):
        expect(page.locator(f"#i-{column}")).to_be_disabled()
    expect(page.locator(".program-form input[type=checkbox]").first).to_be_disabled()
    for button in ("Save", "Checked today", "Archive", "Restore"):
        expect(page.get_by_role("button", name=button, exact=True)).to_have_count(0)
    # The only thing a counselor can send from this page is "Sign out".
    senders = page.locator("form[method=post] button, form[method=post] input[type=submit]")
    expect(senders).to_have_count(1)
    expect(senders).to_have_text("Sign out")

    # Even a hand-made POST with a valid CSRF token is refused by the server.
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    statuses = page.evaluate(
        """async ([path, token]) => {
            const send = async (url, fields) => {
                const body = new FormData();
                body.append('csrf_token', token);
                for (const [k, v] of Object.entries(fields)) body.append(k, v);
                const r = await fetch(url, {method: 'POST', body, redirect: 'manual'});
                return r.status;
            };
            return [await send(path, {name: 'Changed by a counselor'}),
                    await send(path + '/verify', {}), await send(path + '/archive', {})];
        }""", [program_path, token])
    assert statuses == [403, 403, 403]
    page.reload()
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()

    for address in ("/programs/new", "/programs/import", "/programs/export.csv", "/accounts"):
        response = page.goto(address)
        assert response is not None and response.status == 403, address
        expect(page.get_by_role("heading", name="Not for your role")).to_be_visible()


# --- admin -----------------------------------------------------------------------------------

def test_admin_sees_accounts_and_staff_does_not(page: Page) -> None:
    sign_in(page, "ana")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Accounts").click()
    expect(page.get_by_role("heading", name="Accounts")).to_be_visible()
    for username in ("ana", "sam", "cora"):
        expect(page.get_by_role("link", name=username, exact=True)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "sam")
    expect(page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Accounts")).to_have_count(0)
    response = page.goto("/accounts")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="Not for your role")).to_be_visible()
