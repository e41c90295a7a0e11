"""Derivative pages: the tangent animation's build time and JSON size, and the calc_core calls behind a rerun."""

from __future__ import annotations

import statistics
import time

import jax.numpy as jnp

from bench.common import Row, below, median_seconds
from calc_core import article, critical
from calc_core import derivatives as d
from calc_core.expr import parse_function
from dashboard.figures import derivatives as figs


def build_animation(f, a: float, b: float) -> str:
    """Everything the tangent page does for its chart: one vmapped call, the frames, the JSON."""
    xs = d.grid(a, b)
    frames = d.tangent_frames(f, a, b, 120)
    fig = figs.tangent_animation(xs, d.derivatives(f, 0, xs)[0], frames, "Tangent")
    return fig.to_json()


def run() -> list[Row]:
    f = parse_function(article.DISTANCE_FORMULA)
    a, b = article.DISTANCE_RANGE
    size_kb = len(build_animation(f, a, b).encode()) / 1024
    build_ms = 1e3 * median_seconds(lambda: build_animation(f, a, b), repeats=15)
    sin = parse_function("sin(x)")
    xs = jnp.asarray(d.grid(-6.3, 6.3))
    d.derivatives(sin, d.MAX_ORDER, xs)  # compile each order once
    orders_ms = 1e3 * median_seconds(lambda: d.derivatives(sin, d.MAX_ORDER, xs), repeats=15)
    cubic = parse_function("x^3 - 2*x")
    critical_ms = 1e3 * median_seconds(lambda: critical.critical_points(cubic, -2.0, 2.0), repeats=15)
    errors_ms = 1e3 * median_seconds(lambda: d.difference_errors(f, 1.0), repeats=15)
    costly_ms = 1e3 * statistics.median(first_table_seconds(k) for k in range(3))
    return [
        below("tangent animation build (120 frames)", build_ms, "ms", 100),
        below("tangent animation JSON (120 frames)", size_kb, "KB", 300),
        below("derivatives f..f(6) on 401 points (warm)", orders_ms, "ms", 30),
        below("critical points on [a, b] (warm)", critical_ms, "ms", 50),
        below("finite-difference errors f32 + f64 (warm)", errors_ms, "ms", 30),
        below("first f..f(6) table of a 13-factor product (cold: measure + compile)", costly_ms, "ms", 5000),
    ]


def first_table_seconds(k: int) -> float:
    """Seconds for the higher-order page's first f..f⁽⁶⁾ curves of a formula never seen before: measuring its
    programs (issue 10's budget), then compiling the one it computes with (Taylor mode: repeated grad's order-6
    program alone has ~20,000 equations and compiles for tens of seconds)."""
    f = parse_function("*".join(["sin(x)"] * 13) + f" + {k + 1}")  # a new text: nothing cached
    start = time.perf_counter()
    d.derivatives(f, d.MAX_ORDER, d.grid(-6.3, 6.3))
    return time.perf_counter() - start
