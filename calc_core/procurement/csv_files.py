"""CSV and other delimited text files: size and encoding checks, the dialect, and the cells as text.

Regular files go through Arrow's C++ reader (:func:`fast_frame`); anything it refuses, and every error (whose
message needs exact line numbers), goes through the csv module (:func:`exact_frame`), which knows the line of
every row. Either way the cells then pass :func:`calc_core.procurement.table.table_from`.
"""

from __future__ import annotations

import csv
import io
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from calc_core.procurement.table import (
    MAX_BYTES,
    MAX_ROWS,
    MAX_SUPPLIERS,
    SUPPLIER_REASON,
    PriceDataError,
    PriceTable,
    finish_prices,
    reading_choices,
    table_from,
)

__all__ = ["DELIMITERS", "fast_frame", "exact_frame", "read_table", "read_prices"]

DELIMITERS = (",", ";", "\t")


def _check_size(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise PriceDataError(f"The file is {len(data) / 2**20:.1f} MB; the limit is {MAX_BYTES // 2**20} MB.")
    # Lines end in \n, \r\n or a lone \r (old Mac files): count all three before trusting the limit.
    if data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n") > MAX_ROWS + 1:
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
    rows = _rows(text, delimiter, limit=1)  # the csv module stops after the first row, however long
    if not rows:
        raise PriceDataError("The file has no header row: only empty cells and delimiters.")
    header_line, header = rows[0]
    if len(header) < 2:
        raise PriceDataError("The header has fewer than 2 columns: need a column per supplier "
                             "(or date, supplier and price columns), separated by , ; or tab.")
    names = [cell or f"column {i + 1}" for i, cell in enumerate(header)]
    if len(names) > MAX_SUPPLIERS + 1:  # a date column and 50 suppliers at most: refuse before reading the body
        raise PriceDataError(f"The header has {len(names):,} columns; this page takes at most {MAX_SUPPLIERS} "
                             f"suppliers{SUPPLIER_REASON}")
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise PriceDataError(f"Row {header_line}: two columns are both called '{name}'.")
        seen.add(name)
    return delimiter, header_line, names


def fast_frame(text: str) -> pd.DataFrame:
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


def exact_frame(text: str) -> tuple[pd.DataFrame, np.ndarray]:
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


def read_table(data: bytes, dates: tuple[bool, str] | None = None, decimal: tuple[str, str] | None = None
               ) -> PriceTable:
    """One file → supplier columns (wide, or pivoted from long), NaN where a price is missing.

    ``dates`` / ``decimal``: (day-first?, reason) and (mark, reason) for what the file leaves open.
    Regular files go through Arrow's reader; anything it refuses, and every error (whose message needs
    exact line numbers), goes through the csv module, which knows the line of every row.
    """
    _check_size(data)
    text = _decode(data)
    delimiter = _sniff_delimiter(text)
    try:
        table = fast_frame(text)
    except (pa.ArrowInvalid, PriceDataError):
        return table_from(*exact_frame(text), delimiter, dates, decimal)
    try:
        return table_from(table, np.arange(len(table)) + 2, delimiter, dates, decimal)
    except PriceDataError:
        return table_from(*exact_frame(text), delimiter, dates, decimal)


def read_prices(data: bytes, *, dayfirst: bool | None = None, decimal: str | None = None) -> pd.DataFrame:
    """One price file's bytes → one float64 column per supplier, one row per period (complete rows only).

    Sorted by date where a date/period column parses as dates, else in file order. Date order and decimal
    mark are decided by evidence over whole columns; ``dayfirst`` and ``decimal`` (',' or '.') choose only
    where the file leaves them open. ``attrs`` records ``rows_read``, ``rows_dropped`` (rows with a missing
    price), ``sources`` and the reading (see ``finish_prices``). Raises PriceDataError for anything it cannot
    read.
    """
    table = read_table(data, *reading_choices(dayfirst, decimal))
    return finish_prices(table.prices, ["upload"], [table.reading])
