"""calc_core.expr cost limits: size, nesting, power towers and exponents are refused in words, and a fuzzer
checks that every formula either compiles (within the limits) or raises ExpressionError, never anything else.

The fuzzer records the compile + first evaluation time of each accepted formula and prints the slowest; speed
is reported, not asserted (timed assertions flake on a shared machine). The assertions are structural.
"""

from __future__ import annotations

import ast
import json
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc_core import derivatives
from calc_core import expr as E
from calc_core.expr import ExpressionError, parse_function
from tests.fuzzing import FUZZING

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
XS = np.linspace(-2.0, 2.0, 401, dtype=np.float32)


@pytest.mark.parametrize(("text", "message"), [
    ("9**9**9**9", "too many powers stacked in exponents (4 high"),
    ("x^x^x^x", "too many powers stacked in exponents (4 high"),
    ("9^9^9 * x", "an exponent is too large (387,420,489"),
    ("x^1001", "an exponent is too large (1,001"),
    ("x^(-(10^4))", "an exponent is too large (-10,000"),
    ("1e999 * x", "a number in the formula is too large"),
    ("1" + "0" * 60 + " * x", "a number in the formula is too large"),
    ("+".join(["x"] * 41), "the formula is too big (81 pieces"),
    ("sin(exp(cos(tanh(sin(x)))))", "too many functions inside functions (5 deep"),
    ("-(-(-(-(-(-(-(-(-(-(-(-(-x)))))))))))) ", "nested too deeply (14 levels"),
])
def test_costly_formulas_are_refused_in_words(text, message):
    with pytest.raises(ExpressionError) as refusal:
        parse_function(text)
    assert message in str(refusal.value)


@pytest.mark.parametrize(("text", "check"), [
    ("e^(-x^2)", lambda x: np.exp(-(x**2))),  # a tower 3 high: allowed
    ("x^1000 / 10^300", lambda x: x**1000 / 1e300),  # the largest exponent
    ("sin(exp(cos(tanh(x))))", lambda x: np.sin(np.exp(np.cos(np.tanh(x))))),  # 4 functions deep
    ("+".join(["x"] * 40), lambda x: 40 * x),  # 79 pieces: a long sum is one level deep
])
def test_formulas_at_the_limits_are_accepted_and_right(text, check):
    x = np.array([0.5, 0.9, 1.0], np.float32)
    got = np.asarray(parse_function(text)(x), np.float64)
    np.testing.assert_allclose(got, check(x.astype(np.float64)), rtol=2e-5, atol=1e-30)


# --- The fuzzer ---------------------------------------------------------------------------------------------
LEAVES = st.sampled_from(["x", "pi", "e", "2", "0.5", "9", "1e30", "1e999", "3", "1000", "x"])
UNARY = st.sampled_from(["sin", "cos", "exp", "log", "sqrt", "tanh", "abs", "sigmoid", "relu", "arctan"])
BINARY = st.sampled_from(["+", "-", "*", "/", "^", "**"])


def _combine(children):
    return st.one_of(
        st.tuples(UNARY, children).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(children, BINARY, children).map(lambda t: f"({t[0]}){t[1]}({t[2]})"),
        st.tuples(children, BINARY, children).map(lambda t: f"{t[0]}{t[1]}{t[2]}"),
        children.map(lambda c: f"-{c}"),
        st.tuples(children, children).map(lambda t: f"maximum({t[0]}, {t[1]})"),
    )


FORMULAS = st.recursive(LEAVES, _combine, max_leaves=60)
GARBAGE = st.text(alphabet="x+-*/^()., 0123456789eEpisnlogqrtab_[]{}'\\\"<>=!%@|&~:;", max_size=320)


def _structure(text: str) -> dict[str, int]:
    """Independent of calc_core.expr's own counters: walk Python's parse of the accepted text."""
    tree = ast.parse(text.replace("^", "**").translate(E._TYPOGRAPHIC), mode="eval").body
    return {"nodes": sum(isinstance(n, ast.expr) for n in ast.walk(tree)),
            "calls": sum(isinstance(n, ast.Call) for n in ast.walk(tree))}


def _accepts_or_refuses(text: str):
    """The property every text must satisfy: a function or ExpressionError, nothing else."""
    try:
        return parse_function(text)
    except ExpressionError as refusal:
        assert str(refusal), "a refusal must say why"
        return None


@given(st.one_of(FORMULAS, GARBAGE))
def test_any_text_gives_a_function_or_an_expression_error(text):
    f = _accepts_or_refuses(text)
    if f is not None:
        shape = _structure(text)
        assert len(text) <= E.MAX_LENGTH
        assert shape["nodes"] - shape["calls"] <= E.MAX_NODES
        value = np.asarray(f(np.float32(0.7)))
        assert value.shape == () and value.dtype == np.float32


@pytest.fixture(scope="module")
def timings(request):
    """Collect compile + first-evaluation times; print the slowest and write them to test-artifacts/."""
    times: list[tuple[float, str]] = []
    yield times
    if not times:
        return
    seconds = sorted(t for t, _ in times)
    worst = max(times)
    summary = {"examples": len(times), "median_s": float(np.median(seconds)),
               "p95_s": float(np.percentile(seconds, 95)), "max_s": worst[0], "slowest": worst[1]}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "formula_compile_times.json").write_text(json.dumps(summary, indent=1))
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    line = (f"formula fuzzer: {len(times)} accepted formulas, compile + first evaluation of f and f' on 401 "
            f"points: median {summary['median_s']:.3f} s, p95 {summary['p95_s']:.3f} s, max {worst[0]:.3f} s "
            f"({worst[1][:60]!r})")
    if reporter is not None:
        reporter.write_line("\n" + line)


@settings(max_examples=400 if FUZZING else 30)
@given(FORMULAS)
def test_accepted_formulas_compile_and_evaluate(timings, text):
    """Every page compiles f and f' of a formula (values_and_slopes): time that, assert only structure."""
    f = _accepts_or_refuses(text)
    if f is None:
        return
    start = time.perf_counter()
    ys, slopes = derivatives.values_and_slopes(f, XS)
    ys, slopes = np.asarray(ys), np.asarray(slopes)
    timings.append((time.perf_counter() - start, text))
    assert ys.shape == slopes.shape == XS.shape
    assert ys.dtype == slopes.dtype == np.float32
