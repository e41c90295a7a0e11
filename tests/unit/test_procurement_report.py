"""The decision report: escaped user text, a well-formed inline SVG, print CSS, the numbers it was given."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import numpy as np

from dashboard.views.procurement import report

EVIL = '<script>alert("x")</script>'


def data(walk: report.WalkSummary | None = None) -> report.ReportData:
    return report.ReportData(
        names=[EVIL, "Bolt & Co"], weights=np.array([0.6, 0.4]), lower=np.array([0.0, 0.1]),
        upper=np.array([0.6, 1.0]), binding=[f"{EVIL}'s maximum 60%"], blend_std=1.25, best_name="Bolt & Co",
        best_std=2.5, periods=52, basis="price levels", estimator="Ledoit–Wolf shrunk (identity)", delta=0.125,
        sources=["prices <2024>.xlsx", "local.csv"], sheets={"prices <2024>.xlsx": "Q1 & Q2"}, rows_read=55,
        rows_dropped=3, walk=walk, notes=["Only 4 periods"])


def walk() -> report.WalkSummary:
    return report.WalkSummary(window=12, horizon=4, labels=["2024-01-01", "2024-02-01", "<b>"],
                              series={"walk-forward split": np.array([1.0, 2.0, 1.5]), EVIL: np.array([2, 3, 4.0])},
                              rows=[("walk-forward split", 2.0, 1.41, 0.0), (EVIL, 9.0, 3.0, 350.0)],
                              warning="W = 12 < 3n")


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_user_text_is_escaped_and_no_script_runs():
    page = report.decision_report(data(walk()), "2026-12-01 12:00 UTC")
    parser = Tags()
    parser.feed(page)
    assert "script" not in parser.tags and "&lt;b&gt;" in page  # a label "<b>" is text, not a tag
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "prices &lt;2024&gt;.xlsx — sheet “Q1 &amp; Q2”" in page and "Bolt &amp; Co" in page
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", page)  # nothing fetched from elsewhere


def test_numbers_caps_and_provenance_are_on_the_page():
    page = report.decision_report(data(), "now")
    assert "<b>1.25</b>" in page and "<b>2.5</b>" in page and "<b>1.25 lower (50.0%)</b>" in page
    assert "60.0%" in page and "40.0%" in page and "0% – 60%" in page and "10% – 100%" in page
    assert "intensity δ = 0.125" in page and "55 rows read, 3 dropped" in page and "<b>52</b>" in page
    assert "walk-forward" not in page.lower()  # no walk-forward given, no section


def test_the_chart_is_well_formed_inline_svg_with_one_line_per_series():
    page = report.decision_report(data(walk()), "now")
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    root = ET.fromstring(svg)  # parses as XML: every label escaped, every tag closed
    lines = root.findall("{http://www.w3.org/2000/svg}polyline")
    assert len(lines) == 2
    first = [tuple(map(float, p.split(","))) for p in lines[0].get("points").split()]
    ys = [y for _, y in first]
    assert ys[1] < ys[2] < ys[0]  # 1.0, 2.0, 1.5: higher values are drawn higher up (smaller y)
    assert "W = 12 &lt; 3n" in page


def test_print_css_fits_a_page():
    page = report.decision_report(data(walk()), "now")
    assert "@media print" in page and "@page" in page and "break-inside: avoid" in page
