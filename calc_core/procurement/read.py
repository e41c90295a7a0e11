"""Several price files at once: each read as CSV or workbook (by extension), then merged on their dates."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import PurePath

import pandas as pd

from calc_core.procurement.csv_files import read_table
from calc_core.procurement.excel import is_spreadsheet, read_sheet
from calc_core.procurement.table import (
    PRICE_NAME,
    PriceDataError,
    PriceTable,
    check_suppliers,
    finish_prices,
    normalise,
    reading_choices,
)

__all__ = ["read_price_files"]


def _date_proofs(names: list[str], tables: list[PriceTable]) -> tuple[bool, str] | None:
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
    prices = _read_price_files(files, sheets or {}, used, *reading_choices(dayfirst, decimal))
    prices.attrs["sheets"] = used
    return prices


def _read_one(name: str, data: bytes, sheet: str | None, used: dict[str, str],
              dates: tuple[bool, str] | None, marks: tuple[str, str] | None) -> PriceTable:
    """A CSV or a workbook (by extension) → its table; records a workbook's sheet in ``used``."""
    if not is_spreadsheet(name):
        return _read_named(name, data, dates, marks)
    try:
        table, used[name] = read_sheet(data, sheet, dates, marks)
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
        return finish_prices(tables[0].prices, names, readings)
    if any(t.labelled for t in tables) and not all(t.labelled for t in tables):
        missing = names[[t.labelled for t in tables].index(False)]
        raise PriceDataError(f"{missing}: no date or period column to merge on.")
    if not any(t.labelled for t in tables) and len({len(t.prices) for t in tables}) > 1:
        raise PriceDataError("These files have no date column and different numbers of rows: "
                             "add a date or period column to merge them.")
    if len({t.dated for t in tables}) > 1:
        odd = names[[t.dated for t in tables].index(not tables[0].dated)]
        raise PriceDataError(f"{odd}: its date column is not in the same form as in {names[0]}.")
    check_suppliers(sum(t.prices.shape[1] for t in tables))
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
    return finish_prices(merged, names, readings)


def _read_named(name: str, data: bytes, dates: tuple[bool, str] | None, marks: tuple[str, str] | None
                ) -> PriceTable:
    try:
        return read_table(data, dates, marks)
    except PriceDataError as exc:
        raise PriceDataError(f"{name}: {exc}") from exc


def _settled(table: PriceTable) -> PriceTable:
    """A table whose open date order another file settled: the reason becomes its proof."""
    return dataclasses.replace(table, reading=dataclasses.replace(
        table.reading, dayfirst_proof=table.reading.dayfirst_why, dayfirst_why=""))


def _named_after_file(name: str, table: PriceTable) -> PriceTable:
    """A single generic price column (``price``, ``value`` …) takes the file's name."""
    prices = table.prices
    if prices.shape[1] == 1 and (PRICE_NAME.match(normalise(prices.columns[0]))
                                 or normalise(prices.columns[0]) in ("value", "amount", "column 2")):
        prices = prices.set_axis([PurePath(name).stem], axis=1)
    return PriceTable(prices, table.dated, table.labelled, table.reading)
