"""Reading supplier price files: wide or long CSVs, any common dialect, several files merged on dates.

Every refusal is a :class:`PriceDataError` whose message names the problem and, where there is one,
the row (the line number in the file, as a spreadsheet shows it) and the column.
"""

from __future__ import annotations

import csv
import dataclasses
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

__all__ = [
    "read_prices", "read_price_files", "PriceDataError", "Reading", "MAX_BYTES", "MAX_ROWS",
    "MAX_SUPPLIERS", "PRICE_RANGE", "MISSING", "DELIMITERS",
]

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
# At most 50 suppliers: a 50×50 correlation map is the most a reader can take in, and the exact long-only split
# (an active set of up to n lstsq solves of size n) stays well under a second; 3,000 suppliers hung the page.
MAX_SUPPLIERS = 50
# Prices within 1e±100: their squares (variances) stay finite and normal in float64 whatever the unit.
PRICE_RANGE = (1e-100, 1e100)
MISSING = ("", "na", "n/a", "nan", "null", "-")
DELIMITERS = (",", ";", "\t")

_DATE_NAME = re.compile(r"^(date|period|week|month|day|time|year|quarter|timestamp)\b")
_SUPPLIER_NAME = re.compile(r"^(supplier|vendor)( (name|id))?$")
_PRICE_NAME = re.compile(r"^(unit )?(price|cost)( per unit)?$")
_CURRENCY_EDGES = (r"^([+-]?)\s*[$€£]\s*", r"\s*[$€£]$")
_DOT_NUMBER = r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?inf(?:inity)?"
_COMMA_NUMBER = r"[+-]?(?:(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d*)?|,\d+)(?:[eE][+-]?\d+)?|[+-]?inf(?:inity)?"
_GROUPED = r"^[+-]?\d{1,3}(?:[ '\x{a0}\x{202f}]\d{3})+(?:[.,]\d*)?(?:[eE][+-]?\d+)?$"  # 1 234,5  1'234.5
_GROUP_MARKS = r"[ '\x{a0}\x{202f}]"
_NUMERIC_DATE = (r"^(?P<a>\d{1,2})(?P<s1>[./-])(?P<b>\d{1,2})(?P<s2>[./-])(?P<y>\d{4}|\d{2})"
                 r"(?:[ T]+(?P<t>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?$")  # 13.01.2024, 1/2/24 9:30
_EXP = r"(?:[eE][+-]?\d+)?"
_PROVES_DOT = "|".join([  # 1.5  .5  1234.567  1.2e3 | 1,234,567 | 1,234.5
    rf"^[+-]?(?:\d{{4,}}|)\.\d*{_EXP}$", rf"^[+-]?\d*\.(?:\d{{0,2}}|\d{{4,}}){_EXP}$", r"^[+-]?\d*\.\d*[eE][+-]?\d+$",
    r"^[+-]?\d{1,3}(?:,\d{3}){2,}$", rf"^[+-]?[\d,]*,\d*\.\d*{_EXP}$"])
_PROVES_COMMA = "|".join([  # 1,5  ,5  1234,567  1,2e3 | 1.234.567 | 1.234,5
    rf"^[+-]?(?:\d{{4,}}|),\d*{_EXP}$", rf"^[+-]?\d*,(?:\d{{0,2}}|\d{{4,}}){_EXP}$", r"^[+-]?\d*,\d*[eE][+-]?\d+$",
    r"^[+-]?\d{1,3}(?:\.\d{3}){2,}$", rf"^[+-]?[\d.]*\.\d*,\d*{_EXP}$"])
_EITHER_MARK = r"^[+-]?\d{1,3}[.,]\d{3}$"  # 1.234 or 1,234: one group of three digits
_TZ_SUFFIX = r"^(\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$"


class PriceDataError(ValueError):
    """A price file was refused; the message says why (and where: row and column)."""


@dataclass(frozen=True)
class _Table:
    """One file's prices before rows with missing values are dropped (NaN marks a missing price)."""

    prices: pd.DataFrame  # one float64 column per supplier; index = dates, period labels or row numbers
    dated: bool  # the index holds parsed dates (sortable, mergeable)
    labelled: bool  # the index comes from a date/period column (else it is the row position)
    reading: Reading  # how the file's dates and numbers were read


