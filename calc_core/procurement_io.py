"""Reading supplier price files: wide or long CSVs, any common dialect, several files merged on dates.

Every refusal is a :class:`PriceDataError` whose message names the problem and, where there is one,
the row (the line number in the file, as a spreadsheet shows it) and the column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
MISSING = ("", "na", "n/a", "nan", "null", "-")
DELIMITERS = (",", ";", "\t")

_DATE_NAME = re.compile(r"^(date|period|week|month|day|time|year|quarter|timestamp)\b")
_SUPPLIER_NAME = re.compile(r"^(supplier|vendor)( (name|id))?$")
_PRICE_NAME = re.compile(r"^(unit )?(price|cost)( per unit)?$")
_CURRENCY_EDGES = (r"^([+-]?)\s*[$€£]\s*", r"\s*[$€£]$")
_DOT_NUMBER = r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?inf(?:inity)?"
_COMMA_NUMBER = r"[+-]?(?:(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d*)?|,\d+)(?:[eE][+-]?\d+)?|[+-]?inf(?:inity)?"
_COMMA_DECIMAL_EVIDENCE = r",(?:\d{1,2}|\d{4,})$|\.\d*,"


class PriceDataError(ValueError):
    """A price file was refused; the message says why (and where: row and column)."""


@dataclass(frozen=True)
class _Table:
    """One file's prices before rows with missing values are dropped (NaN marks a missing price)."""

    prices: pd.DataFrame  # one float64 column per supplier; index = dates, period labels or row numbers
    dated: bool  # the index holds parsed dates (sortable, mergeable)
    labelled: bool  # the index comes from a date/period column (else it is the row position)


def _normalise(name: str) -> str:
    """Header text compared case-insensitively, without units in brackets or currency symbols."""
    name = re.sub(r"\(.*?\)|\[.*?\]|[$€£]", " ", name.lower().replace("_", " ").replace("-", " "))
    return " ".join(name.split())


