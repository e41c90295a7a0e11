"""The jit-speed page's numbers: the regression step timed eager and jitted on data of size n, 200 steps as a
loop and as one scan, the ratios between them, and the traced step.

Named for its concept (the page's name, jit, is JAX's); the page only reads controls, shares one measurement
per server and draws (see ``dashboard/views/jit.py``).
"""

from __future__ import annotations

import time
from typing import NamedTuple

import jax

from calc_core import regression, timing

__all__ = ["JitTimings", "jit_timings", "jit_jaxpr"]


class JitTimings(NamedTuple):
    """One measurement on data of size ``n`` at server time ``at`` ("HH:MM:SS"), in seconds: ``eager`` and
    ``jit`` (median steps), ``trace`` and ``compile`` (once), ``loop`` and ``scan`` (200 steps each, medians);
    ``loop_params``, ``scan_params``: the (w, b) each reached, shape ``(2,)``."""

    n: int
    at: str
    eager: float
    jit: float
    trace: float
    compile: float
    loop: float
    scan: float
    loop_params: jax.Array
    scan_params: jax.Array

    @property
    def speedup(self) -> float:
        """How many times faster the jitted step is than the eager one."""
        return self.eager / self.jit

    @property
    def scan_speedup(self) -> float:
        """How many times faster one scan is than a Python loop of jitted steps."""
        return self.loop / self.scan

    @property
    def break_even(self) -> float:
        """How many eager steps' worth of time one compilation costs."""
        return timing.break_even(self.compile, self.eager, self.jit)


def jit_timings(n: int, lr: float) -> JitTimings:
    """Time the regression step at learning rate ``lr`` on the data of size ``n``, now (runs ~600 calls)."""
    x, y = regression.make_data(n=n)
    at = time.strftime("%H:%M:%S")
    return JitTimings(n, at, **timing.eager_vs_jit(x, y, lr), **timing.loop_vs_scan(x, y, lr))


def jit_jaxpr(n: int) -> str:
    """The jaxpr of the regression step on the data of size ``n``: shapes are in its types."""
    return timing.step_jaxpr(*regression.make_data(n=n))