@dataclass(frozen=True)
class Reading:
    """How a file's dates and numbers were read, and on what evidence (None: the file leaves it open)."""

    dayfirst: bool | None = None  # None: no dd/mm-style dates in the file
    dayfirst_proof: str | None = None  # the cell that settles it; None when ambiguous throughout
    dayfirst_why: str = ""  # the order an open column was read in, and why (a rule, the switch, another file)
    decimal: str | None = None  # ',' or '.'; None when no price needs a decimal mark to be read
    decimal_proof: str | None = None
    decimal_why: str = ""
    offsets_dropped: bool = False  # time-zone offsets were dropped (times read as written)

    @property
    def open(self) -> set[str]:
        """The conventions the file itself leaves open: ``"dates"``, ``"decimal"``."""
        return ({"dates"} if self.dayfirst is not None and self.dayfirst_proof is None else set()) | (
            {"decimal"} if self.decimal is not None and self.decimal_proof is None else set())

    def notes(self) -> list[str]:
        """The reading in words, one sentence per convention."""
        out = []
        if self.dayfirst is not None:
            order = "day-first (dd.mm.yyyy)" if self.dayfirst else "month-first (mm.dd.yyyy)"
            out.append(f"Dates read {order}: " + (f"{self.dayfirst_proof}." if self.dayfirst_proof else
                                                  f"no day in the column is above 12, so the file does not say; read "
                                                  f"{self.dayfirst_why}."))
        if self.decimal is not None:
            groups = "'.'" if self.decimal == "," else "','"
            out.append(f"Decimal mark '{self.decimal}' ({groups} groups thousands): "
                       + (f"{self.decimal_proof}." if self.decimal_proof else f"{self.decimal_why}."))
        if self.offsets_dropped:
            out.append("Time-zone offsets were dropped: times are read as written (local clock time).")
        return out


def _normalise(name: str) -> str:
    """Header text compared case-insensitively, without units in brackets or currency symbols."""
    name = re.sub(r"\(.*?\)|\[.*?\]|[$€£]", " ", name.lower().replace("_", " ").replace("-", " "))
    return " ".join(name.split())


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
                             f"suppliers{_SUPPLIER_REASON}")
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
    """Cells as an Arrow string array: stripped, currency symbols at either edge removed, digit groups written
    with spaces or apostrophes (``1 234,5``, ``1'234.50``) closed up (RE2, vectorised)."""
    array = pc.utf8_trim_whitespace(pa.array(cells.to_numpy(dtype=object), type=pa.string()))
    for pattern, repl in zip(_CURRENCY_EDGES, (r"\1", ""), strict=True):
        array = pc.replace_substring_regex(array, pattern, repl)
    if not pc.any(pc.match_substring_regex(array, _GROUP_MARKS)).as_py():
        return array
    grouped = pc.match_substring_regex(array, _GROUPED)
    return pc.if_else(grouped, pc.replace_substring_regex(array, _GROUP_MARKS, ""), array)


def _matches(cells: pa.Array, pattern: str) -> tuple[int, int]:
    """How many cells match ``pattern`` (RE2) and the index of the first (−1 if none)."""
    hits = pc.match_substring_regex(cells, pattern).fill_null(False)
    count = int(pc.sum(hits).as_py() or 0)
    return count, int(pc.index(hits, True).as_py()) if count else -1


def _as_number(cell: str, mark: str) -> str:
    """A cell's digits as read with decimal ``mark`` (for messages)."""
    digits = cell.replace(".", "").replace(",", ".") if mark == "," else cell.replace(",", "")
    try:
        return f"{float(digits):.12g}"
    except ValueError:
        return digits


