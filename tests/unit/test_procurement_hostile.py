"""Issue 10's hostile and clumsy price files: each example reads to the right numbers or a clear PriceDataError."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest

from calc_core import exports
from calc_core import procurement as P
from calc_core.procurement import MAX_ROWS, MAX_SUPPLIERS, PriceDataError, read_price_files, read_prices


def dates_of(prices: pd.DataFrame) -> list[str]:
    return [d.strftime("%Y-%m-%d") for d in prices.index]


# --- date order -------------------------------------------------------------------------------------------
def test_a_day_above_12_in_the_first_row_proves_day_first_for_the_whole_column():
    prices = read_prices(b"date;A;B\n13.01.2024;1;2\n02.02.2024;3;5\n01.03.2024;4;4\n")
    assert dates_of(prices) == ["2024-01-13", "2024-02-02", "2024-03-01"]  # not 2 Feb → 2 Feb, 1 Mar → 3 Jan
    np.testing.assert_array_equal(prices["A"], [1, 3, 4])  # rows stay in their true order
    assert "13.01.2024" in prices.attrs["reading"][0] and "day-first" in prices.attrs["reading"][0]
    assert prices.attrs["open"] == []


def test_proof_anywhere_in_the_column_counts_and_a_switch_cannot_override_it():
    data = b"date,A,B\n01/02/2024,1,2\n03/04/2024,3,5\n05/30/2024,4,4\n"  # the last row proves month-first
    prices = read_prices(data, dayfirst=True)
    assert dates_of(prices) == ["2024-01-02", "2024-03-04", "2024-05-30"]
    assert "05/30/2024" in " ".join(prices.attrs["reading"])


@pytest.mark.parametrize(("data", "dayfirst", "expected"), [
    (b"date;A;B\n01.02.2024;1;2\n03.04.2024;3;5\n05.06.2024;4;4\n", True, ["2024-02-01", "2024-04-03"]),
    (b"date,A,B\n01/02/2024,1.5,2\n03/04/2024,3,5\n05/06/2024,4,4\n", False, ["2024-01-02", "2024-03-04"]),
])
def test_ambiguous_dates_are_read_by_a_stated_rule_and_flip_with_the_switch(data, dayfirst, expected):
    prices = read_prices(data)
    assert prices.attrs["open"] == ["dates"] and prices.attrs["dayfirst"] is dayfirst
    assert dates_of(prices)[:2] == expected
    assert "no day in the column is above 12" in prices.attrs["reading"][0]
    flipped = read_prices(data, dayfirst=not dayfirst)
    assert flipped.attrs["dayfirst"] is (not dayfirst) and "switch" in flipped.attrs["reading"][0]
    assert dates_of(flipped)[:2] == [pd.Timestamp(d).strftime("%Y-%d-%m") for d in expected]


def test_a_file_that_proves_the_order_settles_it_for_a_file_that_does_not():
    proves = b"date;A\n13.01.2024;1\n02.02.2024;3\n01.03.2024;4\n05.04.2024;2\n"
    open_ = b"date,B\n02/02/2024,5\n01/03/2024,6\n05/04/2024,7\n"  # alone: month-first (the '/' rule)
    assert dates_of(read_prices(b"date,A,B\n02/02/2024,5,1\n01/03/2024,6,1\n05/04/2024,7,1\n"))[1] == "2024-02-02"
    prices = read_price_files({"a.csv": proves, "b.csv": open_})
    assert dates_of(prices) == ["2024-02-02", "2024-03-01", "2024-04-05"]
    np.testing.assert_array_equal(prices.to_numpy(), [[3, 5], [4, 6], [2, 7]])
    b_note = next(n for n in prices.attrs["reading"] if n.startswith("b.csv: Dates"))
    assert "day-first (dd.mm.yyyy): as in a.csv" in b_note and "13.01.2024" in b_note and prices.attrs["open"] == []


def test_a_column_proving_both_orders_is_refused():
    with pytest.raises(PriceDataError, match=r"'13/01/2024' \(row 2\) is day-first but '01/30/2024' \(row 3\)"):
        read_prices(b"date,A,B\n13/01/2024,1,2\n01/30/2024,3,5\n02/02/2024,4,4\n")


@pytest.mark.parametrize("cell", ["31.02.2024", "13.13.2024"])
def test_a_date_that_does_not_exist_names_its_row(cell):
    with pytest.raises(PriceDataError, match=f"Row 3, column 'date': '{cell}' is not a date"):
        read_prices(f"date;A;B\n13.01.2024;1;2\n{cell};3;5\n01.03.2024;4;4\n".encode())


# --- decimal mark and thousands ------------------------------------------------------------------------
SEMICOLON_1234 = b"date;A;B\n01.01.2024;1.234;2.500\n01.02.2024;1.300;2.100\n01.03.2024;1.250;2.000\n"


def test_semicolon_file_with_dotted_dates_reads_1234_as_thousands_and_says_so():
    prices = read_prices(SEMICOLON_1234)
    np.testing.assert_array_equal(prices["A"], [1234.0, 1300.0, 1250.0])
    note = next(n for n in prices.attrs["reading"] if n.startswith("Decimal"))
    assert "'1.234'" in note and "1234" in note and "';'-separated" in note
    assert "decimal" in prices.attrs["open"] and prices.attrs["decimal"] == ","
    np.testing.assert_array_equal(read_prices(SEMICOLON_1234, decimal=".")["A"], [1.234, 1.3, 1.25])


@pytest.mark.parametrize(("cell", "value"), [("1.234,5", 1234.5), ("1.234.567", 1234567.0), ("2,5", 2.5)])
def test_one_cell_anywhere_in_the_column_proves_the_comma_decimal(cell, value):
    data = f"date;A;B\n01.01.2024;1.234;2\n01.02.2024;1.300;3\n01.03.2024;{cell};4\n".encode()
    prices = read_prices(data, decimal=".")  # the switch only decides what the file leaves open
    np.testing.assert_array_equal(prices["A"], [1234.0, 1300.0, value])
    assert prices.attrs["open"] == ["dates"]


@pytest.mark.parametrize(("cell", "value"), [("1,234.5", 1234.5), ("1,234,567", 1234567.0), ("2.25", 2.25)])
def test_one_cell_anywhere_proves_the_decimal_point(cell, value):
    data = f"date;A;B\n2024-01-01;1.234;2\n2024-02-01;1.300;3\n2024-03-01;{cell};4\n".encode()
    np.testing.assert_array_equal(read_prices(data)["A"], [1.234, 1.3, value])


@pytest.mark.parametrize("cells", [("1 234,50", "2 000,00"), ("1'234.50", "2'000.00"), ("1\u202f234,50", "2\u00a0000,00")])
def test_space_and_apostrophe_digit_groups(cells):
    data = f"A;B\n{cells[0]};{cells[1]}\n3;4\n5;6\n".encode()
    np.testing.assert_array_equal(read_prices(data).to_numpy()[0], [1234.5, 2000.0])


# --- scale, time zones, limits --------------------------------------------------------------------------
def omega_oracle(a: np.ndarray, b: np.ndarray) -> float:
    """ω* = (σB² − σAB)/(σA² + σB² − 2σAB), float64 NumPy, population moments."""
    cov = np.cov(np.stack([a, b]), bias=True)
    return float((cov[1, 1] - cov[0, 1]) / (cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]))


A = np.array([102.0, 98.0, 105.0, 99.0, 101.0, 97.0, 104.0, 100.0])
B = np.array([100.0, 103.0, 97.0, 104.0, 99.0, 102.0, 96.0, 101.0])


@pytest.mark.parametrize("k", [-20, 0, 20])
def test_omega_does_not_depend_on_the_unit(k):
    a, b = A * 10.0**k, B * 10.0**k
    expected = omega_oracle(A, B)
    assert 0.0 < expected < 1.0
    scale = P.price_scale(a, b)
    pa, mask = P.pad(a, scale)
    pb, _ = P.pad(b, scale)
    unconstrained, clipped = (float(v) for v in P.closed_form_omega(pa, pb, mask))
    assert unconstrained == pytest.approx(expected, abs=1e-4) and clipped == pytest.approx(expected, abs=1e-4)
    raw_a, raw_mask = P.pad(a)  # callers who forget the scale still get a finite, right ω*
    assert float(P.closed_form_omega(raw_a, P.pad(b)[0], raw_mask)[0]) == pytest.approx(expected, abs=1e-4)
    assert float(P.projected_descent(0.2, 1.0, pa, pb, mask)[-1]) == pytest.approx(expected, abs=1e-4)
    boot = P.bootstrap_omega(pa, pb, mask, resamples=64)
    assert np.isfinite(boot).all()
    weights = P.min_variance_weights(pd.DataFrame({"a": a, "b": b}))
    assert weights[0] == pytest.approx(expected, abs=1e-9)
    loss = np.asarray(P.loss_curve(jax_grid := np.linspace(0, 1, 11, dtype=np.float32), pa, pb, mask)[0],
                      dtype=np.float64) * scale**2
    blend = jax_grid[:, None].astype(np.float64) * a + (1 - jax_grid[:, None].astype(np.float64)) * b
    np.testing.assert_allclose(loss, blend.var(axis=1), rtol=1e-4)


def test_extreme_prices_do_not_break_the_active_set():
    prices = pd.DataFrame({"a": [1e300, 1e-300, 5e299, 2e300], "b": [1e-300, 2e300, 1.0, 3e299],
                           "c": [1.0, 2.0, 3.0, 4.0]})
    w = P.min_variance_weights(prices)
    assert np.isfinite(w).all() and w.sum() == pytest.approx(1.0) and w[2] == pytest.approx(1.0)


def test_reader_refuses_prices_outside_the_computable_range():
    with pytest.raises(PriceDataError, match=r"Row 3, column 'B': price 1e300 is outside 1e-100 to 1e\+100"):
        read_prices(b"A,B\n1,2\n3,1e300\n5,6\n")


def test_time_zone_aware_and_naive_files_merge():
    aware = b"date,A\n2024-01-01T00:00:00+01:00,1\n2024-01-02T00:00:00+01:00,2\n2024-01-03T00:00:00Z,3\n"
    naive = b"date,B\n2024-01-01,1\n2024-01-02,5\n2024-01-03,3\n"
    prices = read_price_files({"aware.csv": aware, "naive.csv": naive})
    assert dates_of(prices) == ["2024-01-01", "2024-01-02", "2024-01-03"] and prices.index.tz is None
    np.testing.assert_array_equal(prices.to_numpy(), [[1, 1], [2, 5], [3, 3]])
    assert any("Time-zone offsets were dropped" in n for n in prices.attrs["reading"])


def cr_only_file(rows: int) -> bytes:
    return ("A,B\r" + "".join(f"{10 + i % 7}.25,{20 + i % 5}.5\r" for i in range(rows))).encode()


def test_cr_only_line_endings_obey_the_row_limit():
    data = cr_only_file(MAX_ROWS + 50)
    assert b"\n" not in data
    with pytest.raises(PriceDataError, match="100,050 rows; the limit is 100,000"):
        read_prices(data)
    assert len(read_prices(cr_only_file(MAX_ROWS))) == MAX_ROWS


def long_file(suppliers: int, periods: int = 3) -> bytes:
    rows = [f"2024-01-{d + 1:02d},S{s},{100 + (s * 7 + d * 3) % 11}" for d in range(periods) for s in range(suppliers)]
    return ("date,supplier,price\n" + "\n".join(rows)).encode()


def test_three_thousand_suppliers_are_refused_with_the_limit():
    with pytest.raises(PriceDataError, match=f"3,000 suppliers; this page takes at most {MAX_SUPPLIERS}"):
        read_prices(long_file(3000))
    wide = ",".join(f"S{j}" for j in range(60)) + "\n" + "\n".join(",".join(["1"] * 60) for _ in range(3))
    with pytest.raises(PriceDataError, match=f"header has 60 columns; this page takes at most {MAX_SUPPLIERS}"):
        read_prices(wide.encode())
    assert read_prices(long_file(MAX_SUPPLIERS, periods=60)).shape == (60, MAX_SUPPLIERS)


# --- exports --------------------------------------------------------------------------------------------
HOSTILE_NAMES = ["=HYPERLINK(\"http://evil\",\"x\")", "+cmd|'/c calc'!A1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


def test_every_export_neutralises_formula_cells():
    prices = pd.DataFrame({name: np.arange(1.0, 5.0) * (j + 1) + (j % 2) * np.array([0, 3, 1, 2])
                           for j, name in enumerate(HOSTILE_NAMES + ["Plain"])})
    weights = P.min_variance_weights(prices)
    table = P.summary(prices, weights)
    table["note"] = ["=1+1"] * len(table)
    rows = list(csv.reader(io.StringIO(exports.csv_text(table, index_label="supplier"), newline="")))
    firsts = [row[0] for row in rows[1:-1]]
    assert firsts == ["'" + n for n in HOSTILE_NAMES] + ["Plain"]
    assert all(row[-1] == "'=1+1" for row in rows[1:])
    assert all(not cell.startswith(exports.FORMULA_STARTS) for row in rows for cell in row
               if not _is_number(cell))
    record = P.decision_summary(prices, weights, basis="price levels", price_weight=0.0,
                                rows_dropped=0, sources=["=evil.csv"])
    text = exports.json_text(record)
    parsed = json.loads(text)
    assert list(parsed["weights"]) == ["'" + n for n in HOSTILE_NAMES] + ["Plain"]
    assert parsed["sources"] == ["'=evil.csv"]
    assert sum(parsed["weights"].values()) == pytest.approx(1.0)  # numbers untouched


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_negative_numbers_are_not_text_and_stay_numbers():
    frame = pd.DataFrame({"x": [-1.5, 2.0]}, index=["-a", "b"])
    rows = list(csv.reader(io.StringIO(exports.csv_text(frame))))
    assert rows[1] == ["'-a", "-1.5"] and rows[2] == ["b", "2.0"]
