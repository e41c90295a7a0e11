"""Oracle suite: the derivative pages' decisive claims, on formulas Hypothesis draws from the app's grammar,
against an independent float64 NumPy oracle (tests/oracle.py: its own evaluator over ``ast`` and exact
Taylor-series derivatives), never calc_core against itself.

A claim must be right, or the page must hedge it in words (an "unsure"/"inconclusive" verdict, an undefined
stretch, a float32 value marked unresolved). Examples per property follow the Hypothesis profile in
tests/conftest.py, scaled down in `make test` because each new formula compiles its own XLA programs (see
ORACLE_SHARE); `make fuzz` runs the full profile.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from calc_core import critical
from calc_core import derivatives as d
from calc_core.expr import parse_function
from tests import oracle
from tests.fuzzing import FUZZING

# Each example compiles a new formula (≈ 10 XLA programs): in `make test` a share of the profile's examples.
ORACLE_SHARE = 1.0 if FUZZING else 0.25


def examples(share: float = 1.0) -> settings:
    """The loaded profile's settings with ``share`` × ORACLE_SHARE of its examples (at least 10)."""
    profile = settings()
    return settings(profile, max_examples=max(10, int(profile.max_examples * ORACLE_SHARE * share)))


tenths = st.integers(-30, 25).map(lambda k: k / 10)
widths = st.integers(5, 60).map(lambda k: k / 10)


# --- derivatives up to order 6 --------------------------------------------------------------------------------
@examples(0.5)
@given(text=oracle.formulas(), x0=tenths)
@example(text="sqrt(1*x^4)", x0=0.1)  # CI found it: f⁗ = 1.0e−3 in float32 (truly 0) was shown as fine
def test_derivatives_up_to_order_six_match_the_jet_oracle_or_are_marked(text, x0):
    """Where f is smooth (oracle), every order is finite and right, or the page's trust column says otherwise."""
    x32 = float(np.float32(x0 + 0.013))  # off the grid of shifts, so kinks and domain edges are not hit exactly
    try:
        want = oracle.derivatives(text, x32)
    except oracle.NotSmooth:
        assume(False)
    assume(np.abs(want).max() < 1e6)
    f = parse_function(text)
    got = d.derivatives_at(f, d.MAX_ORDER, [x32])[:, 0].astype(np.float64)
    tol = 2e-3 * np.abs(want) + 2e-4 * np.abs(want).max() + 1e-5
    bad = ~(np.abs(got - want) <= tol)
    if bad.any():  # then the page must not show those values as fine
        status = d.value_status(got, d.derivatives_at64(f, d.MAX_ORDER, [x32])[:, 0])
        wrong = [k for k in np.flatnonzero(bad) if status[k] == "ok"]
        assert not wrong, f"{text} at {x32}: orders {wrong} shown as fine: got {got}, oracle {want}"


def test_the_jet_oracle_itself_against_closed_forms():
    """The oracle is checked too: closed-form derivatives of sin, exp(−x²), sqrt, a negative power, a corner."""
    np.testing.assert_allclose(oracle.derivatives("sin(x)", 0.7), [math.sin(0.7 + k * math.pi / 2) for k in range(7)],
                               rtol=1e-12)
    x = 0.5
    g = math.exp(-x * x)
    hermite = [1, -2 * x, 4 * x**2 - 2, -8 * x**3 + 12 * x, 16 * x**4 - 48 * x**2 + 12,
               -32 * x**5 + 160 * x**3 - 120 * x, 64 * x**6 - 480 * x**4 + 720 * x**2 - 120]
    np.testing.assert_allclose(oracle.derivatives("exp(-(x)^2)", x), np.array(hermite) * g, rtol=1e-12)
    np.testing.assert_allclose(oracle.derivatives("sqrt(x)", 4.0)[:4], [2, 0.25, -1 / 32, 3 / 256], rtol=1e-12)
    np.testing.assert_allclose(oracle.derivatives("x^-2", 2.0)[:3], [0.25, -0.25, 0.375], rtol=1e-12)
    assert oracle.derivatives("abs(x) + x^2", 0.0, side=-1)[1] == -1.0
    assert oracle.derivatives("abs(x) + x^2", 0.0, side=1)[1] == 1.0
    with pytest.raises(oracle.NotSmooth):
        oracle.derivatives("abs(x)", 0.0)


# --- does f′(x₀) exist? ------------------------------------------------------------------------------------
@examples(1.0)
@given(smooth=st.one_of(oracle.polynomials(), oracle.formulas()), c=st.sampled_from([0.5, 1.0, 2.0]),
       s=st.sampled_from([-1.0, -0.3, 0.0, 0.5, 1.3]), at_kink=st.booleans())