def _decimal_mark(table: pd.DataFrame, cleaned: dict[str, pa.Array], lines: np.ndarray,
                  choice: tuple[str, str] | None, default: tuple[str, str]) -> tuple[str | None, str | None, str]:
    """The decimal mark decided by evidence over every price cell: (mark or None, proof or None, why).

    ``1.5``, ``1,234.5``, ``1,234,567`` prove '.'; ``1,5``, ``1.234,5``, ``1.234.567`` prove ','; ``1.234`` and
    ``1,234`` (one group of three digits) could be either; whole numbers say nothing. More cells proving one mark than the other decide it; with no proof but cells such as ``1.234``, the
    ``choice`` (mark, reason) or else the ``default`` (mark, rule) is used. None: no cell needs a mark.
    """
    votes, first = {".": 0, ",": 0}, {}
    for name, cells in cleaned.items():
        for mark, pattern in ((".", _PROVES_DOT), (",", _PROVES_COMMA)):
            count, i = _matches(cells, pattern)
            votes[mark] += count
            if count and mark not in first:
                first[mark] = (name, i)
    ambiguous_at = None
    if not (votes["."] or votes[","]):
        ambiguous_at = next(((name, i) for name, cells in cleaned.items()
                             for count, i in [_matches(cells, _EITHER_MARK)] if count), None)
    if votes["."] or votes[","]:
        mark = default[0] if votes["."] == votes[","] else max(votes, key=votes.get)
        name, i = first[mark]
        return mark, f"'{str(table[name].iloc[i]).strip()}' in row {lines[i]}, column '{name}' shows it", ""
    if ambiguous_at is None:
        return None, None, ""
    mark, reason = choice or default
    name, i = ambiguous_at
    cell = str(table[name].iloc[i]).strip()
    return mark, None, (f"'{cell}' (row {lines[i]}, column '{name}') could be {_as_number(cell, '.')} or "
                        f"{_as_number(cell, ',')} and no price in the file settles it; read as "
                        f"{_as_number(cell, mark)}, {reason}")


def _parse_prices(table: pd.DataFrame, columns: list[str], lines: np.ndarray, *,
                  choice: tuple[str, str] | None = None, default: tuple[str, str] = (".", "")
                  ) -> tuple[pd.DataFrame, tuple[str | None, str | None, str]]:
    """Text cells → float64 prices (NaN for missing), and the decimal mark read (mark, proof, why)."""
    cleaned = {name: _text(table[name]) for name in columns}
    decided = _decimal_mark(table, cleaned, lines, choice, default)
    comma_decimal = decided[0] == ","
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
        extreme = ~missing & ((values < PRICE_RANGE[0]) | (values > PRICE_RANGE[1]))
        if extreme.any():
            i = int(np.argmax(extreme))
            raise PriceDataError(f"Row {lines[i]}, column '{name}': price {table[name].iloc[i]} is outside "
                                 f"{PRICE_RANGE[0]:g} to {PRICE_RANGE[1]:g}; give prices in a unit that brings "
                                 "them into that range (thousands, millions …).")
        out[name] = values
    return pd.DataFrame(out), decided


def _date_order(text: pa.Array, lines: np.ndarray, column: str) -> tuple[dict | None, bool | None, str]:
    """dd/mm-style dates (shape ``(T,)``): their parts as int arrays, and the order the whole column proves.

    Returns (parts or None when the column is not all d/m/y dates, True day-first / False month-first /
    None when no day or month is above 12, the proof). A column proving both orders is refused.
    """
    found = pc.extract_regex(text, _NUMERIC_DATE)
    if found.null_count or not pc.all(pc.equal(found.field("s1"), found.field("s2"))).as_py():
        return None, None, ""
    parts = {k: pc.cast(found.field(k), pa.int64()).to_numpy() for k in ("a", "b", "y")}
    parts["short_year"] = pc.utf8_length(found.field("y")).to_numpy() == 2
    parts["time"] = found.field("t")
    first, second = parts["a"], parts["b"]
    nonsense = (first > 12) & (second > 12)
    if nonsense.any():
        i = int(np.argmax(nonsense))
        raise PriceDataError(f"Row {lines[i]}, column '{column}': '{text[i]}' is not a date "
                             "(neither of its first two numbers can be a month).")
    day_first, month_first = first > 12, second > 12
    if day_first.any() and month_first.any():
        i, j = int(np.argmax(day_first)), int(np.argmax(month_first))
        raise PriceDataError(f"Column '{column}': '{text[i]}' (row {lines[i]}) is day-first but "
                             f"'{text[j]}' (row {lines[j]}) is month-first; write every date one way.")
    if day_first.any():
        i = int(np.argmax(day_first))
        return parts, True, f"'{text[i]}' in row {lines[i]} has a day above 12"
    if month_first.any():
        i = int(np.argmax(month_first))
        return parts, False, f"'{text[i]}' in row {lines[i]} has a day above 12 in second place"
    return parts, None, ""


