"""Reading prices from workbooks built here with openpyxl (and a hand-written .ods): every shape an analyst's
workbook takes reads to the article's prices; every refusal names the sheet, row and column."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from calc_core.article import PRICES_A, PRICES_B
from calc_core.procurement import MAX_BYTES, PriceDataError, read_price_files, read_prices
from calc_core.procurement import excel as px
from calc_core.procurement.table import table_from

A, B = np.array(PRICES_A), np.array(PRICES_B)
DATES = [dt.date(2024, m, 1) for m in range(1, 11)]


def workbook(sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> bytes:
    """{sheet name: rows} → .xlsx bytes; rows start at A1, None leaves a cell empty."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in (merges or {}).get(name, []):
            sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def article_rows(dates=DATES, a=A, b=B) -> list[list]:
    return [["Date", "Acme", "Bolt"], *([d, float(x), float(y)] for d, x, y in zip(dates, a, b, strict=True))]


def ods(sheets: dict[str, list[list]]) -> bytes:
    """A minimal OpenDocument spreadsheet: numbers as float cells, text as string cells."""
    body = []
    for name, rows in sheets.items():
        body.append(f'<table:table table:name="{escape(name)}">')
        for row in rows:
            body.append("<table:table-row>")
            for c in row:
                if isinstance(c, (int, float)):
                    body.append(f'<table:table-cell office:value-type="float" office:value="{c}"/>')
                elif c is None:
                    body.append("<table:table-cell/>")
                else:
                    body.append(f'<table:table-cell office:value-type="string"><text:p>{escape(str(c))}</text:p>'
                                "</table:table-cell>")
            body.append("</table:table-row>")
        body.append("</table:table>")
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
               f'<office:body><office:spreadsheet>{"".join(body)}</office:spreadsheet></office:body>'
               "</office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def check_article(prices: pd.DataFrame, columns=("Acme", "Bolt")) -> None:
    assert list(prices.columns) == list(columns)
    np.testing.assert_array_equal(prices.iloc[:, 0].to_numpy(), A)
    np.testing.assert_array_equal(prices.iloc[:, 1].to_numpy(), B)


def test_a_plain_sheet_reads_the_article_prices_with_dates():
    prices = px.read_workbook(workbook({"Prices": article_rows()}))
    check_article(prices)
    assert prices.index.equals(pd.DatetimeIndex(pd.to_datetime(DATES), name="Date"))
    assert prices.attrs["sheets"] == {"upload": "Prices"}


def test_same_table_reads_the_same_as_its_csv():
    rows = article_rows()
    csv = "\n".join(",".join(d.isoformat() if isinstance(d, dt.date) else str(d) for d in r) for r in rows)
    pd.testing.assert_frame_equal(px.read_workbook(workbook({"S": rows})), read_prices(csv.encode()),
                                  check_like=False, check_names=True, check_exact=True, check_index_type=True,
                                  check_flags=False, check_freq=False, obj="workbook vs csv")


def test_first_sheet_with_a_table_is_picked_and_all_table_sheets_are_listed():
    data = workbook({"Notes": [["Exported from the ERP"], ["by the buyer"]], "Empty": [],
                     "2024": article_rows(), "2023": article_rows(a=A + 1)})
    assert px.price_sheets(data) == ["2024", "2023"]
    check_article(px.read_workbook(data))
    assert px.read_workbook(data).attrs["sheets"] == {"upload": "2024"}
    np.testing.assert_array_equal(px.read_workbook(data, "2023")["Acme"].to_numpy(), A + 1)


def test_header_rows_above_the_table_merged_title_and_offset_columns():
    rows = [["Supplier price history"], [], ["Source: ERP export", None, None], [None, "note: EUR per kg"],
            *([None, *r] for r in article_rows())]
    data = workbook({"Prices": rows}, merges={"Prices": ["A1:D1"]})
    check_article(px.read_workbook(data))


def test_serial_dates_text_numbers_and_mixed_date_cells():
    serials = [(pd.Timestamp(d) - pd.Timestamp("1899-12-30")).days for d in DATES]
    rows = [["Date", "Acme", "Bolt"]]
    for i, (s, a, b) in enumerate(zip(serials, A, B, strict=True)):
        rows.append([DATES[i] if i % 3 == 0 else s, f" {a} " if i % 2 else float(a), str(b)])
    prices = px.read_workbook(workbook({"S": rows}))
    check_article(prices)
    assert prices.index.equals(pd.DatetimeIndex(pd.to_datetime(DATES), name="Date"))


def test_years_and_week_numbers_stay_labels_not_serial_dates():
    rows = [["Week", "Acme", "Bolt"], *([w, float(a), float(b)] for w, a, b in zip(range(1, 11), A, B, strict=True))]
    prices = px.read_workbook(workbook({"S": rows}))
    check_article(prices)
    assert list(prices.index) == [str(w) for w in range(1, 11)]


