"""A shared link cannot put a clickable link, HTML or a crash into the app (real Chromium)."""

from urllib.parse import quote

from playwright.sync_api import expect

from tests.st_helpers import wait_for_app

FIRST_RUN_MS = 120_000  # a page's first run compiles its JAX code; on a busy shared machine that takes a while


def settle(page) -> None:
    page.wait_for_function("() => document.querySelector('[data-testid=stApp]')?.dataset.testScriptState"
                           " === 'notRunning'", timeout=FIRST_RUN_MS)
    wait_for_app(page)


EVIL = "[Session expired — log in again](http://evil.example) <b>bold</b>"


def test_a_markdown_link_in_a_shared_formula_is_shown_as_text(browser, app_url, screenshots_dir):
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/descent_1d?d1_formula={quote(EVIL)}")
    settle(page)
    alert = page.get_by_test_id("stAlertContentError").filter(has_text="Still showing the last good formula")
    expect(alert).to_be_visible()
    shown = alert.inner_text().replace("\u2060", "")  # invisible word joiners keep URLs from autolinking
    assert "[Session expired — log in again](http://evil.example) <b>bold</b>" in shown  # exactly as typed
    assert page.locator('a[href^="http://evil"]').count() == 0  # no link to it anywhere in the page
    assert alert.locator("b, strong a, a").count() == 0
    page.screenshot(path=str(screenshots_dir / "hostile_link_markdown.png"))
    assert not errors


def test_a_5000_digit_seed_in_a_link_is_refused_in_words(browser, app_url):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_url}/linear_regression?reg_seed={'9' * 5000}")
    settle(page)
    expect(page.get_by_test_id("stAlertContentWarning").filter(has_text="could not be used")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