def _dm_dates(parts: dict, dayfirst: bool, text: pa.Array, lines: np.ndarray, column: str) -> pd.DatetimeIndex:
    """d/m/y parts (from ``_date_order``) → dates in the given order; a date that does not exist is refused."""
    year = np.where(parts["short_year"], parts["y"] + np.where(parts["y"] < 69, 2000, 1900), parts["y"])
    day, month = (parts["a"], parts["b"]) if dayfirst else (parts["b"], parts["a"])
    start = ((year - 1970) * 12 + np.clip(month, 1, 12) - 1).astype("datetime64[M]")
    days = ((start + np.timedelta64(1, "M")).astype("datetime64[D]") - start.astype("datetime64[D]")).astype(np.int64)
    bad = (month < 1) | (month > 12) | (day < 1) | (day > days)
    if bad.any():
        i = int(np.argmax(bad))
        order = "day-first" if dayfirst else "month-first"
        raise PriceDataError(f"Row {lines[i]}, column '{column}': '{text[i]}' is not a date when read "
                             f"{order}.")
    dates = (start.astype("datetime64[D]") + (day - 1).astype("timedelta64[D]")).astype("datetime64[us]")
    times = parts["time"]
    if pc.any(pc.not_equal(times, "")).as_py():
        clock = pd.Series(times.to_pandas()).replace("", "0:00")
        clock = clock.where(clock.str.count(":") == 2, clock + ":00")
        dates = dates + pd.to_timedelta(clock).to_numpy().astype("timedelta64[us]")
    return pd.DatetimeIndex(dates)


def _labels(values: pd.Series, lines: np.ndarray, column: str, choice: tuple[bool, str] | None,
            default: tuple[bool, str]) -> tuple[pd.Index, bool, dict]:
    """A date/period column as an index: parsed dates if they all parse, else the text labels.

    d/m/y dates take the order the whole column proves, else ``choice`` (order, reason), else ``default``.
    Time-zone offsets are dropped (times as written), so aware and naive files line up. The dict holds
    the ``Reading`` fields for the dates.
    """
    text = values.str.strip()
    if text.str.fullmatch(r"\d+").all():
        return pd.Index(text.astype(object)), False, {}
    raw = pa.array(text.to_numpy(dtype=object), type=pa.string())
    array = pc.replace_substring_regex(raw, _TZ_SUFFIX, r"\1")
    reading = {"offsets_dropped": not pc.all(pc.equal(array, raw)).as_py()}
    parts, order, proof = _date_order(array, lines, column)
    if parts is not None:
        dayfirst, why = (order, "") if order is not None else (choice or default)
        reading |= {"dayfirst": dayfirst, "dayfirst_proof": proof or None, "dayfirst_why": why}
        return _dm_dates(parts, dayfirst, array, lines, column), True, reading
    stripped = pd.Series(array.to_pandas(), index=text.index)
    for options in ({"format": "ISO8601"}, {"format": "mixed", "dayfirst": (choice or default)[0]}):
        try:
            dates = pd.to_datetime(stripped, errors="coerce", **options)
        except (ValueError, TypeError, OverflowError):
            continue
        if dates.notna().all():
            if isinstance(dates.dtype, pd.DatetimeTZDtype):
                dates, reading["offsets_dropped"] = dates.dt.tz_localize(None), True
            return pd.DatetimeIndex(dates), True, reading
    return pd.Index(text.astype(object)), False, {}


def _read_table(data: bytes, dates: tuple[bool, str] | None = None, decimal: tuple[str, str] | None = None
                ) -> _Table:
    """One file → supplier columns (wide, or pivoted from long), NaN where a price is missing.

    ``dates`` / ``decimal``: (day-first?, reason) and (mark, reason) for what the file leaves open.
    Regular files go through Arrow's reader; anything it refuses, and every error (whose message needs
    exact line numbers), goes through the csv module, which knows the line of every row.
    """
    _check_size(data)
    text = _decode(data)
    delimiter = _sniff_delimiter(text)
    try:
        table = _frame_fast(text)
    except (pa.ArrowInvalid, PriceDataError):
        return _table_from(*_frame(text), delimiter, dates, decimal)
    try:
        return _table_from(table, np.arange(len(table)) + 2, delimiter, dates, decimal)
    except PriceDataError:
        return _table_from(*_frame(text), delimiter, dates, decimal)


