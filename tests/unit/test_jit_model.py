"""calc_core.pages.jit: the jit page's model: its timings, the ratios drawn from them, and the traced step."""

from __future__ import annotations

import re

import numpy as np
import pytest

from calc_core import article, regression, timing
from calc_core.pages.jit import jit_jaxpr, jit_timings


def test_timings_are_positive_and_the_ratios_are_theirs():
    t = jit_timings(100, article.REGRESSION_LR)
    assert t.n == 100 and re.fullmatch(r"\d\d:\d\d:\d\d", t.at)
    assert min(t.eager, t.jit, t.trace, t.compile, t.loop, t.scan) > 0
    assert t.speedup == t.eager / t.jit and t.scan_speedup == t.loop / t.scan
    assert t.break_even == timing.break_even(t.compile, t.eager, t.jit)


def test_loop_and_scan_reach_the_same_params_as_200_plain_steps():
    t = jit_timings(100, article.REGRESSION_LR)
    x, y = regression.make_data(n=100)
    p = np.zeros(2)
    xs, ys = np.asarray(x, np.float64), np.asarray(y, np.float64)
    for _ in range(200):  # ∇ of mean (w x + b − y)²: 2·mean(r x), 2·mean(r)
        r = p[0] * xs + p[1] - ys
        p = p - article.REGRESSION_LR * 2 * np.array([np.mean(r * xs), np.mean(r)])
    np.testing.assert_allclose(np.asarray(t.loop_params), p, rtol=1e-4)
    np.testing.assert_allclose(np.asarray(t.scan_params), p, rtol=1e-4)
    assert p[0] == pytest.approx(article.REGRESSION_TRUE_W, abs=0.1)


def test_jaxpr_is_the_step_on_this_size():
    assert jit_jaxpr(500) == timing.step_jaxpr(*regression.make_data(n=500)) and "f32[500]" in jit_jaxpr(500)
