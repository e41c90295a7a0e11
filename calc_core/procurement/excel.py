"""Reading supplier prices from Excel (.xlsx, .xlsm) and OpenDocument (.ods) workbooks.

The workbook's cells go through python-calamine (Rust), become text exactly as a CSV would hold them,
and then pass the same table validation as a CSV (:func:`calc_core.procurement.table.table_from`): the same
column detection, date parsing, price checks and ``PriceDataError`` messages, prefixed with the sheet.

Before calamine sees a byte, the zip archive is checked from its directory alone (declared sizes and
compression ratios: a zip bomb is refused before it is inflated), and the sheets' XML is scanned for cells
far outside a price table: calamine holds a sheet as a dense grid, so one cell at XFD1048576 would ask
for hundreds of GB and abort the process.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np
import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

from calc_core.procurement.table import (
    DATE_NAME,
    DOT_NUMBER,
    MAX_BYTES,
    MAX_ROWS,
    PRICE_NAME,
    SUPPLIER_NAME,
    PriceDataError,
    PriceTable,
    Reading,
    check_unique,
    date_default,
    finish_prices,
    normalise,
    period_labels,
    table_from,
)

__all__ = ["EXTENSIONS", "MAX_INFLATED", "MAX_RATIO", "MAX_COLUMN", "MAX_SHEET_ROW", "NoTable",
           "is_spreadsheet", "check_archive", "SheetLayout", "sheet_layout", "text_frame", "fast_table",
           "price_sheets", "read_sheet", "read_workbook"]

EXTENSIONS = (".xlsx", ".xlsm", ".ods")
_COMMA_DECIMAL_EVIDENCE = r",(?:\d{1,2}|\d{4,})$|\.\d*,"  # text like 1,5 or 1.234,5: a decimal comma
MAX_INFLATED = 200 * 2**20  # the archive's declared uncompressed total
MAX_RATIO = 150  # per member, for members above 1 MB inflated (sheet XML is typically 5-30x)
MAX_COLUMN = 52  # columns A..AZ
MAX_SHEET_ROW = MAX_ROWS + 10_000  # room for titles and notes above the table
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # serial 1 = 1900-01-01 (after Excel's 1900 leap-year bug)
_SERIAL_RANGE = (10_000, 2_958_465)  # 1927-05-18 .. 9999-12-31; smaller numbers are years, weeks, ids
# A cell or row reference past column AZ or row 110,000 (xlsx sheet XML: <row r="…">, <c r="…">).
_FAR_REF = re.compile(rb' r="(?:[A-Z]{3}|[B-Z][A-Z]\d|[A-Z]{0,3}(\d{6,}))')  # a 6-digit row is checked
_ODS_ROWS = re.compile(rb'number-rows-repeated="(\d+)"')
_ODS_CELLS = re.compile(rb'<table:(?:covered-)?table-cell\b([^>]*)number-columns-repeated="(\d+)"([^>]*)>')
_NUMBER_TEXT = re.compile(rf"^\s*[$€£]?\s*(?:{DOT_NUMBER}|[+-]?\d[\d.,]*)\s*[$€£]?\s*$")


class NoTable(PriceDataError):
    """A sheet without anything shaped like a price table (skipped when picking a sheet)."""


def is_spreadsheet(name: str) -> bool:
    """True for the workbook file types this module reads (by extension)."""
    return PurePath(name).suffix.lower() in EXTENSIONS


def _column_letter(index: int) -> str:
    """0 → 'A', 25 → 'Z', 26 → 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_archive(data: bytes) -> zipfile.ZipFile:
    """Refuse oversized, non-zip or bomb-like workbooks from the zip directory, before anything inflates."""
    if len(data) > MAX_BYTES:
        raise PriceDataError(f"The file is {len(data) / 2**20:.1f} MB; the limit is {MAX_BYTES // 2**20} MB.")
    if not data:
        raise PriceDataError("The file is empty.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PriceDataError("This is not a valid .xlsx/.xlsm/.ods workbook (not a zip archive).") from exc
    total = sum(m.file_size for m in members)
    if total > MAX_INFLATED:
        raise PriceDataError(f"The workbook would inflate to {total / 2**20:,.0f} MB of XML; the limit is "
                             f"{MAX_INFLATED // 2**20} MB (a compressed 'zip bomb' is refused unopened).")
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > 2**20 and ratio > MAX_RATIO:
            raise PriceDataError(f"Part '{m.filename}' of the workbook is compressed {ratio:,.0f}:1; the limit is "
                                 f"{MAX_RATIO}:1 (a compressed 'zip bomb' is refused unopened).")
    return archive


def _check_extent(archive: zipfile.ZipFile) -> None:
    """Refuse sheets with cells beyond column AZ or row 110,000 (reads the XML, bounded by the checked sizes)."""
    far = PriceDataError(f"The workbook has cells beyond column {_column_letter(MAX_COLUMN - 1)} or row "
                         f"{MAX_SHEET_ROW:,}; a price table fits in {MAX_COLUMN} columns and "
                         f"{MAX_ROWS:,} rows. Delete the far cells or copy the table to a new workbook.")
    for member in archive.infolist():
        name = member.filename
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            for m in _FAR_REF.finditer(archive.read(member)):
                if m.group(1) is None or int(m.group(1)) > MAX_SHEET_ROW:
                    raise far
        elif name == "content.xml":
            xml = archive.read(member)
            for m in _ODS_ROWS.finditer(xml):
                end = xml.find(b"</table:table-row>", m.end())
                if int(m.group(1)) > MAX_SHEET_ROW and b"value-type" in xml[m.end():end]:
                    raise far
            for m in _ODS_CELLS.finditer(xml):
                if int(m.group(2)) > MAX_COLUMN and b"value-type" in m.group(1) + m.group(3):
                    raise far


def _open(data: bytes) -> CalamineWorkbook:
    archive = check_archive(data)
    _check_extent(archive)
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as exc:
        raise PriceDataError(f"The workbook could not be read ({type(exc).__name__}): is it password-protected "
                             "or damaged?") from exc


def _text(cell: object, comma: bool) -> str:
    """One cell as the text a CSV would hold: numbers in full precision, dates in ISO form."""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        text = str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else repr(cell)
        return text.replace(".", ",") if comma else text
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()


def _is_data(cell: object) -> bool:
    """A cell that looks like a value (number, date, or a number stored as text), not a header name."""
    if isinstance(cell, (int, float, dt.date, dt.datetime)) and not isinstance(cell, bool):
        return True
    return isinstance(cell, str) and bool(_NUMBER_TEXT.match(cell))


def _blank(row: list) -> bool:
    return all(c == "" or c is None for c in row)


def _find_header(rows: list[list]) -> int:
    """Index of the header row: ≥ 2 non-empty text cells, no values, and below it a row with values before any
    other such text row (rows of one label and no prices, e.g. a week without quotes, may come between)."""
    for i, row in enumerate(rows):
        filled = _filled(row)
        if len(filled) < 2 or any(_is_data(c) for c in filled):
            continue
        for below in rows[i + 1:]:
            if any(_is_data(c) for c in _filled(below)):
                return i
            if len(_filled(below)) >= 2:  # another row of names: this one was a title above the header
                break
    raise NoTable("no price table found (a header row of names above rows of prices).")


def _filled(row: list) -> list:
    return [c for c in row if c != "" and c is not None]


def _serial_dates(cells: list, header: str) -> list:
    """A date column's Excel serial numbers (General-formatted dates) → dates; other cells unchanged."""
    numbers = [c for c in cells if isinstance(c, float)]
    has_dates = any(isinstance(c, dt.date) for c in cells)
    if not numbers or not (has_dates or DATE_NAME.match(normalise(header))):
        return cells
    if not all(_SERIAL_RANGE[0] <= v <= _SERIAL_RANGE[1] for v in numbers):
        return cells
    return [_EXCEL_EPOCH + dt.timedelta(days=c) if isinstance(c, float) else c for c in cells]


@dataclass(frozen=True)
class SheetLayout:
    """Where a sheet's table is: header row, column names, and the body's cells and sheet row numbers."""

    top: int  # the header's row index (0 = spreadsheet row 1)
    names: list[str]
    cells: np.ndarray  # object array (rows, columns) of the non-blank body rows, table columns only
    lines: np.ndarray  # int64 (rows,), each body row's spreadsheet row number


def sheet_layout(rows: list[list]) -> SheetLayout:
    """Find the table: the header row, its columns, and the non-blank rows below (vectorised over cells)."""
    top = _find_header(rows)
    header = rows[top]
    right = max(j for j, c in enumerate(header) if c != "") + 1
    width = max(len(r) for r in rows)
    grid = np.empty((len(rows) - top - 1, width), dtype=object)
    grid[:] = ""
    for i, row in enumerate(rows[top + 1:]):  # calamine's rows all have the sheet's width: one slice each
        grid[i, :len(row)] = row
    filled = (grid != "") & (grid != None)  # noqa: E711 (elementwise on an object array)
    keep = filled.any(axis=1)
    cells, lines = grid[keep], np.flatnonzero(keep).astype(np.int64) + top + 2
    if len(cells) > MAX_ROWS:
        raise PriceDataError(f"The sheet has {len(cells):,} rows; the limit is {MAX_ROWS:,}.")
    beyond = filled[keep][:, right:]
    if beyond.any():
        i, j = np.argwhere(beyond)[0]
        raise PriceDataError(f"Row {lines[i]}, column {_column_letter(right + j)}: a value to the right of the "
                             "table's header (give the column a name, or delete the value).")
    used = [j for j in range(right) if header[j] != "" or filled[keep][:, j].any()]
    left = used[0] if used else 0
    names = [_text(header[j], False) or f"column {j - left + 1}" for j in range(left, right)]
    if len(set(names)) < len(names):
        twice = next(n for n in names if names.count(n) > 1)
        raise PriceDataError(f"Row {top + 1}: two columns are both called '{twice}'.")
    return SheetLayout(top, names, cells[:, left:right], lines)


def text_frame(layout: SheetLayout) -> tuple[pd.DataFrame, np.ndarray]:
    """The table as the text a CSV would hold (the general path, and every error message's source)."""
    columns = [_serial_dates(list(layout.cells[:, j]), name) for j, name in enumerate(layout.names)]
    comma = any(isinstance(c, str) and re.search(_COMMA_DECIMAL_EVIDENCE, c.strip()) for col in columns for c in col)
    frame = pd.DataFrame({name: pd.array([_text(c, comma) for c in col], dtype="str")
                          for name, col in zip(layout.names, columns, strict=True)})
    return frame, layout.lines


def _float_column(cells: np.ndarray) -> np.ndarray | None:
    """float64 (NaN where empty) when every cell is a number or empty; else None."""
    cells = np.where(cells == "", np.nan, cells)
    if pd.api.types.infer_dtype(cells, skipna=False) != "floating":
        return None
    return cells.astype(np.float64)


def fast_table(layout: SheetLayout) -> PriceTable | None:
    """The common case without per-cell text: a label column and numeric price cells, all valid.

    Returns None for anything else (long tables, text or bad numbers), which the text path then reads
    with the CSV reader's rules and messages. The result equals that path's on the same table.
    """
    norm = [normalise(n) for n in layout.names]
    if not len(layout.cells) or any(SUPPLIER_NAME.match(n) for n in norm) and any(PRICE_NAME.match(n) for n in norm):
        return None
    numeric = [_float_column(layout.cells[:, j]) for j in range(len(layout.names))]
    date_j = next((j for j, n in enumerate(norm) if DATE_NAME.match(n)), None)
    if date_j is None and (numeric[0] is None or np.isnan(numeric[0]).all()):
        date_j = 0
    if any(v is None or np.isnan(v).all() for j, v in enumerate(numeric) if j != date_j):
        return None  # text cells, or an empty column: the text path's rules decide
    prices = pd.DataFrame({name: numeric[j] for j, name in enumerate(layout.names) if j != date_j})
    values = prices.to_numpy()
    if (~np.isnan(values) & ~(np.isfinite(values) & (values > 0))).any():
        return None
    if date_j is None:
        prices.index = pd.RangeIndex(1, len(prices) + 1, name="row")
        return PriceTable(prices, dated=False, labelled=False, reading=Reading())
    name = layout.names[date_j]
    cells = _serial_dates(list(layout.cells[:, date_j]), name)
    if all(isinstance(c, dt.date) for c in cells):  # real dates: what the text path parses from their ISO text
        index, dated, reading = pd.DatetimeIndex(pd.to_datetime(cells)).as_unit("us"), True, {}
    else:
        index, dated, reading = period_labels(pd.Series([_text(c, False) for c in cells], dtype="str"),
                                              layout.lines, name, None, date_default(False, None))
    check_unique(index, layout.lines, name)
    prices.index = index.rename(name)
    return PriceTable(prices.sort_index(kind="stable") if dated else prices, dated=dated, labelled=True,
                  reading=Reading(**reading))


def _sheet_table(book: CalamineWorkbook, sheet: str, dates: tuple[bool, str] | None = None,
                 marks: tuple[str, str] | None = None) -> PriceTable:
    try:
        rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except (CalamineError, ValueError) as exc:
        raise PriceDataError(f"Sheet '{sheet}' could not be read ({type(exc).__name__}).") from exc
    try:
        layout = sheet_layout(rows)
        return fast_table(layout) or table_from(*text_frame(layout), ",", dates, marks)
    except PriceDataError as exc:
        raise type(exc)(f"Sheet '{sheet}': {exc}") from exc


def _worksheets(book: CalamineWorkbook) -> list[str]:
    return [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]


def price_sheets(data: bytes) -> list[str]:
    """Names of the workbook's sheets shaped like a price table (readable or not), in workbook order."""
    book = _open(data)
    found = []
    for sheet in _worksheets(book):
        try:
            _find_header(book.get_sheet_by_name(sheet).to_python(skip_empty_area=False))
        except (NoTable, CalamineError, ValueError):
            continue
        found.append(sheet)
    return found


def read_sheet(data: bytes, sheet: str | None = None, dates: tuple[bool, str] | None = None,
               marks: tuple[str, str] | None = None) -> tuple[PriceTable, str]:
    """One workbook → (its price table before dropping incomplete rows, the sheet it came from).

    ``sheet=None`` takes the first sheet shaped like a price table (and reports its errors, if any).
    ``dates`` / ``marks``: the reading chosen for what text cells leave open, as in the CSV reader.
    """
    book = _open(data)
    sheets = _worksheets(book)
    if sheet is not None:
        if sheet not in sheets:
            raise PriceDataError(f"The workbook has no sheet called '{sheet}'.")
        return _sheet_table(book, sheet, dates, marks), sheet
    reasons = []
    for name in sheets:
        try:
            return _sheet_table(book, name, dates, marks), name
        except NoTable as exc:
            reasons.append(str(exc))
    raise PriceDataError("No sheet holds a price table. " + " ".join(reasons or ["The workbook has no sheets."]))


def read_workbook(data: bytes, sheet: str | None = None) -> pd.DataFrame:
    """A workbook's prices, shaped like ``read_prices``: float64 column per supplier, complete rows only.

    ``attrs`` also records ``sheets`` ({"upload": sheet used}).
    """
    table, used = read_sheet(data, sheet)
    prices = finish_prices(table.prices, ["upload"], [table.reading])
    prices.attrs["sheets"] = {"upload": used}
    return prices