def _defaults(table: pd.DataFrame, date_col: str | None, delimiter: str) -> tuple[tuple[str, str], bool]:
    """The decimal mark (mark, rule) for a file that leaves it open, and whether its dates are dotted."""
    dotted = date_col is not None and bool(pc.all(pc.match_substring_regex(
        pa.array(table[date_col].to_numpy(dtype=object), type=pa.string()), r"^\s*\d{1,2}\.\d{1,2}\.\d")).as_py())
    if delimiter == ";" or dotted:
        return (",", "the rule for " + ("';'-separated files" if delimiter == ";" else "files with dd.mm.yyyy "
                                        "dates") + " (the European style)"), dotted
    return (".", "the rule for ','- and tab-separated files"), dotted


def _date_default(dotted: bool, mark: str | None) -> tuple[bool, str]:
    """The date order (day-first?, rule) for a column whose dates never show a day above 12."""
    if dotted:
        return True, "day-first, the rule for dotted dates (dd.mm.yyyy)"
    if mark == ",":
        return True, "day-first, the rule in files with a decimal comma"
    return False, "month-first, the rule for / and - dates in files with a decimal point"


def _table_from(table: pd.DataFrame, lines: np.ndarray, delimiter: str = ",",
                dates: tuple[bool, str] | None = None, decimal: tuple[str, str] | None = None) -> _Table:
    if table.empty:
        raise PriceDataError("The file has a header but no data rows.")
    norm = {name: _normalise(name) for name in table.columns}
    date_col = next((n for n in table.columns if _DATE_NAME.match(norm[n])), None)
    supplier_col = next((n for n in table.columns if _SUPPLIER_NAME.match(norm[n])), None)
    price_col = next((n for n in table.columns if _PRICE_NAME.match(norm[n])), None)
    if date_col is None and supplier_col is None and _no_numbers(table.iloc[:, 0]):
        date_col = table.columns[0]  # a first column of labels (dates, "Jan", "W01" ...) names the periods
    mark_default, dotted = _defaults(table, date_col, delimiter)
    if supplier_col is not None and price_col is not None:
        return _pivot_long(table, lines, date_col, supplier_col, price_col, dates, decimal, mark_default, dotted)
    suppliers = [n for n in table.columns if n != date_col]
    _check_suppliers(len(suppliers))
    prices, (mark, proof, why) = _parse_prices(table, suppliers, lines, choice=decimal, default=mark_default)
    reading = {"decimal": mark, "decimal_proof": proof, "decimal_why": why}
    if date_col is None:
        prices.index = pd.RangeIndex(1, len(prices) + 1, name="row")
        return _Table(prices, dated=False, labelled=False, reading=Reading(**reading))
    labels, dated, date_reading = _labels(table[date_col], lines, date_col, dates, _date_default(dotted, mark))
    _check_unique(labels, lines, date_col)
    prices.index = labels.rename(date_col)
    return _Table(prices.sort_index(kind="stable") if dated else prices, dated=dated, labelled=True,
                  reading=Reading(**reading, **date_reading))


_SUPPLIER_REASON = (" (a correlation map and an exact split stay readable and quick up to that). Keep the suppliers "
                    "you want to compare, or split the file.")


def _check_suppliers(count: int) -> None:
    if count > MAX_SUPPLIERS:
        raise PriceDataError(f"The data has {count:,} suppliers; this page takes at most {MAX_SUPPLIERS}"
                             f"{_SUPPLIER_REASON}")


def _no_numbers(cells: pd.Series) -> bool:
    head = _text(cells.head(50))
    return not pc.any(pc.match_substring_regex(head, f"^(?:{_DOT_NUMBER}|{_COMMA_NUMBER})$")).as_py()


def _check_unique(labels: pd.Index, lines: np.ndarray, column: str) -> None:
    duplicated = labels.duplicated()
    if duplicated.any():
        i = int(np.argmax(duplicated))
        raise PriceDataError(f"Row {lines[i]}, column '{column}': '{labels[i]}' appears twice.")


