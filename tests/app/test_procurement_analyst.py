"""The analyst's path under AppTest: upload a workbook, read the split first, cap it, check it walk-forward."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import openpyxl
import pytest

from devtools.apptest import open_page
from tests.app.reading import as_read
from tests.figure_spec import plotly_specs

NAMES = ["Acme", "Bolt & Co", "Cargo*"]  # Markdown characters must show literally
RNG = np.random.default_rng(11)
PRICES = 100 + RNG.normal(size=(40, 3)) * [1.0, 1.5, 2.0] + RNG.normal(size=(40, 1)) * 0.5


def workbook(prices: np.ndarray = PRICES, second: np.ndarray | None = None) -> bytes:
    """A workbook as analysts keep one: a notes sheet first, a title and a blank row above the table."""
    book = openpyxl.Workbook()
    book.active.title = "Read me"
    book.active.append(["Prices exported from the ERP"])
    for title, values in (("2024", prices), ("2023", second)):
        if values is None:
            continue
        sheet = book.create_sheet(title)
        sheet.append(["Supplier prices, EUR per tonne"])
        sheet.merge_cells("A1:D1")
        sheet.append([])
        sheet.append(["Date", *NAMES])
        for k, row in enumerate(values):
            sheet.append([dt.date(2024, 1, 1) + dt.timedelta(weeks=k), *map(float, row)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def oracle_split(prices: np.ndarray) -> np.ndarray:
    """Minimum-variance weights Σ⁻¹1 / 1ᵀΣ⁻¹1 (float64; the data are built so they are all positive)."""
    inv = np.linalg.solve(np.cov(prices, rowvar=False, bias=True), np.ones(prices.shape[1]))
    return inv / inv.sum()


def upload(data: bytes, name: str = "prices.xlsx"):
    at = open_page("procurement")
    at.file_uploader(key="price_files").set_value((name, data, "application/vnd.ms-excel")).run()
    assert not at.exception, at.exception
    return at


def split_metrics(at) -> dict[str, float]:
    return {m.label.replace("\\", ""): float(m.value.rstrip("%")) / 100 for m in at.metric[:len(NAMES)]}


def cap(at, kind: str, name: str):
    return next(n for n in at.number_input if n.label == f"{kind} % {name}")


@pytest.fixture(scope="module")
def uploaded():
    return upload(workbook())


def test_an_xlsx_upload_shows_the_split_first(uploaded):
    at = uploaded
    assert not at.error
    assert "prices.xlsx: sheet “2024”" in at.caption[0].value.replace("\\", "")
    assert at.header[0].value == "The answer"  # the first section, right after the upload and its caption
    want = oracle_split(PRICES)
    assert (want > 0.05).all()
    got = split_metrics(at)
    assert list(got) == NAMES
    np.testing.assert_allclose(list(got.values()), want, atol=0.0006)  # shown to 0.1%
    blend = next(m for m in at.metric if m.label == "Blend std")
    assert float(blend.value) == pytest.approx(np.sqrt(want @ np.cov(PRICES.T, bias=True) @ want), rel=1e-3)
    assert next(m for m in at.metric if m.label == "Periods").value == "40"


def test_caps_bind_and_infeasible_caps_say_why():
    at = upload(workbook())
    cap(at, "max", "Acme").set_value(20.0).run()
    got = split_metrics(at)
    assert got["Acme"] == pytest.approx(0.2)
    assert any("Acme's maximum 20%" in m.value.replace("\\", "") for m in at.markdown)
    cap(at, "min", "Bolt & Co").set_value(60.0).run()
    cap(at, "min", "Cargo*").set_value(50.0).run()
    assert not at.exception
    assert "minimums add up to 110%" in at.error[0].value
    assert not at.get("download_button") or "download_report" not in [b.key for b in at.get("download_button")]


def test_a_second_sheet_can_be_picked():
    other = PRICES[:, [2, 0, 1]]
    at = upload(workbook(PRICES, other))
    at.selectbox(key="sheet:prices.xlsx").set_value("2023").run()
    assert "sheet “2023”" in at.caption[0].value.replace("\\", "")
    np.testing.assert_allclose(list(split_metrics(at).values()), oracle_split(other), atol=0.0006)


def test_walk_forward_table_matches_numpy_and_the_report_downloads(uploaded):
    at = uploaded
    at.number_input(key="wf_window").set_value(12).run()
    at.number_input(key="wf_horizon").set_value(4).run()
    assert not at.exception and not at.error
    table = next(d for d in at.dataframe if "mean realised variance" in d.value.columns).value
    starts = range(12, 40 - 4 + 1, 4)
    equal = np.mean([PRICES[s:s + 4].mean(axis=1).var() for s in starts])
    assert table.loc["equal split", "mean realised variance"] == pytest.approx(equal, rel=1e-9)
    acme = np.mean([PRICES[s:s + 4, 0].var() for s in starts])
    assert table.loc["Acme", "mean realised variance"] == pytest.approx(acme, rel=1e-9)
    chart = next(s for s in plotly_specs(at) if "Out of sample" in s["layout"]["title"]["text"])
    assert len(chart["data"]) == 3 + len(NAMES)
    assert "download_report" in [b.key for b in at.get("download_button")]


def test_ledoit_wolf_shows_its_intensity(uploaded):
    at = uploaded
    at.radio(key="estimator").set_value("Ledoit–Wolf shrunk (constant correlation)").run()
    assert not at.exception
    assert any("intensity δ" in m.value for m in at.markdown)


def test_a_broken_workbook_says_so_in_the_page():
    book = openpyxl.Workbook()
    book.active.append(["Date", "A", "B"])
    book.active.append([dt.date(2024, 1, 1), 1.0, "twelve"])
    out = io.BytesIO()
    book.save(out)
    at = upload(out.getvalue(), "bad.xlsx")
    assert "bad.xlsx: Sheet 'Sheet': Row 2, column 'B': 'twelve' is not a price" in as_read(at.error[0].value)


def test_when_one_supplier_is_the_answer_the_blend_shows_no_change_against_it():
    """The article's data: the optimum is ω = 1, all from one supplier, so no "−0.0%" beside the blend's std."""
    at = open_page("procurement")
    blend = next(m for m in at.metric if m.label == "Blend std")
    single = next(m for m in at.metric if m.label.startswith("Steadiest single supplier"))
    assert blend.value == single.value
    assert not blend.delta
    assert any("no blend is steadier than" in as_read(m.value) for m in at.markdown)
