"""Procurement in real Chromium: upload a file, drag ω in the figure, a bad file shows its error and keeps the data."""

from pathlib import Path

from playwright.sync_api import expect

from tests.st_helpers import by_key, fresh, goto_page, plot_point_counts, wait_for_app, wait_for_charts

FIXTURES = Path(__file__).resolve().parents[1] / "unit" / "fixtures" / "prices"
OMEGA_MARKER_JS = """() => {
  const gd = document.querySelector('.st-key-omega_chart:not([data-stale="true"]) .js-plotly-plot');
  const marker = gd._fullData.find(t => t.name === 'ω');
  const blend = gd._fullData.find(t => t.name === 'blend');
  return [Number(marker.x[0]), Number(blend.y[0])];
}"""


def upload(page, name: str, data: bytes) -> None:
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data})


def test_upload_drag_omega_and_bad_file(page, app_url, page_errors, screenshots_dir):
    page.set_viewport_size({"width": 1400, "height": 4200})
    goto_page(page, app_url, "procurement")
    expect(fresh(page, "stMarkdownContainer").filter(has_text="the gradient there is").first).to_be_visible()

    upload(page, "three_suppliers.csv", (FIXTURES / "three_suppliers.csv").read_bytes())
    expect(page.get_by_text("Using three_suppliers.csv")).to_be_visible()
    wait_for_app(page)
    wait_for_charts(page)
    expect(by_key(page, "weights_chart").locator(".xtick text")).to_have_count(3)  # A, B, C
    assert all(count > 0 for count in plot_point_counts(page))

    chart = by_key(page, "omega_chart")
    chart.scroll_into_view_if_needed()  # the answer block and walk-forward check sit above it
    before = page.evaluate(OMEGA_MARKER_JS)
    grip = chart.locator(".slider-grip-rect")
    rail = chart.locator(".slider-rail-rect").bounding_box()
    box = grip.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(rail["x"] + rail["width"] * 0.3, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    page.wait_for_function(f"() => ({OMEGA_MARKER_JS})()[0] !== {before[0]}")
    after = page.evaluate(OMEGA_MARKER_JS)
    assert 0.2 < after[0] < 0.4 and after[1] != before[1]  # the marker and the blended series both moved
    expect(chart.locator(".slider-group .current-value-text, .slider-container text").first).to_be_visible()
    page.screenshot(path=str(screenshots_dir / "procurement_uploaded.png"), full_page=True)

    upload(page, "broken.csv", b"date,A,B\n2024-01-01,1,2\n2024-01-02,3,oops\n2024-01-03,4,5\n")
    error = fresh(page, "stAlertContentError")
    expect(error).to_contain_text("last good data")
    assert "Row 3, column 'B': 'oops'" in error.inner_text().replace("\u2060", "")  # literal echo: word joiners
    wait_for_app(page)
    expect(by_key(page, "weights_chart").locator(".xtick text")).to_have_count(3)  # still the good file
    assert page.get_by_test_id("stException").count() == 0
    page.screenshot(path=str(screenshots_dir / "procurement_bad_file.png"), full_page=True)
    assert not page_errors, page_errors
