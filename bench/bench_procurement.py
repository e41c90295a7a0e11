"""Procurement: the L(ω)/gradient curve against the article's loop, and a 5 MB upload end to end."""

from __future__ import annotations

import time

import jax
import jax.numpy as jnp
import numpy as np
import pandas as pd

from bench.common import Row, below, faster, median_seconds
from calc_core import procurement as P
from calc_core.article import PRICES_A, PRICES_B
from dashboard.figures import procurement as figs

FRAMES = np.round(np.linspace(0.0, 1.0, 101), 2)


def article_loop() -> float:
    """The article's method, as printed: 1001 un-jitted ``jax.grad`` calls, then argmin |gradient|."""
    pa, pb = jnp.array(PRICES_A), jnp.array(PRICES_B)

    def loss(w, pa, pb):
        blended = w * pa + (1 - w) * pb
        return jnp.mean((blended - jnp.mean(blended)) ** 2)

    dl_dw = jax.grad(loss)
    w_points = jnp.linspace(0, 1, 1001)
    grads = jnp.array([dl_dw(w_points[i], pa, pb) for i in range(len(w_points))])
    return float(w_points[jnp.abs(grads).argmin()])


def five_mb_file(suppliers: int = 10) -> bytes:
    rng = np.random.default_rng(0)
    rows = 60_000
    dates = pd.date_range("1900-01-01", periods=rows, freq="D").strftime("%Y-%m-%d")
    values = rng.uniform(1000, 5000, size=(rows, suppliers)) * rng.uniform(0.5, 2.0, suppliers)
    lines = ["date," + ",".join(f"Supplier {j}" for j in range(suppliers))]
    lines += [d + "," + ",".join(f"{v:.2f}" for v in row) for d, row in zip(dates, values, strict=True)]
    data = ("\n".join(lines) + "\n").encode()
    return data[: data.rfind(b"\n", 0, P.MAX_BYTES) + 1]  # just under the 5 MB limit


def page_pipeline(data: bytes) -> None:
    """What the page does with an upload: parse, optimise, build and serialise the figures.

    The bootstrap is timed on its own (the page caches it per data and supplier pair).
    """
    prices = P.read_prices(data)
    a, b = prices.iloc[:, 0].to_numpy(), prices.iloc[:, 1].to_numpy()
    chart = P.omega_chart(P.omega_curve(a, b), 0.2, 0.5, FRAMES)._replace(active=50)
    optimum = chart.curve.optimum
    weights = P.min_variance_weights(prices)
    samples = np.linspace(0.0, 1.0, 1000)
    table = P.summary(prices, weights)
    built = [figs.price_chart(prices), figs.correlation_heatmap(prices.corr()),
             figs.omega_figure(chart, prices.index, ("A", "B")),
             figs.weights_figure(prices.columns, weights, table["variance"].to_numpy()[:-1], 1.0),
             figs.bootstrap_figure(samples, 0.1, 0.9, optimum)]
    for fig in built:
        fig.to_json()


def run() -> list[Row]:
    pa, mask = P.pad(np.array(PRICES_A))
    pb, _ = P.pad(np.array(PRICES_B))
    omegas = jnp.linspace(0.0, 1.0, P.OMEGA_GRID, dtype=jnp.float32)
    curve = median_seconds(lambda: jax.block_until_ready(P.loss_curve(omegas, pa, pb, mask)), repeats=50)
    start = time.perf_counter()
    article_loop()
    loop = time.perf_counter() - start
    data = five_mb_file()
    page_pipeline(data)  # compile once for this length bucket
    pipeline = median_seconds(lambda: page_pipeline(data), repeats=5, warmup=1)
    parse = median_seconds(lambda: P.read_prices(data), repeats=5, warmup=0)
    prices = P.read_prices(data)
    pa, mask = P.pad(prices.iloc[:, 0].to_numpy())
    pb, _ = P.pad(prices.iloc[:, 1].to_numpy())
    boot = median_seconds(lambda: P.bootstrap_omega(pa, pb, mask), repeats=3, warmup=1)
    return [
        faster("procurement: L(ω) and dL/dω on 1001 ω, one jitted vmap call", curve * 1e3, "ms",
               "article's 1001 un-jitted jax.grad calls", loop / curve, 1000),
        below(f"procurement: parse + optimise + figures, {len(data) / 2**20:.1f} MB, 10 suppliers",
              pipeline, "s", 1.0),
        Row("procurement: of which parsing the 5 MB file", parse, "s"),
        Row(f"procurement: bootstrap ω*, 1,000 resamples of {len(prices):,} periods (cached on the page)",
            boot, "s"),
        *run_issue_15(),
    ]


