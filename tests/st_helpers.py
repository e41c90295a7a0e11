"""Playwright helpers for Streamlit 1.6x pages (see shared/BROWSER_TESTING.md)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

FRESH = ':not([data-stale="true"])'

PLOT_POINTS_JS = """() => Array.from(document.querySelectorAll(
    '[data-testid="stElementContainer"]:not([data-stale="true"]) .js-plotly-plot'))
  .map(gd => (gd._fullData || []).reduce((n, t) => n + Math.max(
      (t.x && t.x.length) || 0, (t.y && t.y.length) || 0, (t.z && t.z.length) || 0,
      (t.values && t.values.length) || 0), 0))"""

VEGA_MARKS_JS = """() => Array.from(document.querySelectorAll(
    '[data-testid="stElementContainer"]:not([data-stale="true"]) [data-testid="stVegaLiteChart"]'))
  .map(chart => chart.querySelectorAll('svg g[class*="mark-"] path, svg g[class*="mark-"] line').length)"""

CHARTS_DRAWN_JS = """() => {
  const fresh = '[data-testid="stElementContainer"]:not([data-stale="true"]) ';
  const plotly = document.querySelectorAll(fresh + '[data-testid="stPlotlyChart"]');
  const vega = document.querySelectorAll(fresh + '[data-testid="stVegaLiteChart"]');
  return Array.from(plotly).every(c => c.querySelector('.js-plotly-plot .main-svg'))
      && Array.from(vega).every(c => c.querySelector('svg g[class*="mark-"]'));
}"""


def by_key(page: Page, key: str):
    """The fresh element created with ``key=`` (widgets, charts)."""
    return page.locator(f".st-key-{key}{FRESH}")


def fresh(page: Page, testid: str):
    return page.locator(f'[data-testid="stElementContainer"]{FRESH} [data-testid="{testid}"]')


def wait_for_app(page: Page) -> None:
    """After goto or an interaction: connected, script finished, no status widget, no stale elements."""
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
    expect(app).to_have_attribute("data-test-script-state", "notRunning")
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
    expect(page.locator('[data-stale="true"]')).to_have_count(0)


def wait_for_charts(page: Page, timeout: float = 30_000) -> None:
    """Every Plotly chart on the page has drawn (plotly's JS loads lazily, ~2 s after goto)."""
    page.wait_for_function(CHARTS_DRAWN_JS, timeout=timeout)


def plot_point_counts(page: Page) -> list[int]:
    """Number of data points in each fresh Plotly chart, in page order."""
    return page.evaluate(PLOT_POINTS_JS)


def vega_mark_counts(page: Page) -> list[int]:
    """Number of drawn marks (lines, points, bars) in each fresh Vega-Lite chart, in page order."""
    return page.evaluate(VEGA_MARKS_JS)


def goto_page(page: Page, base_url: str, slug: str = "") -> None:
    page.goto(f"{base_url}/{slug}")
    wait_for_app(page)
    wait_for_charts(page)
