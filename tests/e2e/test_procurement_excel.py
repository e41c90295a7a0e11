"""An analyst in real Chromium: upload an .xlsx, read the split at the top, print the decision report."""

import datetime as dt
import io
import re
from pathlib import Path

import numpy as np
import openpyxl
from playwright.sync_api import expect

from tests.st_helpers import by_key, fresh, wait_for_app, wait_for_charts

NAMES = ["Acme", "Bolt", "Cargo"]
RNG = np.random.default_rng(5)
PRICES = 100 + RNG.normal(size=(30, 3)) * [1.0, 1.4, 2.0]


def workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["Exported from the ERP"])
    sheet = book.create_sheet("Prices")
    sheet.append(["Weekly prices"])
    sheet.append([])
    sheet.append(["Week starting", *NAMES])
    for k, row in enumerate(PRICES):
        sheet.append([dt.date(2024, 1, 1) + dt.timedelta(weeks=k), *map(float, row)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def settle(page) -> None:
    """Wait out a first run's JAX compiles (long on a busy 2-core machine), then the usual ready checks."""
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=60_000)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=180_000)
    wait_for_app(page)


def test_xlsx_upload_shows_the_split_first_and_the_report_prints_on_one_page(page, app_url, page_errors,
                                                                             screenshots_dir):
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{app_url}/procurement")
    settle(page)
    wait_for_charts(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        {"name": "history.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "buffer": workbook()})
    expect(page.get_by_text("Using history.xlsx")).to_be_visible(timeout=60_000)
    settle(page)
    metrics = fresh(page, "stMetric")
    expect(metrics.first).to_contain_text("Acme")
    inv = np.linalg.solve(np.cov(PRICES, rowvar=False, bias=True), np.ones(3))
    want = inv / inv.sum()  # the float64 oracle; all three shares are positive for these prices
    assert (want > 0).all()
    for k, name in enumerate(NAMES):
        metric = metrics.nth(k)
        expect(metric.get_by_test_id("stMetricLabel")).to_have_text(name)
        shown = float(metric.get_by_test_id("stMetricValue").inner_text().rstrip("%")) / 100
        assert abs(shown - want[k]) < 0.0006
        assert metric.bounding_box()["y"] < 1000  # in the first screen
    page.screenshot(path=str(screenshots_dir / "procurement_xlsx_answer_first.png"))

    with page.expect_download() as info:
        by_key(page, "download_report").get_by_role("button").click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert "history.xlsx" in html and "sheet “Prices”" in html
    report = page.context.new_page()
    report.set_content(html)
    report.emulate_media(media="print")
    report.screenshot(path=str(screenshots_dir / "procurement_report_print.png"), full_page=True)
    pdf = report.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert pages == 1, f"the report prints on {pages} A4 pages"
    report.close()
    assert page.get_by_test_id("stException").count() == 0
    assert not page_errors, page_errors