# --- issue 15: workbooks and the walk-forward -------------------------------------------------------------
def five_mb_workbook(suppliers: int = 10) -> bytes:
    """An .xlsx just under 5 MB: a date column and ``suppliers`` price columns (full-precision floats)."""
    import io

    import openpyxl

    rng = np.random.default_rng(1)
    rows = 60_000
    while True:
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Prices")
        sheet.append(["Date", *(f"Supplier {j}" for j in range(suppliers))])
        dates = pd.date_range("1900-01-01", periods=rows, freq="D").to_pydatetime()
        values = rng.uniform(1000, 5000, size=(rows, suppliers))
        for date, row in zip(dates, values.tolist(), strict=True):
            sheet.append([date, *row])
        out = io.BytesIO()
        book.save(out)
        if out.tell() <= P.MAX_BYTES:
            return out.getvalue()
        rows = int(rows * 0.97 * P.MAX_BYTES / out.tell())


def workbook_pipeline(data: bytes) -> np.ndarray:
    """What the page's answer does with a workbook: guard, parse (calamine), validate, optimise (capped)."""
    prices = P.read_price_files({"prices.xlsx": data})
    values = prices.to_numpy()
    cov = np.cov(values, rowvar=False, bias=True)
    n = values.shape[1]
    return P.capped_weights(cov, np.zeros(n), np.full(n, 0.6)).weights


def openpyxl_pipeline(data: bytes) -> np.ndarray:
    """Baseline: pandas.read_excel with openpyxl, then the same optimisation (no validation)."""
    import io

    frame = pd.read_excel(io.BytesIO(data), engine="openpyxl", index_col=0)
    values = frame.to_numpy(dtype=np.float64)
    n = values.shape[1]
    return P.capped_weights(np.cov(values, rowvar=False, bias=True), np.zeros(n), np.full(n, 0.6)).weights


def walk_forward_loop(values: np.ndarray, window: int, horizon: int) -> np.ndarray:
    """Baseline: the same walk-forward as a Python loop of NumPy fits (np.cov + the exact capped solver)."""
    n = values.shape[1]
    out = []
    for start in range(window, len(values) - horizon + 1, horizon):
        cov = np.cov(values[start - window:start], rowvar=False, bias=True)
        w = P.capped_weights(cov, np.zeros(n), np.ones(n)).weights
        out.append(np.var(values[start:start + horizon] @ w))
    return np.array(out)


def run_issue_15() -> list[Row]:
    from bench.common import alternating_medians
    data = five_mb_workbook()
    workbook_pipeline(data)
    ours, base = alternating_medians(lambda: workbook_pipeline(data), lambda: openpyxl_pipeline(data), repeats=3,
                                     warmup=0)
    rows_read = len(P.read_price_files({"prices.xlsx": data}))
    rng = np.random.default_rng(2)
    window, horizon, windows = 52, 2, 1000
    values = 100 + rng.normal(size=(window + windows * horizon, 10)).cumsum(axis=0)
    P.walk_forward(values, window, horizon)  # compile once for this bucket
    walk, loop = alternating_medians(lambda: P.walk_forward(values, window, horizon),
                                     lambda: walk_forward_loop(values, window, horizon), repeats=5, warmup=0)
    return [
        below(f"procurement: Excel parse + optimise, {len(data) / 2**20:.1f} MB .xlsx, {rows_read:,} rows, "
              "10 suppliers", ours, "s", 1.0, baseline="pandas.read_excel(openpyxl) + same optimise",
              ratio=base / ours),
        below("procurement: walk-forward, 1,000 windows (W 52, H 2), 10 suppliers, one jitted call", walk * 1e3,
              "ms", 300, baseline="Python loop of np.cov + exact NumPy solver", ratio=loop / walk),
    ]
