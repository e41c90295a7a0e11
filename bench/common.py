"""What every benchmark module shares: a result row and robust timing (medians, never single runs)."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass
class Row:
    """One benchmark figure. ``ratio`` = how many times faster than ``baseline`` (> 1 is better)."""

    name: str
    value: float
    unit: str
    baseline: str | None = None
    ratio: float | None = None
    goal: str | None = None  # e.g. "< 100 ms" or ">= 1000x"
    passed: bool | None = None

    def as_json(self) -> dict:
        """The row for results.json; a failed measurement (NaN) is written as null, which JSON allows."""
        keys = ("name", "value", "unit", "baseline", "ratio")
        return {key: None if isinstance(value, float) and not math.isfinite(value) else value
                for key, value in asdict(self).items() if key in keys}


def median_seconds(fn: Callable[[], object], repeats: int = 20, warmup: int = 2) -> float:
    """Median wall time of ``fn()`` over ``repeats`` calls after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def alternating_medians(a: Callable[[], object], b: Callable[[], object], repeats: int = 7,
                        warmup: int = 1) -> tuple[float, float]:
    """Median seconds of ``a`` and ``b`` timed alternately (fair on a noisy shared machine)."""
    for _ in range(warmup):
        a()
        b()
    times_a, times_b = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        a()
        times_a.append(time.perf_counter() - start)
        start = time.perf_counter()
        b()
        times_b.append(time.perf_counter() - start)
    return statistics.median(times_a), statistics.median(times_b)


def below(name: str, value: float, unit: str, limit: float, **extra) -> Row:
    """A row whose goal is ``value < limit``."""
    return Row(name, value, unit, goal=f"< {limit:g} {unit}", passed=value < limit, **extra)


def faster(name: str, value: float, unit: str, baseline: str, ratio: float, at_least: float) -> Row:
    """A row whose goal is a speed-up of at least ``at_least`` over ``baseline``."""
    return Row(name, value, unit, baseline=baseline, ratio=ratio, goal=f">= {at_least:g}x",
               passed=ratio >= at_least)
