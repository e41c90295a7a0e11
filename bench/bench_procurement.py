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
    omegas = jnp.linspace(0.0, 1.0, P.OMEGA_GRID, dtype=jnp.float32)
    a, b = prices.iloc[:, 0].to_numpy(), prices.iloc[:, 1].to_numpy()
    pa, mask = P.pad(a)
    pb, _ = P.pad(b)
    loss, grad = (np.asarray(v) for v in P.loss_curve(omegas, pa, pb, mask))
    optimum = float(P.closed_form_omega(pa, pb, mask)[1])
    path = np.asarray(P.projected_descent(jnp.float32(0.2), jnp.float32(0.5), pa, pb, mask))
    weights = P.min_variance_weights(prices)
    samples = np.linspace(0.0, 1.0, 1000)
    table = P.summary(prices, weights)
    idx = np.round(FRAMES * 1000).astype(int)
    built = [figs.price_chart(prices), figs.correlation_heatmap(prices.corr()),
             figs.omega_figure(prices.index, a, b, ("A", "B"), np.asarray(omegas), loss, grad, FRAMES,
                               P.blend_frames(FRAMES, a, b), loss[idx], grad[idx], optimum, path,
                               np.interp(path, np.asarray(omegas), loss), P.grid_omega(grad), 50),
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
    ]
