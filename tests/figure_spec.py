"""Read Plotly figures back as plain data: from AppTest elements or from ``go.Figure`` objects.

Plotly 7 serialises NumPy/JAX arrays as ``{"dtype": "f4", "bdata": "<base64>", "shape": "2, 3"}``;
:func:`decode` turns those (anywhere in a spec) back into NumPy arrays, so tests compare numbers.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import numpy as np

_DTYPES = {"f8": np.float64, "f4": np.float32, "i1": np.int8, "u1": np.uint8, "i2": np.int16,
           "u2": np.uint16, "i4": np.int32, "u4": np.uint32, "i8": np.int64, "u8": np.uint64}


def decode(node: Any) -> Any:
    """Recursively replace binary-array dicts with NumPy arrays; lists of numbers become arrays too."""
    if isinstance(node, dict):
        if "bdata" in node and "dtype" in node:
            array = np.frombuffer(base64.b64decode(node["bdata"]), dtype=_DTYPES[node["dtype"]])
            shape = node.get("shape")
            if shape:
                dims = [int(s) for s in str(shape).split(",")] if isinstance(shape, str) else list(shape)
                array = array.reshape(dims)
            return array
        return {key: decode(value) for key, value in node.items()}
    if isinstance(node, list):
        items = [decode(value) for value in node]
        numbers = [isinstance(v, int | float) and not isinstance(v, bool) for v in items]
        if any(numbers) and all(n or v is None for n, v in zip(numbers, items, strict=True)):
            return np.array([np.nan if v is None else v for v in items], dtype=np.float64)
        return items
    return node


def figure_spec(element_or_figure: Any) -> dict:
    """The decoded spec of an AppTest ``plotly_chart`` element or a ``go.Figure``."""
    proto = getattr(element_or_figure, "proto", None)
    if proto is not None:
        return decode(json.loads(proto.spec))
    return decode(json.loads(element_or_figure.to_json()))


def plotly_specs(at: Any) -> list[dict]:
    """Every Plotly chart an AppTest run rendered, decoded, in page order."""
    return [figure_spec(element) for element in at.get("plotly_chart")]


def trace(spec: dict, name: str) -> dict:
    """The trace called ``name`` in a decoded spec (``spec["data"]``)."""
    matches = [t for t in spec["data"] if t.get("name") == name]
    if not matches:
        raise KeyError(f"no trace named {name!r}; have {[t.get('name') for t in spec['data']]}")
    return matches[0]
