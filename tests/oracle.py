"""An independent float64 oracle for one-variable formulas: NumPy values and Taylor-series (jet) derivatives.

It reads the same text as :func:`calc_core.expr.parse_function` with its own tiny evaluator over Python's
``ast`` (never ``eval``), and shares no code with calc_core or JAX:

* :func:`values` evaluates a formula on a NumPy float64 array;
* :func:`jet` propagates truncated Taylor series (coefficients f⁽ᵏ⁾(x₀)/k!, k ≤ 6) through the formula with
  the textbook recurrences for products, quotients, exp, log, sin/cos and sqrt, so derivatives of every
  order are exact up to float64 rounding (no finite-difference step). ``side`` = +1 / −1 gives the
  one-sided series of abs (the right-hand or left-hand branch), so corners have exact one-sided slopes.

Also a Hypothesis strategy for formulas from the app's grammar: polynomials with integer powers,
compositions of sin/exp/log/abs/sqrt, and sums with kinks.
"""

from __future__ import annotations

import ast
import math

import numpy as np
from hypothesis import strategies as st

ORDER = 6
CONSTANTS = {"pi": math.pi, "e": math.e}


class NotSmooth(ValueError):
    """The jet is not defined: abs at a zero of its argument without a side, or a domain edge."""


def _tree(text: str) -> ast.expr:
    return ast.parse(text.replace("^", "**"), mode="eval").body


def _int_exponent(node: ast.expr) -> int | None:
    sign = 1
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        sign = -sign if isinstance(node.op, ast.USub) else sign
        node = node.operand
    if isinstance(node, ast.Constant) and float(node.value).is_integer():
        return sign * int(node.value)
    return None


# --- values ---------------------------------------------------------------------------------------------------
def values(text: str, x: np.ndarray) -> np.ndarray:
    """The formula at ``x`` (any shape), float64; undefined → nan, overflow → ±inf, as IEEE arithmetic gives."""
    x = np.asarray(x, np.float64)
    with np.errstate(all="ignore"):
        return np.broadcast_to(_value(_tree(text), x), x.shape).astype(np.float64)


def _value(node: ast.expr, x: np.ndarray) -> np.ndarray:
    if isinstance(node, ast.Constant):
        return np.float64(node.value)
    if isinstance(node, ast.Name):
        return x if node.id == "x" else np.float64(CONSTANTS[node.id])
    if isinstance(node, ast.UnaryOp):
        inner = _value(node.operand, x)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        left = _value(node.left, x)
        if isinstance(node.op, ast.Pow):
            n = _int_exponent(node.right)
            if n is not None:
                return left**n if n >= 0 else 1.0 / left ** (-n)
            return np.power(left, _value(node.right, x))
        right = _value(node.right, x)
        return {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.divide}[
            type(node.op)](left, right)
    if isinstance(node, ast.Call):
        arg = _value(node.args[0], x)
        return {"sin": np.sin, "cos": np.cos, "exp": np.exp, "log": np.log, "sqrt": np.sqrt, "abs": np.abs,
                "tanh": np.tanh}[node.func.id](arg)
    raise ValueError(f"the oracle does not know {ast.dump(node)}")


# --- jets (truncated Taylor series) ---------------------------------------------------------------------------
def jet(text: str, x0: float, side: int = 0) -> np.ndarray:
    """Taylor coefficients c_k = f⁽ᵏ⁾(x0)/k!, k = 0..6, shape ``(7,)``.

    Raises NotSmooth where f is not 6 times differentiable at x0 by the formula's own pieces (abs at a zero of
    its argument when ``side`` is 0; log/sqrt at or below 0; a pole).
    """
    with np.errstate(all="ignore"):
        c = _jet(_tree(text), float(x0), side)
    if not np.isfinite(c).all():
        raise NotSmooth("not finite")
    return c


def derivatives(text: str, x0: float, side: int = 0) -> np.ndarray:
    """f, f′, …, f⁽⁶⁾ at x0 (one-sided for ``side`` ±1), shape ``(7,)``."""
    return jet(text, x0, side) * np.array([math.factorial(k) for k in range(ORDER + 1)], np.float64)


def _const(v: float) -> np.ndarray:
    c = np.zeros(ORDER + 1)
    c[0] = v
    return c


def _mul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.array([sum(a[j] * b[k - j] for j in range(k + 1)) for k in range(ORDER + 1)])


def _div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if b[0] == 0:
        raise NotSmooth("division by zero")
    c = np.zeros(ORDER + 1)
    for k in range(ORDER + 1):
        c[k] = (a[k] - sum(b[j] * c[k - j] for j in range(1, k + 1))) / b[0]
    return c


def _exp(a: np.ndarray) -> np.ndarray:
    e = np.zeros(ORDER + 1)
    e[0] = np.exp(a[0])
    for k in range(1, ORDER + 1):
        e[k] = sum(j * a[j] * e[k - j] for j in range(1, k + 1)) / k
    return e


def _log(a: np.ndarray) -> np.ndarray:
    if a[0] <= 0:
        raise NotSmooth("log at or below 0")
    out = np.zeros(ORDER + 1)
    out[0] = np.log(a[0])
    for k in range(1, ORDER + 1):
        out[k] = (a[k] - sum(j * out[j] * a[k - j] for j in range(1, k)) / k) / a[0]
    return out