def _check_size(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise PriceDataError(f"The file is {len(data) / 2**20:.1f} MB; the limit is {MAX_BYTES // 2**20} MB.")
    if data.count(b"\n") > MAX_ROWS + 1:
        lines = sum(1 for line in data.splitlines() if line.strip())
        if lines > MAX_ROWS + 1:
            raise PriceDataError(f"The file has {lines - 1:,} rows; the limit is {MAX_ROWS:,}.")


def _decode(data: bytes) -> str:
    if not data.strip():
        raise PriceDataError("The file is empty.")
    if b"\x00" in data:
        raise PriceDataError("This is a binary file, not a CSV text file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PriceDataError(f"The file is not UTF-8 text (byte {exc.start + 1}); save it as 'CSV UTF-8'.") from exc
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
        raise PriceDataError("The file contains control characters: it looks binary, not a CSV text file.")
    if not text.strip():
        raise PriceDataError("The file is empty.")
    return text


def _rows(text: str, delimiter: str, limit: int | None = None) -> list[tuple[int, list[str]]]:
    """(line number, stripped fields without trailing empties) for each non-blank row."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    out: list[tuple[int, list[str]]] = []
    try:
        for fields in reader:
            cells = [f.strip() for f in fields]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                out.append((reader.line_num, cells))
                if limit is not None and len(out) >= limit:
                    break
    except csv.Error as exc:
        raise PriceDataError(f"Row {reader.line_num}: the file is not valid CSV ({exc}).") from exc
    return out


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header into the most columns and most rows the same way."""
    sample = text[:20_000]
    best, best_score = ",", (-1, -1)
    for delimiter in DELIMITERS:
        try:
            rows = _rows(sample, delimiter, limit=50)
        except PriceDataError:
            continue
        if not rows or len(rows[0][1]) < 2:
            continue
        width = len(rows[0][1])
        score = (sum(len(cells) == width for _, cells in rows), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _header(text: str) -> tuple[str, int, list[str]]:
    """The delimiter, the header's line number and the column names (checked: ≥ 2, unique)."""
    delimiter = _sniff_delimiter(text)
    rows = _rows(text[:20_000], delimiter, limit=1)
    if not rows:
        raise PriceDataError("The file has no header row: only empty cells and delimiters.")
    header_line, header = rows[0]
    if len(header) < 2:
        raise PriceDataError("The header has fewer than 2 columns: need a column per supplier "
                             "(or date, supplier and price columns), separated by , ; or tab.")
    names = [cell or f"column {i + 1}" for i, cell in enumerate(header)]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise PriceDataError(f"Row {header_line}: two columns are both called '{name}'.")
        seen.add(name)
    return delimiter, header_line, names


def _frame_fast(text: str) -> pd.DataFrame:
    """Arrow's C++ CSV reader for regular files (every row as wide as the header); ArrowInvalid otherwise."""
    delimiter, header_line, names = _header(text)
    ends = re.finditer(r"\r\n|\r|\n", text)
    end = next((m.end() for i, m in enumerate(ends, start=1) if i == header_line), len(text))
    table = pacsv.read_csv(
        pa.py_buffer(text[end:].encode("utf-8")),  # the body, after the header's line
        read_options=pacsv.ReadOptions(column_names=names, use_threads=False),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=True),
        convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                             strings_can_be_null=False, quoted_strings_can_be_null=False))
    frame = pd.DataFrame({name: pd.array(table.column(name).combine_chunks(), dtype="str") for name in names})
    blank = np.logical_and.reduce([frame[name].str.strip().eq("").to_numpy(dtype=bool) for name in names])
    return frame[~blank].reset_index(drop=True) if blank.any() else frame  # ",,," lines are blank lines


def _frame(text: str) -> tuple[pd.DataFrame, np.ndarray]:
    """All cells as text (columns named by the header) and each data row's line number (slow, exact)."""
    delimiter, header_line, names = _header(text)
    rows = _rows(text, delimiter)
    width = len(names)
    body = []
    for line, cells in rows[1:]:
        if len(cells) > width:
            raise PriceDataError(f"Row {line} has {len(cells)} values but the header has {width} columns.")
        body.append(cells + [""] * (width - len(cells)))
    columns = list(zip(*body, strict=True)) if body else [()] * width
    table = pd.DataFrame({name: pd.array(col, dtype="str") for name, col in zip(names, columns, strict=True)})
    return table, np.array([line for line, _ in rows[1:]], dtype=np.int64)


def _text(cells: pd.Series) -> pa.Array:
    """Cells as an Arrow string array, stripped, currency symbols at either edge removed (RE2, vectorised)."""
    array = pc.utf8_trim_whitespace(pa.array(cells.to_numpy(dtype=object), type=pa.string()))
    for pattern, repl in zip(_CURRENCY_EDGES, (r"\1", ""), strict=True):
        array = pc.replace_substring_regex(array, pattern, repl)
    return array


def _comma_decimal(arrays: list[pa.Array]) -> bool:
    """True when some number can only be read with ',' as decimal mark (``12,5``, ``1.408,50``)."""
    return any(pc.any(pc.match_substring_regex(a, _COMMA_DECIMAL_EVIDENCE)).as_py() for a in arrays)


def _parse_prices(table: pd.DataFrame, columns: list[str], lines: np.ndarray) -> tuple[pd.DataFrame, bool]:
    """Text cells → float64 prices (NaN for missing), and whether the file's decimal mark is ','."""
    cleaned = {name: _text(table[name]) for name in columns}
    comma_decimal = _comma_decimal(list(cleaned.values()))
    pattern, mark = (_COMMA_NUMBER, "','") if comma_decimal else (_DOT_NUMBER, "'.'")
    out = {}
    for name, cells in cleaned.items():
        missing = pc.is_in(pc.utf8_lower(cells), value_set=pa.array(MISSING)).to_numpy(zero_copy_only=False)
        valid = pc.match_substring_regex(cells, f"^(?:{pattern})$").to_numpy(zero_copy_only=False) | missing
        if not valid.all():
            i = int(np.argmin(valid))
            raise PriceDataError(f"Row {lines[i]}, column '{name}': '{table[name].iloc[i]}' is not a price "
                                 f"(this file uses {mark} as decimal mark).")
        if comma_decimal:
            text = pc.replace_substring(pc.replace_substring(cells, ".", ""), ",", ".")
        else:
            text = pc.replace_substring(cells, ",", "")
        text = pc.if_else(pa.array(missing), pa.scalar("nan"), text)
        values = pc.cast(pc.utf8_lower(text), pa.float64()).to_numpy(zero_copy_only=False)
        bad = ~missing & ~(np.isfinite(values) & (values > 0))
        if bad.any():
            i = int(np.argmax(bad))
            why = "not finite" if not np.isfinite(values[i]) else "zero or negative"
            raise PriceDataError(f"Row {lines[i]}, column '{name}': price {table[name].iloc[i]} is {why}; "
                                 "prices must be positive numbers.")
        out[name] = values
    return pd.DataFrame(out), comma_decimal


def _labels(values: pd.Series, dayfirst: bool) -> tuple[pd.Index, bool]:
    """A date/period column as an index: parsed dates if they all parse, else the text labels."""
    text = values.str.strip()
    if not text.str.fullmatch(r"\d+").all():
        for options in ({"format": "ISO8601"}, {"format": "mixed", "dayfirst": dayfirst}):
            try:
                dates = pd.to_datetime(text, errors="coerce", **options)
            except (ValueError, TypeError, OverflowError):
                continue
            if dates.notna().all():
                return pd.DatetimeIndex(dates), True
    return pd.Index(text.astype(object)), False


def _read_table(data: bytes) -> _Table:
    """One file → supplier columns (wide, or pivoted from long), NaN where a price is missing.

    Regular files go through Arrow's reader; anything it refuses, and every error (whose message needs
    exact line numbers), goes through the csv module, which knows the line of every row.
    """
    _check_size(data)
    text = _decode(data)
    try:
        table = _frame_fast(text)
    except (pa.ArrowInvalid, PriceDataError):
        return _table_from(*_frame(text))
    try:
        return _table_from(table, np.arange(len(table)) + 2)
    except PriceDataError:
        return _table_from(*_frame(text))


def _table_from(table: pd.DataFrame, lines: np.ndarray) -> _Table:
    if table.empty:
        raise PriceDataError("The file has a header but no data rows.")
    norm = {name: _normalise(name) for name in table.columns}
    date_col = next((n for n in table.columns if _DATE_NAME.match(norm[n])), None)
    supplier_col = next((n for n in table.columns if _SUPPLIER_NAME.match(norm[n])), None)
    price_col = next((n for n in table.columns if _PRICE_NAME.match(norm[n])), None)
    if date_col is None and supplier_col is None and _no_numbers(table.iloc[:, 0]):
        date_col = table.columns[0]  # a first column of labels (dates, "Jan", "W01" ...) names the periods
    if supplier_col is not None and price_col is not None:
        return _pivot_long(table, lines, date_col, supplier_col, price_col)
    suppliers = [n for n in table.columns if n != date_col]
    prices, comma = _parse_prices(table, suppliers, lines)
    if date_col is None:
        prices.index = pd.RangeIndex(1, len(prices) + 1, name="row")
        return _Table(prices, dated=False, labelled=False)
    labels, dated = _labels(table[date_col], dayfirst=comma)
    _check_unique(labels, lines, date_col)
    prices.index = labels.rename(date_col)
    return _Table(prices.sort_index(kind="stable") if dated else prices, dated=dated, labelled=True)


def _no_numbers(cells: pd.Series) -> bool:
    head = _text(cells.head(50))
    return not pc.any(pc.match_substring_regex(head, f"^(?:{_DOT_NUMBER}|{_COMMA_NUMBER})$")).as_py()


def _check_unique(labels: pd.Index, lines: np.ndarray, column: str) -> None:
    duplicated = labels.duplicated()
    if duplicated.any():
        i = int(np.argmax(duplicated))
        raise PriceDataError(f"Row {lines[i]}, column '{column}': '{labels[i]}' appears twice.")


def _pivot_long(table: pd.DataFrame, lines: np.ndarray, date_col: str | None, supplier_col: str,
                price_col: str) -> _Table:
    if date_col is None:
        raise PriceDataError(f"A long file (columns '{supplier_col}' and '{price_col}') needs a date or "
                             "period column to line the suppliers up.")
    parsed, comma = _parse_prices(table, [price_col], lines)
    prices = parsed[price_col].to_numpy()
    suppliers = table[supplier_col].str.strip()
    empty = (suppliers == "").to_numpy(dtype=bool)
    if empty.any():
        raise PriceDataError(f"Row {lines[int(np.argmax(empty))]}, column '{supplier_col}': no supplier name.")
    labels, dated = _labels(table[date_col], dayfirst=comma)
    keys = pd.DataFrame({"date": labels, "supplier": suppliers.to_numpy(dtype=object)})
    duplicated = keys.duplicated().to_numpy()
    if duplicated.any():
        i = int(np.argmax(duplicated))
        raise PriceDataError(f"Row {lines[i]}: supplier '{keys['supplier'].iloc[i]}' has two prices for "
                             f"'{table[date_col].iloc[i]}'.")
    order = list(dict.fromkeys(keys["supplier"]))
    periods = list(dict.fromkeys(labels))
    wide = pd.Series(prices, index=pd.MultiIndex.from_arrays([labels, keys["supplier"]])).unstack()
    wide = wide.reindex(index=periods, columns=order).astype("float64")
    wide.columns = pd.Index([str(c) for c in wide.columns])
    wide.index.name = date_col
    if dated:
        wide.index = pd.DatetimeIndex(wide.index, name=date_col)
        wide = wide.sort_index(kind="stable")
    return _Table(wide, dated=dated, labelled=True)


def _finish(prices: pd.DataFrame, sources: list[str]) -> pd.DataFrame:
    """Drop rows with a missing price; refuse too few suppliers or rows; record what was dropped."""
    if prices.shape[1] < 2:
        raise PriceDataError(f"Found {prices.shape[1]} supplier column(s); need at least 2 suppliers "
                             "to split an order.")
    complete = prices.dropna(how="any")
    if len(complete) < 3:
        raise PriceDataError(f"Only {len(complete)} complete row(s) (every supplier priced); need at least 3.")
    complete = complete.astype("float64")
    complete.attrs = {"rows_read": int(len(prices)), "rows_dropped": int(len(prices) - len(complete)),
                      "sources": list(sources)}
    return complete


def read_prices(data: bytes) -> pd.DataFrame:
    """One price file's bytes → one float64 column per supplier, one row per period (complete rows only).

    Sorted by date where a date/period column parses as dates, else in file order. ``attrs`` records
    ``rows_read``, ``rows_dropped`` (rows with a missing price) and ``sources``.
    Raises PriceDataError for anything it cannot read.
    """
    return _finish(_read_table(data).prices, ["upload"])


def read_price_files(files: Mapping[str, bytes], sheets: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Several files (file name → bytes) merged on their date column; same result shape as ``read_prices``.

    A single-supplier file whose price column has a generic name (``price``, ``cost`` …) is named after
    its file. Files without a date column are lined up by row order if they all have the same length.
    Workbooks (.xlsx, .xlsm, .ods) read the sheet named in ``sheets`` (file name → sheet), else their
    first sheet with a price table; ``attrs["sheets"]`` records the sheet used per workbook.
    """
    used: dict[str, str] = {}
    prices = _read_price_files(files, sheets or {}, used)
    prices.attrs["sheets"] = used
    return prices


def _read_one(name: str, data: bytes, sheet: str | None, used: dict[str, str]) -> _Table:
    """A CSV or a workbook (by extension) → its table; records a workbook's sheet in ``used``."""
    from calc_core import procurement_excel  # imports this module: import here, not at the top

    if not procurement_excel.is_spreadsheet(name):
        return _read_table(data)
    table, used[name] = procurement_excel.read_sheet(data, sheet)
    return table


def _read_price_files(files: Mapping[str, bytes], sheets: Mapping[str, str], used: dict[str, str]
                      ) -> pd.DataFrame:
    if not files:
        raise PriceDataError("No files given.")
    tables: list[_Table] = []
    for name, data in files.items():
        try:
            table = _read_one(name, data, sheets.get(name), used)
        except PriceDataError as exc:
            raise PriceDataError(f"{name}: {exc}") from exc
        prices = table.prices
        if prices.shape[1] == 1 and (_PRICE_NAME.match(_normalise(prices.columns[0]))
                                     or _normalise(prices.columns[0]) in ("value", "amount", "column 2")):
            prices = prices.set_axis([PurePath(name).stem], axis=1)
        tables.append(_Table(prices, table.dated, table.labelled))
    if len(tables) == 1:
        return _finish(tables[0].prices, list(files))
    names = list(files)
    if any(t.labelled for t in tables) and not all(t.labelled for t in tables):
        missing = names[[t.labelled for t in tables].index(False)]
        raise PriceDataError(f"{missing}: no date or period column to merge on.")
    if not any(t.labelled for t in tables) and len({len(t.prices) for t in tables}) > 1:
        raise PriceDataError("These files have no date column and different numbers of rows: "
                             "add a date or period column to merge them.")
    if len({t.dated for t in tables}) > 1:
        odd = names[[t.dated for t in tables].index(not tables[0].dated)]
        raise PriceDataError(f"{odd}: its date column is not in the same form as in {names[0]}.")
    columns: list[pd.Series] = []
    taken: set[str] = set()
    for name, table in zip(names, tables, strict=True):
        for column in table.prices.columns:
            label = column if column not in taken else f"{column} ({PurePath(name).stem})"
            if label in taken:
                raise PriceDataError(f"{name}: supplier '{column}' appears in two files.")
            taken.add(label)
            columns.append(table.prices[column].rename(label))
    index = list(dict.fromkeys(label for t in tables for label in t.prices.index))
    merged = pd.concat([c.reindex(index) for c in columns], axis=1)
    if tables[0].dated:
        merged.index = pd.DatetimeIndex(merged.index, name=tables[0].prices.index.name)
        merged = merged.sort_index(kind="stable")
    else:
        merged.index.name = tables[0].prices.index.name
    return _finish(merged, names)
