"""Reading price files: every dialect users upload reads to the article's prices; every refusal says why."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc_core.article import PRICES_A, PRICES_B
from calc_core.procurement import MAX_ROWS, PriceDataError, read_price_files, read_prices
from calc_core.procurement import csv_files as pio

FIXTURES = Path(__file__).parent / "fixtures" / "prices"
A, B = np.array(PRICES_A), np.array(PRICES_B)
DATES = pd.DatetimeIndex([f"2024-{m:02d}-01" for m in range(1, 11)])


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.mark.parametrize(("name", "columns", "dated"), [
    ("wide_comma_dollars.csv", ["Supplier A", "Supplier B"], True),
    ("wide_semicolon_european.csv", ["A", "B"], True),
    ("wide_tab.tsv", ["A", "B"], False),
    ("long.csv", ["A", "B"], True),
    ("no_date_trailing.csv", ["A", "B"], False),
])
def test_every_dialect_reads_the_article_prices(name, columns, dated):
    prices = read_prices(fixture(name))
    assert list(prices.columns) == columns
    assert all(prices[c].dtype == np.float64 for c in columns)
    np.testing.assert_array_equal(prices.iloc[:, 0].to_numpy(), A)
    np.testing.assert_array_equal(prices.iloc[:, 1].to_numpy(), B)
    if dated:
        assert prices.index.equals(DATES.rename(prices.index.name))
    assert prices.attrs["rows_dropped"] == 0


def test_european_dates_are_day_first():
    prices = read_prices(fixture("wide_semicolon_european.csv"))
    assert prices.index[1] == pd.Timestamp("2024-02-01")  # 01.02.2024 is the 1st of February


def test_long_file_is_pivoted_and_sorted_by_date():
    prices = read_prices(fixture("long.csv"))  # rows come newest first in the file
    assert prices.index.is_monotonic_increasing and prices.index.name == "Week"


def test_missing_prices_drop_their_rows_and_are_counted():
    prices = read_prices(fixture("missing.csv"))
    assert len(prices) == 10 and prices.attrs["rows_dropped"] == 6 and prices.attrs["rows_read"] == 16
    np.testing.assert_array_equal(prices["B"].to_numpy(), B)


def test_several_files_merge_on_dates_and_are_named_after_their_file():
    prices = read_price_files({"supplier_a.csv": fixture("supplier_a.csv"),
                               "supplier_b.csv": fixture("supplier_b.csv")})
    assert list(prices.columns) == ["supplier_a", "supplier_b"]
    np.testing.assert_array_equal(prices.to_numpy(), np.stack([A, B], 1))
    assert prices.index.equals(DATES.rename("date"))
    assert prices.attrs["rows_dropped"] == 1  # 2023-12-01 has only supplier B's price
    assert prices.attrs["sources"] == ["supplier_a.csv", "supplier_b.csv"]


def test_several_wide_files_merge_and_keep_distinct_names():
    prices = read_price_files({"x.csv": fixture("three_suppliers.csv"), "y.csv": fixture("long.csv")})
    assert list(prices.columns) == ["A", "B", "C", "A (y)", "B (y)"]
    np.testing.assert_array_equal(prices["A (y)"].to_numpy(), A)


def test_single_file_through_read_price_files_equals_read_prices():
    data = fixture("wide_comma_dollars.csv")
    pd.testing.assert_frame_equal(read_price_files({"f.csv": data}), read_prices(data))


@pytest.mark.parametrize(("data", "words"), [
    (b"", ["empty"]),
    (b"   \n\n", ["empty"]),
    (b",\n,,\n\n", ["no header row"]),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["binary"]),
    (b"date,A,B\xff\xfe\n1,2,3\n", ["UTF-8"]),
    (b"A\n1\n2\n3\n", ["fewer than 2 columns"]),
    (b"date,price\n2024-01-01,3\n2024-01-02,4\n2024-01-03,5\n", ["at least 2 suppliers"]),
    (b"A,B\n1,2\n3,4\n", ["2 complete row", "at least 3"]),
    (b"A,B\n1,2\n3,4\n5,NA\n", ["2 complete row"]),
    (b"A,B\n1,2\n3,4\n5,abc\n6,7\n", ["Row 4", "column 'B'", "'abc'"]),
    (b"A,B\n1,2\n\n3,4\n5,6\n7,0\n", ["Row 6", "column 'B'", "zero or negative"]),
    (b"A,B\n1,2\n3,-4\n5,6\n", ["Row 3", "column 'B'", "zero or negative"]),
    (b"A,B\n1,2\n3,inf\n5,6\n", ["Row 3", "not finite"]),
    (b"A,B\n1,2\n3,1e999\n5,6\n", ["Row 3", "not finite"]),
    (b"A,B\n1,2,3\n3,4\n5,6\n", ["Row 2", "3 values", "2 columns"]),
    (b"A,A\n1,2\n3,4\n5,6\n", ["called 'A'"]),
    (b"A,B\n1,2\n", ["1 complete row"]),
    (b"supplier,price\nA,1\nB,2\nA,3\n", ["needs a date"]),
    (b"date,supplier,price\n1,A,1\n1,A,2\n2,B,3\n", ["Row 3", "two prices"]),
    (b"date,A,B\n2024-01-01,1,2\n2024-01-01,3,4\n2024-01-03,5,6\n", ["Row 3", "appears twice"]),
    (b"A;B\n1,5;2\n3,5;4\n5;1.234.5\n", ["Row 4", "'1.234.5'", "','"]),
])
def test_refusals_say_why_and_where(data, words):
    with pytest.raises(PriceDataError) as info:
        read_prices(data)
    for word in words:
        assert word in str(info.value)


def test_refusals_from_several_files_name_the_file():
    with pytest.raises(PriceDataError, match=r"^b\.csv: .*Row 3, column 'price'"):
        read_price_files({"a.csv": fixture("supplier_a.csv"), "b.csv": b"date,price\n2024-01-01,1\n2024-02-01,x\n"})
    with pytest.raises(PriceDataError, match="no date or period column"):
        read_price_files({"a.csv": fixture("supplier_a.csv"), "b.csv": fixture("no_date_trailing.csv")})


def test_oversized_files_are_refused_before_parsing():
    with pytest.raises(PriceDataError, match="MB"):
        read_prices(b"A,B\n" + b"1,2\n" * (5 * 2**20 // 4 + 10))
    rows = b"A,B\n" + b"1,2\n" * (MAX_ROWS + 1)
    with pytest.raises(PriceDataError, match="100,000"):
        read_prices(rows)


def test_the_row_limit_itself_is_accepted():
    prices = read_prices(b"A,B\n" + b"1,2\n3,5\n" * (MAX_ROWS // 2))
    assert len(prices) == MAX_ROWS


def test_error_rows_are_file_lines_even_with_blank_lines_and_quotes():
    data = b'date,A,B\r\n\r\n2024-01-01,"1,000.00",2\r\n\r\n2024-01-02,3,4\r\n2024-01-03,oops,4\r\n'
    with pytest.raises(PriceDataError, match="Row 6, column 'A': 'oops'"):
        read_prices(data)


def test_ambiguous_thousands_comma_reads_as_thousands():
    prices = read_prices(b"A,B\n\"1,408\",2\n\"1,500\",3\n7,4\n")
    np.testing.assert_array_equal(prices["A"].to_numpy(), [1408.0, 1500.0, 7.0])


# --- round trips and fuzz --------------------------------------------------------------------------------
DIALECTS = {
    "comma": {"delimiter": ",", "decimal": ".", "thousands": ",", "currency": "$"},
    "semicolon-european": {"delimiter": ";", "decimal": ",", "thousands": ".", "currency": "€"},
    "tab": {"delimiter": "\t", "decimal": ".", "thousands": "", "currency": ""},
    "semicolon-plain": {"delimiter": ";", "decimal": ".", "thousands": "", "currency": "£"},
}


def write(table: np.ndarray, dialect: dict, *, bom: bool, crlf: bool, dated: bool, long: bool) -> bytes:
    """Write prices (shape (T, n), 2 decimals) the way a spreadsheet in ``dialect`` would."""
    def number(v: float) -> str:
        text = f"{v:,.2f}" if dialect["thousands"] else f"{v:.2f}"
        text = text.replace(",", "\x00").replace(".", dialect["decimal"])
        text = text.replace("\x00", dialect["thousands"])
        return f" {dialect['currency']}{text} "

    out = io.StringIO()
    writer = csv.writer(out, delimiter=dialect["delimiter"], lineterminator="\r\n" if crlf else "\n")
    dates = pd.date_range("2020-01-06", periods=len(table), freq="W").strftime("%Y-%m-%d")
    names = [f"S{j}" for j in range(table.shape[1])]
    if long:
        writer.writerow(["price", "vendor", "date"])
        for t in range(len(table))[::-1]:
            for j in range(table.shape[1]):
                writer.writerow([number(table[t, j]), names[j], dates[t]])
    else:
        writer.writerow((["date"] if dated else []) + names)
        for t in range(len(table)):
            writer.writerow(([dates[t]] if dated else []) + [number(v) for v in table[t]])
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


prices_tables = st.integers(3, 12).flatmap(lambda t: st.integers(2, 5).flatmap(
    lambda n: st.lists(st.lists(st.integers(1, 10**9), min_size=n, max_size=n), min_size=t, max_size=t)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cents=prices_tables, dialect=st.sampled_from(sorted(DIALECTS)), bom=st.booleans(), crlf=st.booleans(),
       dated=st.booleans(), long=st.booleans())
def test_round_trip_in_every_dialect(cents, dialect, bom, crlf, dated, long):
    table = np.array(cents, dtype=np.float64) / 100.0
    data = write(table, DIALECTS[dialect], bom=bom, crlf=crlf, dated=dated or long, long=long)
    prices = read_prices(data)
    assert list(prices.columns) == [f"S{j}" for j in range(table.shape[1])]
    np.testing.assert_allclose(prices.to_numpy(), table, rtol=1e-9, atol=0)


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=400))
def test_random_bytes_give_a_frame_or_a_price_error(data):
    try:
        prices = read_prices(data)
    except PriceDataError:
        return
    assert isinstance(prices, pd.DataFrame) and prices.shape[1] >= 2 and len(prices) >= 3


csv_like = st.lists(st.lists(st.sampled_from(["1", "2.5", "1,5", "$3", " 4 ", "", "NA", "x", '"5,0"', "-",
                                              "2024-01-01", "date", "price", "supplier", "A", "0", "-1"]),
                             min_size=1, max_size=5), min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(rows=csv_like, delimiter=st.sampled_from([",", ";", "\t"]))
def test_csv_like_text_gives_a_frame_or_a_price_error(rows, delimiter):
    data = "\n".join(delimiter.join(row) for row in rows).encode()
    try:
        prices = read_prices(data)
    except PriceDataError:
        return
    values = prices.to_numpy()
    assert values.dtype == np.float64 and np.isfinite(values).all() and (values > 0).all()


def test_delimiter_only_lines_are_blank_lines_not_missing_prices():
    prices = read_prices(b"A,B\n1,2\n,\n3,4\n5,6\n")
    assert len(prices) == 3 and prices.attrs["rows_dropped"] == 0


@settings(max_examples=150, deadline=None)
@given(rows=csv_like, delimiter=st.sampled_from([",", ";", "\t"]), crlf=st.booleans())
def test_arrow_fast_path_reads_what_the_csv_module_reads(rows, delimiter, crlf):
    """Regular files take Arrow's reader; whatever it accepts must match the line-exact csv-module path."""
    text = ("\r\n" if crlf else "\n").join(delimiter.join(row) for row in rows)
    same_cells_both_ways(text)


def same_cells_both_ways(text: str) -> bool:
    try:
        fast = pio.fast_frame(text)
    except (pa.ArrowInvalid, PriceDataError):  # refused by Arrow: the csv-module path reads it
        return False
    slow, _ = pio.exact_frame(text)
    pd.testing.assert_frame_equal(fast.map(str.strip), slow.map(str.strip), check_dtype=False)
    return True


def test_arrow_fast_path_matches_on_the_fixtures():
    taken = [same_cells_both_ways(path.read_bytes().decode("utf-8-sig")) for path in sorted(FIXTURES.iterdir())]
    assert sum(taken) >= 5  # most fixtures are regular enough for Arrow
