"""Optimization pages in Chromium: click a start point on the gradient field, play the race, screenshots."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.st_helpers import by_key, goto_page, wait_for_app, wait_for_charts

GD = "document.querySelector('.st-key-{key}:not([data-stale=\"true\"]) .js-plotly-plot')"

TO_PIXELS_JS = """([key, x, y]) => {
  const gd = document.querySelector(`.st-key-${key}:not([data-stale="true"]) .js-plotly-plot`);
  const L = gd._fullLayout, box = gd.getBoundingClientRect();
  return [box.left + L.xaxis._offset + L.xaxis.l2p(x), box.top + L.yaxis._offset + L.yaxis.l2p(y)];
}"""

BALLS_JS = """(key) => {
  const gd = document.querySelector(`.st-key-${key}:not([data-stale="true"]) .js-plotly-plot`);
  return gd._fullData.filter(t => (t.name || '').endsWith(' ball')).map(t => [t.x[0], t.y[0]]);
}"""


def test_click_picks_start_and_play_moves_the_balls(page, app_url, page_errors, screenshots_dir):
    page.set_viewport_size({"width": 1400, "height": 2400})
    goto_page(page, app_url, "gradient_field")
    page.get_by_role("tab", name="Gradient field and descent").click()
    chart = by_key(page, "gf_field_chart")
    expect(chart.locator(".main-svg").first).to_be_visible()

    x, y = page.evaluate(TO_PIXELS_JS, ["gf_field_chart", -2.0, 1.0])
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    expect(by_key(page, "gf_sx").locator("input")).to_have_value("-2.00")
    expect(by_key(page, "gf_sy").locator("input")).to_have_value("1.00")
    wait_for_app(page)
    wait_for_charts(page)
    balls = page.evaluate(BALLS_JS, "gf_field_chart")
    assert len(balls) == 5 and all(abs(bx + 2.0) < 1e-4 and abs(by - 1.0) < 1e-4 for bx, by in balls)

    by_key(page, "gf_field_chart").locator(".updatemenu-button").first.click()
    page.wait_for_function(f"() => ({BALLS_JS})('gf_field_chart').some(([bx, by]) => "
                           "Math.abs(bx + 2) > 0.05 || Math.abs(by - 1) > 0.05)")
    page.wait_for_timeout(5500)  # let the 60 frames finish before the screenshot
    page.screenshot(path=screenshots_dir / "optimization_gradient_field.png", full_page=True)
    page.get_by_role("tab", name="Partial derivatives").click()
    page.screenshot(path=screenshots_dir / "optimization_partials.png", full_page=True)
    assert not page_errors


def test_descent_and_hessian_pages_render(page, app_url, page_errors, screenshots_dir):
    page.set_viewport_size({"width": 1400, "height": 2000})
    goto_page(page, app_url, "descent_1d")
    page.get_by_role("button", name="Oscillate: η = 0.8").click()
    expect(page.get_by_test_id("stMetricValue").nth(1)).to_have_text("3.0000")
    page.get_by_role("button", name="Reset", exact=True).click()
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("0 of 50")
    page.get_by_role("button", name="Step", exact=True).click()
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("1 of 50")
    expect(page.get_by_test_id("stMetricValue").nth(1)).to_have_text("4.8000")  # 0 − 0.8·(−6)
    wait_for_app(page)
    wait_for_charts(page)
    page.screenshot(path=screenshots_dir / "optimization_descent_1d.png", full_page=True)

    goto_page(page, app_url, "jacobian_hessian")
    page.screenshot(path=screenshots_dir / "optimization_jacobian_hessian.png", full_page=True)
    assert not page_errors
