"""Derivative pages in Chromium: the tangent animation plays in the browser; a bad formula keeps the figure."""

from playwright.sync_api import expect

from tests.st_helpers import by_key, fresh, goto_page, wait_for_app

TANGENT = "document.querySelector('.st-key-tan_chart:not([data-stale=\"true\"]) .js-plotly-plot')"
STATE_JS = f"""() => {{ const gd = {TANGENT};
  return {{x: Array.from(gd._fullData[1].x), y: Array.from(gd._fullData[1].y),
          active: gd._fullLayout.sliders[0].active, frames: (gd._transitionData._frames || []).length}}; }}"""


def test_tangent_animation_plays_in_the_browser(page, app_url, page_errors, screenshots_dir):
    goto_page(page, app_url, "tangent_line")
    page.wait_for_function(f"() => {{ const gd = {TANGENT}; return gd && gd._fullData && gd._transitionData; }}")
    before = page.evaluate(STATE_JS)
    assert before["frames"] == 120 and before["active"] == 0
    by_key(page, "tan_chart").locator(".updatemenu-button").filter(has_text="Play").click()
    page.wait_for_function(f"() => {{ const gd = {TANGENT}; return gd && gd._fullLayout.sliders[0].active >= 10; }}")
    # (Pause is not pressed here: Plotly rejects the interrupted animate() promise, a console-only error.)
    after = page.evaluate(STATE_JS)
    assert after["active"] >= 10
    assert after["x"] != before["x"] and after["y"] != before["y"], (before, after)
    assert after["x"][0] > before["x"][0]  # the tangent moved to the right along the curve
    page.screenshot(path=str(screenshots_dir / "tangent_line_playing.png"), full_page=True)
    assert not page_errors, page_errors


def test_bad_formula_shows_a_message_and_keeps_the_last_figure(page, app_url, page_errors, screenshots_dir):
    goto_page(page, app_url, "rate_of_change")
    title = by_key(page, "roc_secant").locator(".gtitle")
    expect(title).to_contain_text("Secant")
    box = by_key(page, "roc_formula").locator("input")
    box.fill("sin(x")
    box.press("Enter")
    expect(fresh(page, "stAlertContentError")).to_contain_text("missing ')'")
    wait_for_app(page)
    assert page.get_by_test_id("stException").count() == 0
    expect(by_key(page, "roc_secant").locator(".gtitle")).to_contain_text("Secant")
    points = page.evaluate("""() => document.querySelector(
        '.st-key-roc_secant:not([data-stale="true"]) .js-plotly-plot')._fullData[0].y.length""")
    assert points > 100
    page.screenshot(path=str(screenshots_dir / "rate_of_change_bad_formula.png"), full_page=True)
    assert not page_errors, page_errors