def test_one_sided_slopes_at_and_beside_a_kink_match_the_oracle(smooth, c, s, at_kink):
    text = f"{smooth} + {c}*abs(x - ({s}))"
    x0 = s if at_kink else s + 0.37
    try:
        left, right = (oracle.derivatives(text, x0, side)[1] for side in (-1, 1))
    except oracle.NotSmooth:
        assume(False)
    assume(max(abs(left), abs(right)) < 1e6)
    got = d.one_sided(parse_function(text), x0)
    if abs(left - right) > 1e-6 * max(1.0, abs(left), abs(right)):
        assert got.state == "kink", (text, x0, got, left, right)
        np.testing.assert_allclose([got.left, got.right], [left, right], rtol=1e-3, atol=1e-4)
    else:
        assert got.state == "differentiable", (text, x0, got, left, right)
        assert got.right == pytest.approx(right, rel=1e-3, abs=1e-4)


# --- critical points, their kinds, global minimum and maximum ----------------------------------------------
def _window(text: str, x: float, w: float) -> np.ndarray:
    return oracle.values(text, np.linspace(x - w, x + w, 201))


def _check_point(text: str, p: critical.CriticalPoint, w: float, spread: float) -> str | None:
    """None if the oracle agrees with the point's kind (or the kind is a hedge), else why not."""
    if p.kind == "inconclusive" or not p.sure:
        return None
    try:
        slope = oracle.derivatives(text, p.x)[1]
    except oracle.NotSmooth:
        return None  # a corner: f′ has no value to test; the values below still must agree
    ys = _window(text, p.x, w)
    assume(np.isfinite(ys).all())
    y0 = float(oracle.values(text, np.array([p.x]))[0])
    near = np.max(np.abs(np.diff(ys))) / (2 * w / 200)
    if abs(slope) > 1e-3 * near + 1e-9:
        return f"f′({p.x}) = {slope} is not ≈ 0 (|f′| near it up to {near})"
    tol = 1e-9 * (spread + abs(y0)) + 1e-12
    if p.kind == "minimum" and ys.min() < y0 - tol:
        return f"not a minimum: f = {ys.min()} < {y0} beside it"
    if p.kind == "maximum" and ys.max() > y0 + tol:
        return f"not a maximum: f = {ys.max()} > {y0} beside it"
    if p.kind == "inflection point" and (ys[0] - y0) * (ys[-1] - y0) > tol * tol:
        return f"not an inflection point: f − f(x*) has one sign on both sides ({ys[0] - y0}, {ys[-1] - y0})"
    return None


def _oracle_extrema(xs: np.ndarray, ys: np.ndarray, spread: float, reach: int = 60) -> list[tuple[float, str]]:
    """Interior local minima and maxima of the dense float64 values, prominent beyond rounding."""
    windows = np.lib.stride_tricks.sliding_window_view(ys, 2 * reach + 1)  # window i is centred on i + reach
    centre = ys[reach:-reach]
    before, left, right = ys[reach - 1 : -reach - 1], ys[: -2 * reach], ys[2 * reach :]
    prominence = 1e-7 * spread
    low = (centre == windows.min(axis=1)) & (centre < before) & (np.minimum(left, right) - centre > prominence)
    high = (centre == windows.max(axis=1)) & (centre > before) & (centre - np.maximum(left, right) > prominence)
    inner = xs[reach:-reach]
    return [(float(x), "minimum") for x in inner[low]] + [(float(x), "maximum") for x in inner[high]]


@examples(1.0)
@given(text=oracle.formulas(), a=tenths, width=widths)
def test_extrema_claims_are_right_or_hedged(text, a, width):
    b = round(a + width, 1)
    xs = np.linspace(a, b, 60001)
    ys = oracle.values(text, xs)
    found = critical.critical_points(parse_function(text), a, b)
    finite = np.isfinite(ys)
    if not finite.all():  # f undefined or infinite somewhere: no global claim may stand unhedged
        assert not found.minimum.sure and not found.maximum.sure, (text, a, b, found.minimum, found.maximum)
        return
    assume(np.abs(ys).max() < 1e12)
    spread = float(ys.max() - ys.min())
    w = 2e-3 * (b - a)
    for p in found.points:
        problem = _check_point(text, p, w, spread)
        assert problem is None, f"{text} on [{a}, {b}] at x = {p.x} ({p.kind}): {problem}"
    tol = 1e-6 * spread + 1e-9 * np.abs(ys).max() + 1e-12
    for ext, best, sign in ((found.minimum, ys.min(), 1.0), (found.maximum, ys.max(), -1.0)):
        if ext.sure:
            at = oracle.values(text, np.array(ext.xs))
            assert np.all(sign * at <= sign * best + tol), (
                f"{text} on [{a}, {b}]: claimed {ext} but the oracle finds {best}")
    if found.truncated or found.constant:
        return
    hedges = [p.x for p in found.points if p.kind in ("minimum", "maximum")] + list(found.jumps) + [
        p.x for p in found.points if p.kind == "inconclusive" or not p.sure] + list(found.singular)
    for start, end in found.flats:
        hedges += list(np.linspace(start, end, 50))
    for x, kind in _oracle_extrema(xs, ys, spread):
        assert hedges and min(abs(np.array(hedges) - x)) <= 2 * w, (
            f"{text} on [{a}, {b}]: the oracle has a local {kind} at x ≈ {x}; the page has none there "
            f"(points {[(p.x, p.kind) for p in found.points]}, corners {found.jumps})")
