"""Training lab in real Chromium: pages render, the network trains live, pauses, and sessions stay separate."""

import re

import pytest
from playwright.sync_api import expect

from tests.st_helpers import by_key, goto_page, plot_point_counts, wait_for_app

# The live charts are Vega-Lite (SVG): the title is the text mark of the chart's first layer.
TITLE_JS = """() => { const t = document.querySelector(
  '.st-key-nn_prediction svg.marks .role-mark.mark-text text'); return t ? t.textContent : ''; }"""
LOSS_JS = """() => { const m = Array.from(document.querySelectorAll('[data-testid="stMetric"]'))
  .find(m => m.textContent.startsWith('Loss')); return parseFloat(
  m.querySelector('[data-testid="stMetricValue"]').textContent); }"""
# Every 50 ms while playing: has each live chart drawn its lines, and is it still the node of the last sample?
# Streamlit updates a Vega-Lite chart's data in place, so a chart is normally kept across ticks. Known
# limitation (Streamlit's frontend, cause not pinned down; suspected: a fragment run's stale-node clean-up
# racing the next tick's deltas): now and then a chart is removed and re-added once, and on a loaded CI machine
# it can take a second to draw again. The Plotly version was replaced on every tick (one replacement per ~6
# samples, blank about half the time); this test fails if that comes back, or if a chart stays blank.
WATCH_JS = """(keys) => {
  const chart = k => document.querySelector(`.st-key-${k} [data-testid="stVegaLiteChart"]`);
  window._last = Object.fromEntries(keys.map(k => [k, chart(k)]));
  const zeros = () => Object.fromEntries(keys.map(k => [k, 0]));
  window._watch = { blank: zeros(), longest_blank: zeros(), replaced: zeros(), samples: 0 };
  const streak = zeros();
  window._watchTimer = setInterval(() => {
    const w = window._watch;
    w.samples += 1;
    for (const k of keys) {
      const c = chart(k), svg = c && c.querySelector('svg.marks');
      const drawn = !!(svg && svg.querySelectorAll('.mark-line path').length > 0);
      streak[k] = drawn ? 0 : streak[k] + 1;
      w.blank[k] += drawn ? 0 : 1;
      w.longest_blank[k] = Math.max(w.longest_blank[k], streak[k]);
      if (c !== window._last[k]) { w.replaced[k] += 1; window._last[k] = c; }
    }
  }, 50); }"""
STOP_WATCH_JS = "() => { clearInterval(window._watchTimer); return window._watch; }"
MIN_SAMPLES = 20  # one second of watching, however fast the machine trains


def stop_watching(page) -> dict:
    """Stop the chart watch after at least ``MIN_SAMPLES`` samples and return what it saw."""
    page.wait_for_function(f"() => window._watch.samples >= {MIN_SAMPLES}")
    return page.evaluate(STOP_WATCH_JS)


def assert_no_blinking(watch: dict) -> None:
    """Charts were updated in place: at most one remove-and-re-add per chart, never blank for long."""
    assert watch["samples"] >= MIN_SAMPLES, watch
    assert all(count <= 2 for count in watch["replaced"].values()), watch  # per-tick remounts give >= 5
    assert all(streak <= 30 for streak in watch["longest_blank"].values()), watch  # 1.5 s
    assert sum(watch["blank"].values()) <= watch["samples"], watch  # blank a third of the time or less


def wait_until_drawn(page, keys: list[str]) -> None:
    """Wait until every live chart in ``keys`` has drawn its lines."""
    page.wait_for_function(
        f"() => {keys}.every(k => document.querySelector(`.st-key-${{k}} svg.marks .mark-line path`))")


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


def test_regression_plays_without_remounting_its_charts(page, app_url, page_errors, screenshots_dir):
    """The regression's three live Vega-Lite charts keep their DOM nodes and stay drawn while playing."""
    page.set_viewport_size({"width": 1400, "height": 1800})
    goto_page(page, app_url, "linear_regression")
    keys = ["reg_fit", "reg_loss", "reg_params"]
    wait_until_drawn(page, keys)
    page.evaluate(WATCH_JS, keys)
    page.get_by_role("button", name="Play").click()
    title = by_key(page, "reg_fit").locator("svg.marks .role-mark.mark-text text")
    expect(title).to_contain_text(re.compile(r"after [1-9]\d+ steps"))  # a few ticks of 5 steps
    page.wait_for_timeout(1000)
    page.screenshot(path=str(screenshots_dir / "training_linear_regression_playing.png"), full_page=True)
    watch = stop_watching(page)
    page.get_by_role("button", name="Pause").click()
    assert_no_blinking(watch)
    assert page.get_by_test_id("stException").count() == 0
    assert not page_errors, page_errors


def test_network_trains_live_pauses_and_sessions_are_independent(browser, app_url, screenshots_dir):
    other = browser.new_page(viewport={"width": 1400, "height": 1800})
    goto_page(other, app_url, "neural_network")
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    goto_page(page, app_url, "neural_network")
    page.wait_for_function(f"() => /after 0 steps/.test(({TITLE_JS})())")
    keys = ["nn_prediction", "nn_loss", "nn_activations"]
    wait_until_drawn(page, keys)  # watch from here: a slow first draw is not a blink
    loss_before = page.evaluate(LOSS_JS)
    page.evaluate(WATCH_JS, keys)

    page.get_by_role("button", name="Play").click()
    page.wait_for_function(f"() => /after [0-9,]{{5,}} steps/.test(({TITLE_JS})())", timeout=30_000)
    assert steps_shown(page) >= 1000  # several ticks of 2 chunks of 100 steps
    assert page.evaluate(LOSS_JS) < loss_before
    page.screenshot(path=str(screenshots_dir / "training_neural_network.png"), full_page=True)
    # No blinking: over those ticks every chart kept its DOM node and never showed an undrawn frame.
    assert_no_blinking(stop_watching(page))

    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Play")).to_be_visible()
    wait_for_app(page)
    paused_at = steps_shown(page)
    page.wait_for_timeout(1200)
    assert steps_shown(page) == paused_at

    # The other session kept its own parameters: one Step there trains its untouched network once.
    other_title = by_key(other, "nn_prediction").locator("svg.marks .role-mark.mark-text text")
    expect(other_title).to_have_text("sin(x): prediction after 0 steps")
    other.get_by_role("button", name="Step").click()
    expect(other_title).to_have_text("sin(x): prediction after 100 steps")
    assert steps_shown(page) == paused_at
    assert page.get_by_test_id("stException").count() == 0
    other.close()
    page.close()
