"""The teacher's tools in Chromium: a lesson stepped through with the clicker keys, and the join QR code."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from tests.st_helpers import by_key, wait_for_app


def load_example(page, base_url, title):
    page.goto(f"{base_url}/lesson")
    wait_for_app(page)
    page.get_by_test_id("stSelectbox").filter(has_text="Example lessons").click()
    page.get_by_role("option", name=title).click()
    page.get_by_role("button", name="Load this example").click()
    expect(page.get_by_role("button", name="Start the lesson")).to_be_visible()


def test_a_lesson_steps_through_its_views_with_page_down_and_page_up(page, app_url, screenshots_dir):
    load_example(page, app_url, "Derivatives in 10 minutes")
    page.get_by_role("button", name="Start the lesson").click()
    expect(page).to_have_url(re.compile(r"/rate_of_change"))
    expect(page.get_by_test_id("stSidebarUserContent").get_by_text("step 1 of 7")).to_be_visible()
    wait_for_app(page)
    page.keyboard.press("PageDown")  # step 2: the same page with Δx = 0.01, by way of the Lesson page
    expect(page.get_by_test_id("stSidebarUserContent").get_by_text("step 2 of 7")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/rate_of_change\?.*roc_dx=0\.01"))
    expect(by_key(page, "roc_dx").get_by_test_id("stSliderThumbValue")).to_have_text("0.01")
    wait_for_app(page)
    page.keyboard.press("PageDown")
    expect(page).to_have_url(re.compile(r"/tangent_line"))
    expect(page.get_by_test_id("stSidebarUserContent").get_by_text("step 3 of 7")).to_be_visible()
    wait_for_app(page)
    page.keyboard.press("PageUp")
    expect(page.get_by_test_id("stSidebarUserContent").get_by_text("step 2 of 7")).to_be_visible()
    expect(by_key(page, "roc_dx").get_by_test_id("stSliderThumbValue")).to_have_text("0.01")
    page.screenshot(path=str(screenshots_dir / "lesson-step.png"))


def test_presenter_mode_lesson_screenshot(page, app_url, screenshots_dir):
    load_example(page, app_url, "From gradients to a trained network")
    page.get_by_text("Presenter mode").click()
    wait_for_app(page)
    page.get_by_role("button", name="Start the lesson").click()
    expect(page).to_have_url(re.compile(r"/descent_1d\?.*presenter=true"))
    wait_for_app(page)
    page.keyboard.press("PageDown")
    expect(page.get_by_test_id("stSidebarUserContent").get_by_text("step 2 of 9")).to_be_visible()
    expect(page).to_have_url(re.compile(r"d1_lr=1\.2"))
    wait_for_app(page)
    page.screenshot(path=str(screenshots_dir / "lesson-presenter.png"))


def test_join_qr_code_decodes_to_the_views_address(page, app_url, screenshots_dir):
    page.goto(f"{app_url}/descent_1d?d1_lr=0.3")
    wait_for_app(page)
    page.get_by_role("button", name="Join by QR code").click()
    dialog = page.get_by_role("dialog")
    image = dialog.get_by_role("img").first
    expect(image).to_be_visible()
    png = image.screenshot()
    page.screenshot(path=str(screenshots_dir / "join-qr.png"))
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))[0].text
    parts = urlsplit(decoded)
    assert parts.path == "/descent_1d"
    assert parse_qs(parts.query)["d1_lr"] == ["0.3"]
    assert parts.port == urlsplit(app_url).port
    expect(dialog).to_contain_text(decoded)


def press_until(page, key: str, target, attempts: int = 4) -> None:
    """Press ``key`` until ``target`` shows. While training plays the page reruns several times a second,
    and a key pressed in the instant a button is being replaced is not seen (as a mouse click would not
    be): a person presses again, and so does this test, a bounded number of times."""
    for _ in range(attempts):
        page.keyboard.press(key)
        try:
            expect(target).to_be_visible(timeout=8_000)
            return
        except AssertionError:
            continue
    expect(target).to_be_visible(timeout=1)


def test_shortcut_keys_play_and_pause_training(page, app_url):
    page.goto(f"{app_url}/linear_regression")
    wait_for_app(page)
    title = by_key(page, "reg_fit").locator("svg.marks .role-mark.mark-text text")
    expect(title).to_contain_text("after 0 steps")
    page.get_by_role("heading", level=1).first.click()  # focus the page, not a text box
    press_until(page, "p", page.get_by_role("button", name="Pause"))
    expect(title).to_contain_text(re.compile(r"after [1-9][\d,]* steps"))
    press_until(page, "p", page.get_by_role("button", name="Play"))
    wait_for_app(page)
    paused_at = title.text_content()
    page.wait_for_timeout(1500)
    assert title.text_content() == paused_at  # paused: no more steps
    page.keyboard.press("s")
    expect(title).not_to_have_text(paused_at)  # one step


def test_predict_then_reveal_shows_the_answer_beside_the_guess(page, app_url, screenshots_dir):
    page.goto(f"{app_url}/tangent_line?tan_predict=true")
    wait_for_app(page)
    expect(by_key(page, "tan_chart").locator(".gtitle")).to_be_visible()
    assert by_key(page, "tan_chart").get_by_text("tan θ = f′(x)").count() == 0  # no tangent yet
    guess = page.get_by_label(re.compile("Your guess: the slope"))
    guess.fill("0.5")
    guess.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Reveal").click()
    success = page.get_by_test_id("stAlertContentSuccess")
    expect(success).to_contain_text("Answer: 1.000")  # sin′(0) = cos 0 = 1 at the default x₀ = 0
    expect(success).to_contain_text("Your guess: 0.500, off by 0.500")
    page.screenshot(path=str(screenshots_dir / "predict_reveal.png"))