def test_comma_decimal_text_cells_and_float_cells_mix():
    rows = [["Date", "Acme", "Bolt"], *([d, str(a).replace(".", ","), float(b)] for d, a, b in zip(DATES, A, B,
                                                                                                      strict=True))]
    check_article(px.read_workbook(workbook({"S": rows})))


def test_ods_reads_like_xlsx():
    rows = [["Date", "Acme", "Bolt"], *([d.isoformat(), float(a), str(b)] for d, a, b in zip(DATES, A, B,
                                                                                                 strict=True))]
    data = ods({"Notes": [["hello"]], "Prices": rows})
    prices = read_price_files({"history.ods": data})
    check_article(prices)
    assert prices.attrs["sheets"] == {"history.ods": "Prices"}


def test_workbooks_merge_with_csvs_and_record_their_sheet():
    csv = "date,price\n" + "\n".join(f"{d.isoformat()},{c}" for d, c in zip(DATES, A + 2, strict=True))
    prices = read_price_files({"book.xlsm": workbook({"S": article_rows()}), "local.csv": csv.encode()},
                              sheets={"book.xlsm": "S"})
    assert list(prices.columns) == ["Acme", "Bolt", "local"]
    np.testing.assert_array_equal(prices["local"].to_numpy(), A + 2)
    assert prices.attrs["sheets"] == {"book.xlsm": "S"}
    assert prices.attrs["sources"] == ["book.xlsm", "local.csv"]


def test_missing_prices_drop_rows_like_csv():
    rows = article_rows()
    rows[3][1] = None
    rows[5][2] = "n/a"
    prices = px.read_workbook(workbook({"S": rows}))
    assert len(prices) == 8 and prices.attrs["rows_dropped"] == 2


@pytest.mark.parametrize(("rows", "words"), [
    ([["Date", "Acme", "Bolt"], [DATES[0], 1.0, 2.0], [DATES[1], "abc", 2.0], [DATES[2], 1.0, 2.0]],
     ["Sheet 'P'", "Row 3", "column 'Acme'", "'abc' is not a price"]),
    ([["t"], ["Date", "Acme", "Bolt"], [DATES[0], 1.0, 2.0], [DATES[1], -1.0, 2.0], [DATES[2], 1.0, 2.0]],
     ["Sheet 'P'", "Row 4", "column 'Acme'", "zero or negative"]),
    ([["Date", "Acme", "Bolt"], [DATES[0], 1.0, 2.0, None, 7.0], [DATES[1], 1.0, 2.0]],
     ["Sheet 'P'", "Row 2", "column E", "right of the table"]),
    ([["Date", "Acme", "Acme"], [DATES[0], 1.0, 2.0]], ["Sheet 'P'", "Row 1", "both called 'Acme'"]),
    ([["Date", "Acme", "Bolt"], [DATES[0], 1.0, 2.0], [DATES[0], 1.0, 2.0], [DATES[1], 1.0, 2.0]],
     ["Sheet 'P'", "Row 3", "appears twice"]),
    ([["Date", "Acme"], [DATES[0], 1.0], [DATES[1], 1.0], [DATES[2], 1.0]], ["need at least 2 suppliers"]),
])
def test_refusals_name_sheet_row_and_column(rows, words):
    with pytest.raises(PriceDataError) as info:
        read_price_files({"book.xlsx": workbook({"P": rows})})
    assert str(info.value).startswith("book.xlsx: ") or "Sheet" not in words[0]
    for word in words:
        assert word in str(info.value)


def test_a_workbook_without_a_table_names_each_sheet():
    with pytest.raises(PriceDataError, match=r"No sheet holds a price table.*Sheet 'A'.*Sheet 'B'"):
        px.read_workbook(workbook({"A": [["just a note"]], "B": []}))


def test_unknown_sheet_and_non_zip_bytes_are_refused():
    with pytest.raises(PriceDataError, match="no sheet called 'Nope'"):
        px.read_workbook(workbook({"S": article_rows()}), "Nope")
    with pytest.raises(PriceDataError, match="not a zip archive"):
        read_price_files({"fake.xlsx": b"Date,A,B\n2024-01-01,1,2\n"})


def test_over_the_size_limit_is_refused_unopened():
    with pytest.raises(PriceDataError, match="limit is 5 MB"):
        px.read_workbook(b"PK" + b"\0" * (MAX_BYTES + 1))


def test_over_the_row_limit_is_refused(monkeypatch):
    monkeypatch.setattr(px, "MAX_ROWS", 20)  # the same check as at 100,000, on a workbook built in a second
    rows = [["Date", "Acme", "Bolt"], *([i, 1.0, 2.0] for i in range(21))]
    with pytest.raises(PriceDataError, match="21 rows; the limit is 20"):
        px.read_workbook(workbook({"S": rows}))
    px.read_workbook(workbook({"S": rows[:21]}))  # exactly the limit reads


