"""In Chromium: the "Download a script of this view" button gives a script that prints the page's numbers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import expect

from tests.app.test_view_scripts import assert_shown
from tests.st_helpers import by_key, wait_for_app

ROOT = Path(__file__).resolve().parents[2]


def metric_value(page, label: str) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text=label).first
    return metric.get_by_test_id("stMetricValue").inner_text()


def test_the_downloaded_script_prints_the_views_numbers(page, app_url, screenshots_dir, page_errors):
    page.goto(f"{app_url}/descent_1d?d1_formula=%28x+-+1%29%5E2+%2B+0.5*x%5E4&d1_lr=0.05&d1_x0=-2.5")
    try:
        expect(page.get_by_test_id("stMetric").filter(has_text="x_k").first).to_be_visible(timeout=120_000)
    finally:
        page.screenshot(path=screenshots_dir / "view_script_opened.png")
    wait_for_app(page)
    button = by_key(page, "view_script").get_by_role("button", name="Download a script of this view (.py)")
    button.scroll_into_view_if_needed()
    page.screenshot(path=screenshots_dir / "view_script_button.png")
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == "calculus_lab_descent_1d.py"
    script = Path(download.value.path()).read_text(encoding="utf-8")
    assert "FORMULA = '(x - 1)^2 + 0.5*x^4'" in script and "LEARNING_RATE = 0.05" in script
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    printed = dict(line.rsplit(" = ", 1) for line in done.stdout.splitlines() if " = " in line)
    assert_shown(printed, "x_k", metric_value(page, "x_k"))
    assert_shown(printed, "f(x_k)", metric_value(page, "f(x_k)"))
    assert not page_errors