def _pivot_long(table: pd.DataFrame, lines: np.ndarray, date_col: str | None, supplier_col: str,
                price_col: str, dates: tuple[bool, str] | None, decimal: tuple[str, str] | None,
                mark_default: tuple[str, str], dotted: bool) -> _Table:
    if date_col is None:
        raise PriceDataError(f"A long file (columns '{supplier_col}' and '{price_col}') needs a date or "
                             "period column to line the suppliers up.")
    suppliers = table[supplier_col].str.strip()
    _check_suppliers(int(suppliers[suppliers != ""].nunique()))
    parsed, (mark, proof, why) = _parse_prices(table, [price_col], lines, choice=decimal, default=mark_default)
    prices = parsed[price_col].to_numpy()
    empty = (suppliers == "").to_numpy(dtype=bool)
    if empty.any():
        raise PriceDataError(f"Row {lines[int(np.argmax(empty))]}, column '{supplier_col}': no supplier name.")
    labels, dated, date_reading = _labels(table[date_col], lines, date_col, dates, _date_default(dotted, mark))
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
    reading = Reading(decimal=mark, decimal_proof=proof, decimal_why=why, **date_reading)
    return _Table(wide, dated=dated, labelled=True, reading=reading)


def _finish(prices: pd.DataFrame, sources: list[str], readings: list[Reading]) -> pd.DataFrame:
    """Drop rows with a missing price; refuse too few suppliers or rows; record what was dropped and read.

    ``attrs``: ``rows_read``, ``rows_dropped``, ``sources``, ``reading`` (sentences, prefixed by the file name
    when there are several files), ``open`` (conventions the files leave open: "dates", "decimal"),
    ``dayfirst`` and ``decimal`` (the reading used for the first file that leaves each open, else None).
    """
    if prices.shape[1] < 2:
        raise PriceDataError(f"Found {prices.shape[1]} supplier column(s); need at least 2 suppliers "
                             "to split an order.")
    _check_suppliers(prices.shape[1])
    complete = prices.dropna(how="any")
    if len(complete) < 3:
        raise PriceDataError(f"Only {len(complete)} complete row(s) (every supplier priced); need at least 3.")
    complete = complete.astype("float64")
    several = len(sources) > 1
    notes = [f"{name}: {note}" if several else note for name, r in zip(sources, readings, strict=True)
             for note in r.notes()]
    open_dates = [r.dayfirst for r in readings if "dates" in r.open]
    open_marks = [r.decimal for r in readings if "decimal" in r.open]
    complete.attrs = {"rows_read": int(len(prices)), "rows_dropped": int(len(prices) - len(complete)),
                      "sources": list(sources), "reading": notes,
                      "open": sorted({c for r in readings for c in r.open}),
                      "dayfirst": open_dates[0] if open_dates else None,
                      "decimal": open_marks[0] if open_marks else None}
    return complete


def _choices(dayfirst: bool | None, decimal: str | None) -> tuple[tuple[bool, str] | None, tuple[str, str] | None]:
    if decimal not in (None, ",", "."):
        raise ValueError(f"decimal must be ',' or '.', not {decimal!r}")
    return (None if dayfirst is None else (bool(dayfirst), "as chosen with the switch"),
            None if decimal is None else (decimal, "as chosen with the switch"))


def read_prices(data: bytes, *, dayfirst: bool | None = None, decimal: str | None = None) -> pd.DataFrame:
    """One price file's bytes → one float64 column per supplier, one row per period (complete rows only).

    Sorted by date where a date/period column parses as dates, else in file order. Date order and decimal
    mark are decided by evidence over whole columns; ``dayfirst`` and ``decimal`` (',' or '.') choose only
    where the file leaves them open. ``attrs`` records ``rows_read``, ``rows_dropped`` (rows with a missing
    price), ``sources`` and the reading (see ``_finish``). Raises PriceDataError for anything it cannot read.
    """
    table = _read_table(data, *_choices(dayfirst, decimal))
    return _finish(table.prices, ["upload"], [table.reading])


def _date_proofs(names: list[str], tables: list[_Table]) -> tuple[bool, str] | None:
    """The date order proven by some files (and contradicted by none), as (day-first?, reason)."""
    proven = [(t.reading.dayfirst, name, t.reading.dayfirst_proof) for name, t in zip(names, tables, strict=True)
              if t.reading.dayfirst is not None and t.reading.dayfirst_proof]
    if not proven or len({order for order, _, _ in proven}) > 1:
        return None
    order, name, proof = proven[0]
    return order, f"as in {name}, where {proof}"


