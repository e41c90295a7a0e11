"""Read Vega-Lite charts back as plain data: the spec dict and its named datasets as pandas DataFrames.

Works on AppTest ``vega_lite_chart`` elements (datasets arrive as Arrow IPC bytes) and on the spec
dicts built by ``dashboard.figures`` (datasets are Arrow tables there, read back the same way).
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pyarrow as pa


def _arrow(data: bytes) -> pd.DataFrame:
    return pa.ipc.open_stream(data).read_all().to_pandas()


def vega_chart(element_or_spec: Any) -> tuple[dict, dict[str, pd.DataFrame]]:
    """``(spec without datasets, {name: DataFrame})`` of an AppTest element or a spec dict."""
    proto = getattr(element_or_spec, "proto", None)
    if proto is None:
        spec = dict(element_or_spec)
        return spec, {name: data.to_pandas() if isinstance(data, pa.Table) else data
                      for name, data in spec.pop("datasets", {}).items()}
    return json.loads(proto.spec), {d.name: _arrow(d.data.data) for d in proto.datasets}


def vega_charts(at: Any) -> list[tuple[dict, dict[str, pd.DataFrame]]]:
    """Every Vega-Lite chart an AppTest run rendered, in page order."""
    return [vega_chart(element) for element in at.get("vega_lite_chart")]


def title(chart: tuple[dict, dict[str, pd.DataFrame]]) -> str:
    """The title text of a live chart (drawn from its one-row ``"title"`` dataset)."""
    return str(chart[1]["title"]["text"].iloc[0])