def _sincos(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    s, c = np.zeros(ORDER + 1), np.zeros(ORDER + 1)
    s[0], c[0] = np.sin(a[0]), np.cos(a[0])
    for k in range(1, ORDER + 1):
        s[k] = sum(j * a[j] * c[k - j] for j in range(1, k + 1)) / k
        c[k] = -sum(j * a[j] * s[k - j] for j in range(1, k + 1)) / k
    return s, c


def _sqrt(a: np.ndarray) -> np.ndarray:
    if a[0] <= 0:
        raise NotSmooth("sqrt at or below 0")
    r = np.zeros(ORDER + 1)
    r[0] = np.sqrt(a[0])
    for k in range(1, ORDER + 1):
        r[k] = (a[k] - sum(r[j] * r[k - j] for j in range(1, k))) / (2 * r[0])
    return r


def _abs(a: np.ndarray, side: int) -> np.ndarray:
    if a[0] != 0:
        return np.sign(a[0]) * a
    nonzero = np.flatnonzero(a)
    if side == 0 or nonzero.size == 0:
        if nonzero.size == 0:
            return a
        raise NotSmooth("abs at a zero of its argument")
    k = nonzero[0]
    sign = np.sign(a[k]) * (1 if side > 0 or k % 2 == 0 else -1)
    return sign * a


def _power(a: np.ndarray, n: int) -> np.ndarray:
    out = _const(1.0)
    for _ in range(abs(n)):
        out = _mul(out, a)
    return out if n >= 0 else _div(_const(1.0), out)


def _jet(node: ast.expr, x0: float, side: int) -> np.ndarray:
    if isinstance(node, ast.Constant):
        return _const(float(node.value))
    if isinstance(node, ast.Name):
        if node.id == "x":
            c = _const(x0)
            c[1] = 1.0
            return c
        return _const(CONSTANTS[node.id])
    if isinstance(node, ast.UnaryOp):
        inner = _jet(node.operand, x0, side)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        left = _jet(node.left, x0, side)
        if isinstance(node.op, ast.Pow):
            n = _int_exponent(node.right)
            if n is not None:
                return _power(left, n)
            return _exp(_mul(_jet(node.right, x0, side), _log(left)))
        right = _jet(node.right, x0, side)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return _mul(left, right)
        return _div(left, right)
    if isinstance(node, ast.Call):
        a = _jet(node.args[0], x0, side)
        name = node.func.id
        if name in ("sin", "cos"):
            return _sincos(a)[0 if name == "sin" else 1]
        if name == "tanh":
            e2 = _exp(2 * a)
            return _div(e2 - _const(1.0), e2 + _const(1.0))
        return {"exp": _exp, "log": _log, "sqrt": _sqrt, "abs": lambda v: _abs(v, side)}[name](a)
    raise ValueError(f"the oracle does not know {ast.dump(node)}")


# --- the grammar ----------------------------------------------------------------------------------------------
_COEF = st.sampled_from(["1", "2", "3", "0.5", "1.5"])
_SHIFT = st.sampled_from(["0", "0.5", "1", "-1", "0.3", "-0.7", "1.3"])


@st.composite
def polynomials(draw) -> str:
    """c₁·x^k₁ ± c₂·x^k₂ ± …, integer powers 0..5, 1–3 terms."""
    terms = []
    for _ in range(draw(st.integers(1, 3))):
        k = draw(st.integers(0, 5))
        c = draw(_COEF)
        sign = draw(st.sampled_from(["+", "-"]))
        body = c if k == 0 else f"{c}*x" if k == 1 else f"{c}*x^{k}"
        terms.append(f"{sign} {body}")
    text = " ".join(terms)
    return text[2:] if text.startswith("+ ") else "-" + text[2:]


@st.composite
def shifted(draw) -> str:
    """x − s, a linear piece that puts kinks and domain edges away from 0."""
    s = draw(_SHIFT)
    return "x" if s == "0" else f"(x - {s})" if not s.startswith("-") else f"(x + {s[1:]})"


def _compose(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        inner.map(lambda u: f"sin({u})"),
        inner.map(lambda u: f"exp(-({u})^2)"),
        st.tuples(_COEF, inner).map(lambda cu: f"exp({cu[0]}*({cu[1]})/4)"),
        inner.map(lambda u: f"log(1 + ({u})^2)"),
        inner.map(lambda u: f"log({u})"),
        inner.map(lambda u: f"abs({u})"),
        inner.map(lambda u: f"sqrt({u})"),
        inner.map(lambda u: f"sqrt(abs({u}))"),
    )


def formulas() -> st.SearchStrategy[str]:
    """Formulas from the app's grammar: polynomials, compositions of sin/exp/log/abs/sqrt, sums with kinks."""
    atom = st.one_of(polynomials(), shifted())
    composed = _compose(atom)
    kinked = st.tuples(st.one_of(polynomials(), composed), _COEF, shifted()).map(
        lambda t: f"{t[0]} + {t[1]}*abs{t[2] if t[2].startswith('(') else '(' + t[2] + ')'}")
    products = st.tuples(polynomials(), composed).map(lambda t: f"({t[0]})*{t[1]}")
    return st.one_of(polynomials(), composed, kinked, products)
