"""Downloads built from user data, neutralised against spreadsheet formula injection (OWASP "CSV injection").

A supplier called ``=HYPERLINK("http://evil", "Click")`` or ``+cmd|'/c calc'!A1`` would run as a formula when
the exported CSV is opened in a spreadsheet. Every text cell, header, index label, JSON key and JSON string
that starts with ``= + - @``, a tab or a carriage return gets a leading single quote, which spreadsheets
show but do not evaluate. Numbers stay numbers (a negative number is not text).
"""

from __future__ import annotations

import csv
import json
from typing import Any

import pandas as pd

__all__ = [
    "csv_text", "json_text", "json_safe", "neutralise", "FORMULA_STARTS",
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """``text`` with a leading ``'`` if a spreadsheet would read it as a formula; otherwise unchanged."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _neutral_labels(index: pd.Index) -> pd.Index:
    return index.map(lambda v: neutralise(v) if isinstance(v, str) else v)


def csv_text(frame: pd.DataFrame, index_label: str | None = None) -> str:
    """``frame.to_csv`` with every text cell, column name and index label neutralised and quoted (a CR or
    line feed inside a quoted name cannot start a row of its own)."""
    safe = frame.copy()
    safe.index = _neutral_labels(safe.index)
    safe.columns = _neutral_labels(safe.columns)
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(lambda v: neutralise(v) if isinstance(v, str) else v)
    return safe.to_csv(index_label=None if index_label is None else neutralise(index_label),
                       quoting=csv.QUOTE_NONNUMERIC)


def json_safe(value: Any) -> Any:
    """A JSON-ready value with every string (keys included, at any depth) neutralised."""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, dict):
        return {json_safe(k) if isinstance(k, str) else k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def json_text(record: Any) -> str:
    """``json.dumps(record, indent=2)`` with every string neutralised."""
    return json.dumps(json_safe(record), indent=2)
