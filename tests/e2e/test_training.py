"""Training lab in real Chromium: pages render, the network trains live, pauses, and sessions stay separate."""

import re

import pytest
from playwright.sync_api import expect

from tests.st_helpers import by_key, goto_page, plot_point_counts, wait_for_app

TITLE_JS = """() => { const t = document.querySelector(
  '.st-key-nn_prediction:not([data-stale="true"]) .gtitle'); return t ? t.textContent : ''; }"""
LOSS_Y_JS = """() => { const gd = document.querySelector(
  '.st-key-nn_loss:not([data-stale="true"]) .js-plotly-plot'); const y = gd._fullData[0].y;
  return y[y.length - 1]; }"""


def steps_shown(page) -> int:
    match = re.search(r"after ([\d,]+) steps", page.evaluate(TITLE_JS))
    return int(match.group(1).replace(",", "")) if match else -1


@pytest.mark.parametrize("slug", ["linear_regression", "jit", "per_example"])
def test_training_page_renders(page, app_url, page_errors, screenshots_dir, slug):
    page.set_viewport_size({"width": 1400, "height": 2400})
    goto_page(page, app_url, slug)
    page.wait_for_timeout(300)
    wait_for_app(page)
    page.screenshot(path=str(screenshots_dir / f"training_{slug}.png"), full_page=True)
    assert page.get_by_test_id("stException").count() == 0
    assert all(count > 0 for count in plot_point_counts(page))
    assert not page_errors, page_errors


def test_network_trains_live_pauses_and_sessions_are_independent(browser, app_url, screenshots_dir):
    other = browser.new_page(viewport={"width": 1400, "height": 1800})
    goto_page(other, app_url, "neural_network")
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    goto_page(page, app_url, "neural_network")
    page.wait_for_function(f"() => /after 0 steps/.test(({TITLE_JS})())")
    loss_before = page.evaluate(LOSS_Y_JS)

    page.get_by_role("button", name="Play").click()
    page.wait_for_function(f"() => /after [0-9,]{{5,}} steps/.test(({TITLE_JS})())", timeout=30_000)
    assert steps_shown(page) >= 1000  # several ticks of 2 chunks of 100 steps
    assert page.evaluate(LOSS_Y_JS) < loss_before
    page.screenshot(path=str(screenshots_dir / "training_neural_network.png"), full_page=True)

    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Play")).to_be_visible()
    wait_for_app(page)
    paused_at = steps_shown(page)
    page.wait_for_timeout(1200)
    assert steps_shown(page) == paused_at

    # The other session kept its own parameters: one Step there trains its untouched network once.
    expect(by_key(other, "nn_prediction").locator(".gtitle")).to_contain_text("after 0 steps")
    other.get_by_role("button", name="Step").click()
    expect(by_key(other, "nn_prediction").locator(".gtitle")).to_contain_text("after 100 steps")
    assert steps_shown(page) == paused_at
    assert page.get_by_test_id("stException").count() == 0
    other.close()
    page.close()