def read_price_files(files: Mapping[str, bytes], sheets: Mapping[str, str] | None = None, *,
                     dayfirst: bool | None = None, decimal: str | None = None) -> pd.DataFrame:
    """Several files (file name → bytes) merged on their date column; same result shape as ``read_prices``.

    A single-supplier file whose price column has a generic name (``price``, ``cost`` …) is named after
    its file. Files without a date column are lined up by row order if they all have the same length.
    A file whose dates leave the order open takes the order other files prove, else ``dayfirst``.
    Workbooks (.xlsx, .xlsm, .ods) read the sheet named in ``sheets`` (file name → sheet), else their
    first sheet with a price table; ``attrs["sheets"]`` records the sheet used per workbook.
    """
    used: dict[str, str] = {}
    prices = _read_price_files(files, sheets or {}, used, *_choices(dayfirst, decimal))
    prices.attrs["sheets"] = used
    return prices


def _read_one(name: str, data: bytes, sheet: str | None, used: dict[str, str],
              dates: tuple[bool, str] | None, marks: tuple[str, str] | None) -> _Table:
    """A CSV or a workbook (by extension) → its table; records a workbook's sheet in ``used``."""
    from calc_core import procurement_excel  # imports this module: import here, not at the top

    if not procurement_excel.is_spreadsheet(name):
        return _read_named(name, data, dates, marks)
    try:
        table, used[name] = procurement_excel.read_sheet(data, sheet, dates, marks)
    except PriceDataError as exc:
        raise PriceDataError(f"{name}: {exc}") from exc
    return table


def _read_price_files(files: Mapping[str, bytes], sheets: Mapping[str, str], used: dict[str, str],
                      dates: tuple[bool, str] | None, marks: tuple[str, str] | None) -> pd.DataFrame:
    if not files:
        raise PriceDataError("No files given.")
    names = list(files)
    tables = [_read_one(name, data, sheets.get(name), used, dates, marks) for name, data in files.items()]
    proof = _date_proofs(names, tables)
    if proof is not None:
        tables = [_settled(_read_one(name, files[name], sheets.get(name), used, proof, marks))
                  if "dates" in t.reading.open else t for name, t in zip(names, tables, strict=True)]
    tables = [_named_after_file(name, t) for name, t in zip(names, tables, strict=True)]
    readings = [t.reading for t in tables]
    if len(tables) == 1:
        return _finish(tables[0].prices, names, readings)
    if any(t.labelled for t in tables) and not all(t.labelled for t in tables):
        missing = names[[t.labelled for t in tables].index(False)]
        raise PriceDataError(f"{missing}: no date or period column to merge on.")
    if not any(t.labelled for t in tables) and len({len(t.prices) for t in tables}) > 1:
        raise PriceDataError("These files have no date column and different numbers of rows: "
                             "add a date or period column to merge them.")
    if len({t.dated for t in tables}) > 1:
        odd = names[[t.dated for t in tables].index(not tables[0].dated)]
        raise PriceDataError(f"{odd}: its date column is not in the same form as in {names[0]}.")
    _check_suppliers(sum(t.prices.shape[1] for t in tables))
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
    return _finish(merged, names, readings)


def _read_named(name: str, data: bytes, dates: tuple[bool, str] | None, marks: tuple[str, str] | None) -> _Table:
    try:
        return _read_table(data, dates, marks)
    except PriceDataError as exc:
        raise PriceDataError(f"{name}: {exc}") from exc


def _settled(table: _Table) -> _Table:
    """A table whose open date order another file settled: the reason becomes its proof."""
    return dataclasses.replace(table, reading=dataclasses.replace(
        table.reading, dayfirst_proof=table.reading.dayfirst_why, dayfirst_why=""))


def _named_after_file(name: str, table: _Table) -> _Table:
    """A single generic price column (``price``, ``value`` …) takes the file's name."""
    prices = table.prices
    if prices.shape[1] == 1 and (_PRICE_NAME.match(_normalise(prices.columns[0]))
                                 or _normalise(prices.columns[0]) in ("value", "amount", "column 2")):
        prices = prices.set_axis([PurePath(name).stem], axis=1)
    return _Table(prices, table.dated, table.labelled, table.reading)
