"""Issue 10's hostile price files on the procurement page (AppTest): the right number, or a clear message."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from calc_core.procurement import MAX_ROWS
from devtools.apptest import open_page
from tests.app.reading import as_read
from tests.figure_spec import plotly_specs, trace


def upload(at, *files: tuple[str, bytes]):
    at.file_uploader(key="price_files").set_value([(name, data, "text/csv") for name, data in files]).run()
    return at


def reading(at) -> str:
    return " ".join(t.value for t in at.text)


def prices_table(at):
    return next(d.value for d in at.dataframe if d.value.shape[1] >= 2 and "mean" not in d.value.columns)


def test_day_first_proof_in_the_first_row_orders_every_row():
    at = upload(open_page("procurement"), ("eu.csv", b"date;A;B\n13.01.2024;100;200\n02.02.2024;130;180\n"
                                                     b"01.03.2024;120;190\n04.04.2024;110;170\n"))
    assert not at.exception and not at.error
    table = prices_table(at)
    assert [d.strftime("%Y-%m-%d") for d in table.index] == ["2024-01-13", "2024-02-02", "2024-03-01", "2024-04-04"]
    assert table["A"].tolist() == [100, 130, 120, 110]
    assert "day-first" in reading(at) and "'13.01.2024' in row 2" in reading(at)
    assert not [r for r in at.radio if r.key == "date_order"]  # proven: no switch


def test_semicolon_file_with_1234_states_the_reading_and_the_switch_flips_it():
    data = b"date;A;B\n01.01.2024;1.234;2.500\n01.02.2024;1.300;2.100\n01.03.2024;1.250;2.000\n01.04.2024;1.280;2.300\n"
    at = upload(open_page("procurement"), ("eu.csv", data))
    assert not at.exception and not at.error
    assert prices_table(at)["A"].tolist() == [1234, 1300, 1250, 1280]
    text = reading(at)
    assert "'1.234'" in text and "read as 1234" in text and "';'-separated" in text
    assert "no day in the column is above 12" in text  # 01.02.2024: the order is open too, and says so
    at.radio(key="decimal_mark").set_value(next(o for o in at.radio(key="decimal_mark").options
                                                 if o.startswith("'.'"))).run()
    assert not at.exception and prices_table(at)["A"].tolist() == [1.234, 1.3, 1.25, 1.28]
    assert "as chosen with the switch" in reading(at)
    at.radio(key="date_order").set_value("month-first (mm.dd)").run()
    assert [d.month for d in prices_table(at).index] == [1, 1, 1, 1]


A = np.array([102.0, 98.0, 105.0, 99.0, 101.0, 97.0, 104.0, 100.0])
B = np.array([100.0, 103.0, 97.0, 104.0, 99.0, 102.0, 96.0, 101.0])


@pytest.mark.parametrize("k", [20, -20])
def test_prices_in_any_unit_give_the_same_omega(k):
    cov = np.cov(np.stack([A, B]), bias=True)
    expected = (cov[1, 1] - cov[0, 1]) / (cov[0, 0] + cov[1, 1] - 2 * cov[0, 1])  # float64 oracle, unscaled
    data = "A,B\n" + "".join(f"{float(a) * 10.0**k!r},{float(b) * 10.0**k!r}\n" for a, b in zip(A, B, strict=True))
    at = upload(open_page("procurement"), ("scaled.csv", data.encode()))
    assert not at.exception and not at.error
    closed_form = next(m for m in at.metric if m.label.startswith("Closed form"))
    assert closed_form.value == f"ω* = {expected:.3f}"
    loss = trace(next(s for s in plotly_specs(at) if any(t.get("name") == "L(ω)" for t in s["data"])), "L(ω)")["y"]
    blend_var = np.array([(w * A + (1 - w) * B).var() for w in np.linspace(0, 1, len(loss))]) * 10.0 ** (2 * k)
    np.testing.assert_allclose(loss, blend_var, rtol=1e-3)  # in price² of the file's unit, finite
    assert "nan" not in " ".join(m.value for m in at.markdown).lower()


def test_time_zone_aware_and_naive_files_together():
    aware = b"date,A\n2024-01-01T00:00:00+01:00,1\n2024-01-02T00:00:00+01:00,2\n2024-01-03T00:00:00+01:00,3\n"
    naive = b"date,B\n2024-01-01,1\n2024-01-02,5\n2024-01-03,3\n"
    at = upload(open_page("procurement"), ("aware.csv", aware), ("naive.csv", naive))
    assert not at.exception and not at.error
    assert "aware.csv, naive.csv" in as_read(at.caption[0].value) and "3 complete rows" in as_read(at.caption[0].value)
    assert "Time-zone offsets were dropped" in reading(at)


def test_cr_only_five_megabytes_obey_the_row_limit():
    data = ("A,B\r" + "".join(f"{10 + i % 7}.25,{20 + i % 5}.5\r" for i in range(440_000))).encode()
    assert b"\n" not in data and len(data) <= 5 * 2**20
    at = upload(open_page("procurement"), ("mac.csv", data))
    assert not at.exception
    assert f"the limit is {MAX_ROWS:,}" in as_read(at.error[0].value) and "440,000 rows" in as_read(at.error[0].value)


def test_three_thousand_suppliers_get_a_message():
    rows = [f"2024-01-{d + 1:02d},S{s},{100 + (s + d) % 9}" for d in range(3) for s in range(3000)]
    at = upload(open_page("procurement"), ("many.csv", ("date,supplier,price\n" + "\n".join(rows)).encode()))
    assert not at.exception
    assert "3,000 suppliers" in as_read(at.error[0].value) and "at most 50" in as_read(at.error[0].value)


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """Every file the page hands to a download button, by its media id (Streamlit's own storage, recorded)."""
    stored: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        stored[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return stored


def download(at, downloads: dict[str, bytes], key: str) -> str:
    url = next(b for b in at.get("download_button") if b.proto.id.endswith(key)).proto.url
    return downloads[url.rsplit("/", 1)[1].split(".")[0]].decode()


def test_downloads_neutralise_formula_supplier_names(downloads):
    names = ['=HYPERLINK("http://evil.example","Click")', "@SUM(A1)", "+cmd|'/c calc'!A1", "-2+3"]
    rows = [f'2024-01-{d + 1:02d},"{n.replace(chr(34), chr(34) * 2)}",{100 + (j * 5 + d * d) % 13}'
            for d in range(6) for j, n in enumerate(names)]
    at = upload(open_page("procurement"), ("evil.csv", ("date,supplier,price\n" + "\n".join(rows)).encode()))
    assert not at.exception and not at.error
    table = list(csv.reader(io.StringIO(download(at, downloads, "download_csv"))))
    assert [row[0] for row in table[1:-1]] == ["'" + n for n in names]
    record = json.loads(download(at, downloads, "download_json"))
    assert list(record["weights"]) == ["'" + n for n in names]
    assert sum(record["weights"].values()) == pytest.approx(1.0)


def test_extreme_prices_give_a_split_or_a_clear_message():
    data = "A,B,C\n" + "".join(f"{a!r},{b!r},{c}\n" for a, b, c in
                               [(1e99, 1e-99, 5), (3e98, 2e-99, 6), (7e99, 1e-100, 5), (2e99, 5e-99, 7)])
    at = upload(open_page("procurement"), ("extreme.csv", data.encode()))
    assert not at.exception and not at.error
    weights = trace(next(s for s in plotly_specs(at) if any(t.get("name") == "weight" for t in s["data"])),
                    "weight")["y"]
    assert np.isfinite(weights).all() and weights.sum() == pytest.approx(1.0, abs=1e-5)
    assert (weights >= 0).all()  # a valid split; which one float64 cannot say: the variances span 1e396
    at = upload(at, ("huge.csv", b"A,B\n1,2\n3,1e300\n5,6\n"))
    assert "price 1e300 is outside 1e-100 to 1e+100" in as_read(at.error[0].value)
