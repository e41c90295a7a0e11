"""Live measurements for the jit page: eager against jitted, compile time, recompilation, scan chunks.

All timings block on the result (``jax.block_until_ready``) and report medians of several runs.
"""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import Callable

import jax
import jax.numpy as jnp

from calc_core import regression

__all__ = [
    "median_time", "eager_vs_jit", "step_jaxpr", "recompile_demo", "loop_vs_scan", "break_even",
]

_jitted_step = jax.jit(regression.gd_step)


def median_time(fn: Callable[[], object], repeats: int = 15, warmup: int = 1) -> float:
    """Median wall seconds of ``fn()`` (its result blocked on) over ``repeats`` calls after ``warmup``."""
    for _ in range(warmup):
        jax.block_until_ready(fn())
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        jax.block_until_ready(fn())
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _uniquely_named_step() -> Callable:
    """The regression step under a name never used before in this process (or, in practice, on disk)."""
    def step(p, xx, yy, r):
        return regression.gd_step(p, xx, yy, r)

    step.__name__ = step.__qualname__ = f"gd_step_{uuid.uuid4().hex}"
    return step


def eager_vs_jit(x: jax.Array, y: jax.Array, lr: float, repeats: int = 15) -> dict[str, float]:
    """Seconds for the regression step: ``eager`` and ``jit`` (medians), ``trace`` and ``compile`` (one each).

    The compile time is measured on a fresh ``jax.jit`` wrapper with a never-used name, lowered (traced) and
    compiled explicitly, so it is the real first-call cost: neither JAX's in-memory caches nor a persistent
    compilation cache on disk (keyed on the program, whose name is part of it) can answer it.
    """
    params = jnp.zeros(2)
    fresh = jax.jit(_uniquely_named_step())
    start = time.perf_counter()
    lowered = fresh.lower(params, x, y, lr)
    traced = time.perf_counter()
    compiled = lowered.compile()
    done = time.perf_counter()
    eager = median_time(lambda: regression.gd_step(params, x, y, lr), repeats)
    jitted = median_time(lambda: compiled(params, x, y, lr), repeats * 4)
    return {"eager": eager, "jit": jitted, "trace": traced - start, "compile": done - traced}


def step_jaxpr(x: jax.Array, y: jax.Array) -> str:
    """The jaxpr of the regression step: what ``jax.jit`` traces and hands to XLA."""
    return str(jax.make_jaxpr(regression.gd_step)(jnp.zeros(2), x, y, 0.1))


def recompile_demo() -> list[tuple[str, bool]]:
    """Call one jitted function in ways that do and do not retrace; ``(description, traced?)`` per call.

    A Python side effect inside the function runs only while tracing, so it counts (re)compilations.
    """
    traces: list[int] = []

    def scaled_sum(v, power):
        traces.append(1)
        return jnp.sum(v**power)

    f = jax.jit(scaled_sum, static_argnames="power")
    calls = [
        ("f(ones(100), power=2): first call", jnp.ones(100), 2),
        ("f(2 * ones(100), power=2): new values, same shape", 2 * jnp.ones(100), 2),
        ("f(ones(200), power=2): new shape", jnp.ones(200), 2),
        ("f(ones(100), power=3): new static argument", jnp.ones(100), 3),
        ("f(ones(100), power=2): seen before", jnp.ones(100), 2),
        ("f(ones(100, dtype=int32), power=2): new dtype", jnp.ones(100, jnp.int32), 2),
    ]
    out = []
    for description, v, power in calls:
        before = len(traces)
        jax.block_until_ready(f(v, power=power))
        out.append((description, len(traces) > before))
    return out


def loop_vs_scan(x: jax.Array, y: jax.Array, lr: float, steps: int = 200, repeats: int = 5
                 ) -> dict[str, float | jax.Array]:
    """``steps`` regression steps as a Python loop of a jitted step and as one ``lax.scan`` call.

    Returns median seconds (``loop``, ``scan``) and both final params (they agree to rounding).
    """
    step = _jitted_step

    def loop():
        p = jnp.zeros(2)
        for _ in range(steps):
            p = step(p, x, y, lr)
        return p

    def scan():
        return regression.train_chunk(jnp.zeros(2), x, y, lr, steps)[0]

    return {"loop": median_time(loop, repeats), "scan": median_time(scan, repeats),
            "loop_params": loop(), "scan_params": scan()}


def break_even(compile_s: float, eager_s: float, jit_s: float) -> float:
    """How many eager steps' worth of time one compilation costs: ``compile / (eager − jit)`` (the gap floored
    at 1 ns, so a jitted step no faster than eager gives a huge number instead of a division by zero)."""
    return compile_s / max(eager_s - jit_s, 1e-9)