def test_cells_far_outside_a_table_are_refused_before_calamine_allocates_the_grid():
    book = openpyxl.Workbook()
    book.active.append(["Date", "A", "B"])
    book.active["XFD1048576"] = 1  # calamine would allocate a dense 1M x 16k grid and abort the process
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(PriceDataError, match="beyond column AZ or row 110,000"):
        px.read_workbook(out.getvalue())
    for cell in ("BA1", "A110001"):
        book = openpyxl.Workbook()
        book.active[cell] = 1
        out = io.BytesIO()
        book.save(out)
        with pytest.raises(PriceDataError, match="beyond column AZ"):
            px.read_workbook(out.getvalue())


def zip_bomb(inflated: int) -> bytes:
    """A valid .xlsx whose sheet XML pads ``inflated`` bytes of blanks (deflate squeezes them ~1000:1)."""
    data = workbook({"S": article_rows()})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(item.filename, body)
                continue
            head, tail = body.split(b"<sheetData>")
            with dst.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(head + b"<sheetData>")
                blanks = b" " * 2**22
                for _ in range(inflated // len(blanks)):
                    sheet.write(blanks)
                sheet.write(tail)
    return out.getvalue()


def test_a_zip_bomb_is_refused_from_the_directory_before_inflating(monkeypatch):
    monkeypatch.setattr(px, "MAX_INFLATED", 20 * 2**20)  # the check at 200 MB, with a bomb built in a second
    data = zip_bomb(32 * 2**20)
    assert len(data) < 2**17  # a small upload ...
    declared = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert declared > px.MAX_INFLATED  # ... that would inflate past the bound
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda *a, **k: opened.append(a) or b"")
    with pytest.raises(PriceDataError, match="zip bomb"):
        read_price_files({"bomb.xlsx": data})
    assert not opened  # refused from the directory: no member was read


def test_a_highly_compressed_part_under_the_total_is_refused_by_its_ratio():
    data = zip_bomb(50 * 2**20)  # under the total bound, ~1000:1
    with pytest.raises(PriceDataError, match=r"compressed [\d,]+:1; the limit is 150:1"):
        px.read_workbook(data)


@settings(max_examples=40, deadline=None)
@given(cells=st.lists(st.lists(st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, width=32),
                                         st.text(st.characters(min_codepoint=32, exclude_categories=("Cs",)), max_size=6), st.integers(-10**6, 10**6),
                                         st.dates(dt.date(1950, 1, 1), dt.date(2100, 1, 1))),
                               min_size=0, max_size=4), min_size=0, max_size=8))
def test_arbitrary_sheets_give_a_frame_or_a_price_error(cells):
    clean = [[c.replace("\x00", "") if isinstance(c, str) else c for c in row] for row in cells]
    try:
        data = workbook({"S": clean})
    except (ValueError, TypeError):  # openpyxl refuses some characters; not our reader's business
        return
    try:
        prices = px.read_workbook(data)
    except PriceDataError:
        return
    assert prices.shape[1] >= 2 and len(prices) >= 3
    assert np.isfinite(prices.to_numpy()).all() and (prices.to_numpy() > 0).all()


@settings(max_examples=25, deadline=None)
@given(values=st.lists(st.lists(st.one_of(st.floats(0.01, 1e6), st.just(None)), min_size=3, max_size=3),
                       min_size=1, max_size=12),
       dated=st.sampled_from(["dates", "serials", "labels", "none"]))
@example(values=[[None] * 3, [1.0, 1.0, 1.0]], dated="labels")  # a first week without prices is still the table
def test_the_numeric_fast_path_equals_the_csv_text_path(values, dated):
    header = ["Acme", "Bolt", "Cargo"]
    rows = []
    for k, row in enumerate(values):
        label = {"dates": dt.date(2020, 1, 1) + dt.timedelta(days=k), "serials": 43831.0 + k,
                 "labels": f"W{k:02d}", "none": None}[dated]
        rows.append(row if dated == "none" else [label, *row])
    table = [header if dated == "none" else ["Date", *header], *rows]
    book = CalamineWorkbook.from_filelike(io.BytesIO(workbook({"S": table})))
    try:
        layout = px.sheet_layout(book.get_sheet_by_name("S").to_python(skip_empty_area=False))
    except px.NoTable:  # every price cell empty: no table on either path
        assert all(v is None for row in values for v in row)
        return
    fast = px.fast_table(layout)
    if fast is None:  # declined only for an empty price column, which the text path's rules handle
        assert any(all(row[j] is None for row in values) for j in range(3))
        return
    slow = table_from(*px.text_frame(layout))
    pd.testing.assert_frame_equal(fast.prices, slow.prices)
    assert (fast.dated, fast.labelled) == (slow.dated, slow.labelled)
