"""The procurement page under AppTest: article default, the boundary explanation, uploads, errors, downloads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from calc_core.article import PRICES_A
from devtools.apptest import open_page
from tests.app.reading import as_read
from tests.figure_spec import plotly_specs, trace

FIXTURES = Path(__file__).resolve().parents[1] / "unit" / "fixtures" / "prices"


def omega_spec(at) -> dict:
    return next(s for s in plotly_specs(at) if any(t.get("name") == "L(ω)" for t in s["data"]))


def test_default_article_prices_teach_the_boundary_optimum():
    at = open_page("procurement")
    assert not at.exception and not at.error
    metrics = [m.value for m in at.metric][-3:]  # the answer block above shows its own metrics first
    assert metrics == ["ω* = 1.000", "ω = 1.000", "ω = 1.000"]
    assert "1.012" in at.metric[-3].delta
    info = " ".join(i.value for i in at.info)
    assert "outside [0, 1]" in info and "not zero" in info
    spec = omega_spec(at)
    np.testing.assert_allclose(trace(spec, "A: Supplier A")["y"], PRICES_A)
    loss = trace(spec, "L(ω)")["y"]
    assert np.argmin(loss) == len(loss) - 1  # L keeps falling up to ω = 1
    assert len(spec["frames"]) == 101


def test_upload_of_three_suppliers_updates_every_section():
    at = open_page("procurement")
    at.file_uploader(key="price_files").set_value(
        ("three_suppliers.csv", (FIXTURES / "three_suppliers.csv").read_bytes(), "text/csv")).run()
    assert not at.exception and not at.error
    assert "three_suppliers.csv" in as_read(at.caption[0].value)
    weights = next(s for s in plotly_specs(at) if any(t.get("name") == "weight" for t in s["data"]))
    w = trace(weights, "weight")["y"]
    assert len(w) == 3 and w.sum() == pytest.approx(1, abs=1e-5) and (w >= 0).all()
    keys = {b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")}
    assert {"download_report", "download_csv", "download_json", "view_script"} <= keys  # content: unit tests


def test_bad_upload_shows_the_row_and_keeps_the_last_good_data():
    at = open_page("procurement")
    at.file_uploader(key="price_files").set_value(
        ("good.csv", (FIXTURES / "three_suppliers.csv").read_bytes(), "text/csv")).run()
    at.file_uploader(key="price_files").set_value(
        ("bad.csv", b"date,A,B\n2024-01-01,1,2\n2024-01-02,3,$x\n2024-01-03,4,5\n", "text/csv")).run()
    assert not at.exception
    assert "Row 3, column 'B'" in as_read(at.error[0].value) and "last good" in as_read(at.error[0].value)
    assert "Using good.csv" in as_read(at.caption[0].value)


def weights_of(at) -> np.ndarray:
    return trace(next(s for s in plotly_specs(at) if any(t.get("name") == "weight" for t in s["data"])),
                 "weight")["y"]


def test_tradeoff_and_changes_basis_move_the_answer():
    stable_dear = [200, 202, 199, 201, 200, 198, 202, 200]
    volatile_cheap = [100, 140, 80, 150, 90, 130, 70, 120]
    rising = [100 + 10 * t for t in range(8)]  # trends, but its changes are constant
    data = "A,B,C\n" + "".join(f"{a},{b},{c}\n" for a, b, c in zip(stable_dear, volatile_cheap, rising,
                                                                 strict=True))
    at = open_page("procurement")
    at.file_uploader(key="price_files").set_value(("mix.csv", data.encode(), "text/csv")).run()
    levels = weights_of(at)
    assert levels[0] > 0.9  # variance only: the stable supplier
    at.slider(key="tradeoff").set_value(1.0).run()
    assert weights_of(at)[1] > levels[1] + 0.1  # the average price counts: more from the cheap one
    at.slider(key="tradeoff").set_value(0.0).run()
    at.radio(key="basis").set_value("period-to-period changes").run()
    assert not at.exception
    assert weights_of(at)[2] > 0.9  # a steady rise has no variance in its changes
    assert list(at.dataframe[-1].value.index) == ["A", "B", "C", "blend"]


def test_summary_table_has_the_blend_statistics():
    at = open_page("procurement")
    summary = at.dataframe[-1].value
    blend = np.array(PRICES_A)  # ω* = 1: all from A
    assert summary.loc["blend", "variance"] == pytest.approx(blend.var(), rel=1e-9)
    assert summary.loc["Supplier B", "weight"] == pytest.approx(0.0, abs=1e-12)


def test_two_files_upload_together_merge_on_dates_and_report_dropped_rows():
    at = open_page("procurement")
    at.file_uploader(key="price_files").set_value([
        ("supplier_a.csv", (FIXTURES / "supplier_a.csv").read_bytes(), "text/csv"),
        ("supplier_b.csv", (FIXTURES / "supplier_b.csv").read_bytes(), "text/csv")]).run()
    assert not at.exception and not at.error
    caption = as_read(at.caption[0].value)
    assert "supplier_a.csv, supplier_b.csv" in caption and "1 row with a missing price was dropped" in caption
    assert [m.value for m in at.metric][-3] == "ω* = 1.000"  # the article's prices again, one file each
    assert at.selectbox(key="supplier_a").value == "supplier_a"


@pytest.mark.parametrize(("link", "shown"), [("period-to-period changes", "period-to-period changes"),
                                             ("<b>levels</b>", "price levels")])
def test_a_link_with_a_basis_opens_the_answer_on_that_basis_at_once(link, shown):
    """The answer sits above the basis radio: on the first run from a link it must already use the link's basis."""
    at = open_page("procurement", query={"basis": link})
    order = next(m.value for m in at.markdown if m.value.startswith("**Order this split**"))
    assert f"blended {shown})" in as_read(order)
    assert at.radio(key="basis").value == shown
