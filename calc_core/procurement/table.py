"""What the price readers share: one file's table, its refusals, the limits and the rules that read cells.

A file, CSV or workbook, becomes a :class:`PriceTable` through :func:`table_from`: column detection by header
name, decimal mark and date order decided by evidence over whole columns, price checks, long tables pivoted.
Every refusal is a :class:`PriceDataError` whose message names the problem and, where there is one,
the row (the line number in the file, as a spreadsheet shows it) and the column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["MAX_BYTES", "MAX_ROWS", "MAX_SUPPLIERS", "PRICE_RANGE", "MISSING", "DATE_NAME", "SUPPLIER_NAME",
           "PRICE_NAME", "DOT_NUMBER", "SUPPLIER_REASON", "PriceDataError", "PriceTable", "Reading",
           "normalise", "period_labels", "date_default", "table_from", "check_suppliers", "check_unique",
           "finish_prices", "reading_choices"]

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
# At most 50 suppliers: a 50×50 correlation map is the most a reader can take in, and the exact long-only split
# (an active set of up to n lstsq solves of size n) stays well under a second; 3,000 suppliers hung the page.
MAX_SUPPLIERS = 50
# Prices within 1e±100: their squares (variances) stay finite and normal in float64 whatever the unit.
PRICE_RANGE = (1e-100, 1e100)
MISSING = ("", "na", "n/a", "nan", "null", "-")
DATE_NAME = re.compile(r"^(date|period|week|month|day|time|year|quarter|timestamp)\b")
SUPPLIER_NAME = re.compile(r"^(supplier|vendor)( (name|id))?$")
PRICE_NAME = re.compile(r"^(unit )?(price|cost)( per unit)?$")
_CURRENCY_EDGES = (r"^([+-]?)\s*[$€£]\s*", r"\s*[$€£]$")
DOT_NUMBER = r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?inf(?:inity)?"
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
class PriceTable:
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


def normalise(name: str) -> str:
    """Header text compared case-insensitively, without units in brackets or currency symbols."""
    name = re.sub(r"\(.*?\)|\[.*?\]|[$€£]", " ", name.lower().replace("_", " ").replace("-", " "))
    return " ".join(name.split())


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
    pattern, mark = (_COMMA_NUMBER, "','") if comma_decimal else (DOT_NUMBER, "'.'")
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


def period_labels(values: pd.Series, lines: np.ndarray, column: str, choice: tuple[bool, str] | None,
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


def _defaults(table: pd.DataFrame, date_col: str | None, delimiter: str) -> tuple[tuple[str, str], bool]:
    """The decimal mark (mark, rule) for a file that leaves it open, and whether its dates are dotted."""
    dotted = date_col is not None and bool(pc.all(pc.match_substring_regex(
        pa.array(table[date_col].to_numpy(dtype=object), type=pa.string()), r"^\s*\d{1,2}\.\d{1,2}\.\d")).as_py())
    if delimiter == ";" or dotted:
        return (",", "the rule for " + ("';'-separated files" if delimiter == ";" else "files with dd.mm.yyyy "
                                        "dates") + " (the European style)"), dotted
    return (".", "the rule for ','- and tab-separated files"), dotted


def date_default(dotted: bool, mark: str | None) -> tuple[bool, str]:
    """The date order (day-first?, rule) for a column whose dates never show a day above 12."""
    if dotted:
        return True, "day-first, the rule for dotted dates (dd.mm.yyyy)"
    if mark == ",":
        return True, "day-first, the rule in files with a decimal comma"
    return False, "month-first, the rule for / and - dates in files with a decimal point"


def table_from(table: pd.DataFrame, lines: np.ndarray, delimiter: str = ",",
               dates: tuple[bool, str] | None = None, decimal: tuple[str, str] | None = None) -> PriceTable:
    """A file's cells as text (columns named by its header; ``lines``: each row's line number, shape ``(T,)``)
    → its table. ``delimiter`` sets the default decimal mark; ``dates`` / ``decimal``: (choice, reason) for what
    the file leaves open."""
    if table.empty:
        raise PriceDataError("The file has a header but no data rows.")
    norm = {name: normalise(name) for name in table.columns}
    date_col = next((n for n in table.columns if DATE_NAME.match(norm[n])), None)
    supplier_col = next((n for n in table.columns if SUPPLIER_NAME.match(norm[n])), None)
    price_col = next((n for n in table.columns if PRICE_NAME.match(norm[n])), None)
    if date_col is None and supplier_col is None and _no_numbers(table.iloc[:, 0]):
        date_col = table.columns[0]  # a first column of labels (dates, "Jan", "W01" ...) names the periods
    mark_default, dotted = _defaults(table, date_col, delimiter)
    if supplier_col is not None and price_col is not None:
        return _pivot_long(table, lines, date_col, supplier_col, price_col, dates, decimal, mark_default, dotted)
    suppliers = [n for n in table.columns if n != date_col]
    check_suppliers(len(suppliers))
    prices, (mark, proof, why) = _parse_prices(table, suppliers, lines, choice=decimal, default=mark_default)
    reading = {"decimal": mark, "decimal_proof": proof, "decimal_why": why}
    if date_col is None:
        prices.index = pd.RangeIndex(1, len(prices) + 1, name="row")
        return PriceTable(prices, dated=False, labelled=False, reading=Reading(**reading))
    labels, dated, date_reading = period_labels(table[date_col], lines, date_col, dates,
                                                date_default(dotted, mark))
    check_unique(labels, lines, date_col)
    prices.index = labels.rename(date_col)
    return PriceTable(prices.sort_index(kind="stable") if dated else prices, dated=dated, labelled=True,
                  reading=Reading(**reading, **date_reading))


SUPPLIER_REASON = (" (a correlation map and an exact split stay readable and quick up to that). Keep the suppliers "
                   "you want to compare, or split the file.")


def check_suppliers(count: int) -> None:
    """Refuse more than :data:`MAX_SUPPLIERS` suppliers."""
    if count > MAX_SUPPLIERS:
        raise PriceDataError(f"The data has {count:,} suppliers; this page takes at most {MAX_SUPPLIERS}"
                             f"{SUPPLIER_REASON}")


def _no_numbers(cells: pd.Series) -> bool:
    head = _text(cells.head(50))
    return not pc.any(pc.match_substring_regex(head, f"^(?:{DOT_NUMBER}|{_COMMA_NUMBER})$")).as_py()


def check_unique(labels: pd.Index, lines: np.ndarray, column: str) -> None:
    """Refuse a period label that appears twice (``lines``: each label's row number)."""
    duplicated = labels.duplicated()
    if duplicated.any():
        i = int(np.argmax(duplicated))
        raise PriceDataError(f"Row {lines[i]}, column '{column}': '{labels[i]}' appears twice.")


def _pivot_long(table: pd.DataFrame, lines: np.ndarray, date_col: str | None, supplier_col: str,
                price_col: str, dates: tuple[bool, str] | None, decimal: tuple[str, str] | None,
                mark_default: tuple[str, str], dotted: bool) -> PriceTable:
    if date_col is None:
        raise PriceDataError(f"A long file (columns '{supplier_col}' and '{price_col}') needs a date or "
                             "period column to line the suppliers up.")
    suppliers = table[supplier_col].str.strip()
    check_suppliers(int(suppliers[suppliers != ""].nunique()))
    parsed, (mark, proof, why) = _parse_prices(table, [price_col], lines, choice=decimal, default=mark_default)
    prices = parsed[price_col].to_numpy()
    empty = (suppliers == "").to_numpy(dtype=bool)
    if empty.any():
        raise PriceDataError(f"Row {lines[int(np.argmax(empty))]}, column '{supplier_col}': no supplier name.")
    labels, dated, date_reading = period_labels(table[date_col], lines, date_col, dates,
                                                date_default(dotted, mark))
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
    return PriceTable(wide, dated=dated, labelled=True, reading=reading)


def finish_prices(prices: pd.DataFrame, sources: list[str], readings: list[Reading]) -> pd.DataFrame:
    """Drop rows with a missing price; refuse too few suppliers or rows; record what was dropped and read.

    ``attrs``: ``rows_read``, ``rows_dropped``, ``sources``, ``reading`` (sentences, prefixed by the file name
    when there are several files), ``open`` (conventions the files leave open: "dates", "decimal"),
    ``dayfirst`` and ``decimal`` (the reading used for the first file that leaves each open, else None).
    """
    if prices.shape[1] < 2:
        raise PriceDataError(f"Found {prices.shape[1]} supplier column(s); need at least 2 suppliers "
                             "to split an order.")
    check_suppliers(prices.shape[1])
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


def reading_choices(dayfirst: bool | None, decimal: str | None
                    ) -> tuple[tuple[bool, str] | None, tuple[str, str] | None]:
    """The readers' ``dayfirst`` and ``decimal`` arguments as (choice, reason) pairs, None where not chosen."""
    if decimal not in (None, ",", "."):
        raise ValueError(f"decimal must be ',' or '.', not {decimal!r}")
    return (None if dayfirst is None else (bool(dayfirst), "as chosen with the switch"),
            None if decimal is None else (decimal, "as chosen with the switch"))
