"""Inputs that keep a page working: formula boxes with their last good formula, seeds, preset pickers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from calc_core.expr import ExpressionError, parse_function
from dashboard.kit.links import SHARE
from dashboard.kit.markup import literal
from dashboard.kit.state import LAST_GOOD

T = TypeVar("T")


def seed_input(container, label: str, key: str, default: int, high: int = 10_000) -> int:
    """A whole-number seed box bound to the link; a huge, negative or non-numeric link value falls back.

    It is a float box shown without decimals: Streamlit's integer box crashes on a link value that overflows
    a float (a 5,000-digit seed), while its float box refuses non-finite values.
    """
    value = container.number_input(label, 0.0, float(high), float(default), step=1.0, format="%.0f", key=key,
                                   bind=SHARE)
    return int(round(value))


def last_good(key: str, compute: Callable[[], T], errors: tuple[type[Exception], ...] = (ValueError,)
              ) -> tuple[T | None, str | None]:
    """Run ``compute``; keep its result as the last good state under ``key``.

    Returns ``(value, None)`` on success, or ``(last good value or None, message)`` when ``compute``
    raises one of ``errors``, so a page shows the message and keeps its last valid result on screen.
    """
    store = st.session_state.setdefault(LAST_GOOD, {})
    try:
        value = compute()
    except errors as exc:
        return store.get(key), str(exc)
    store[key] = value
    return value, None


def formula_input(label: str, key: str, default: str, variables: tuple[str, ...] = ("x",),
                  help: str | None = None) -> tuple[Callable, str | None]:
    """A text box for a formula: the parsed function (or the last good one) and an error message or None.

    The error, if any, is shown inline under the box; callers keep drawing with the returned function.
    """
    hint = help or "Numbers, " + ", ".join(variables) + ", + - * / ^, pi, e, sin cos exp log sqrt tanh …"
    text = st.text_input(label, value=default, key=key, help=hint, bind=SHARE)
    function, error = last_good(f"formula:{key}", lambda: parse_function(text, variables),
                                errors=(ExpressionError,))
    if function is None:  # the very first text was bad: fall back to the default formula
        function = parse_function(default, variables)
    if error:
        st.error(f"**{literal(text)}** — {literal(error, limit=400)}. Still showing the last good formula.",
                 icon=":material/error:")
    return function, error


def preset_function(prefix: str, presets: dict[str, tuple[str, tuple[float, float]]], range_label: str,
                    step: float = 0.01) -> tuple[Callable, float, float]:
    """Preset picker, formula box and x-range slider in one row: ``(f, a, b)`` with ``b - a >= 0.1``.

    ``presets`` maps a label to ``(formula, (low, high))``; each preset keeps its own formula box and range,
    so switching presets and back restores what the user typed.
    """
    c1, c2, c3 = st.columns([2, 3, 3])
    preset = c1.selectbox("Preset", list(presets), key=f"{prefix}_preset", bind=SHARE)
    text, (low, high) = presets[preset]
    slot = list(presets).index(preset)
    with c2:
        f, _ = formula_input("f(x) =", f"{prefix}_formula_{slot}", text)
    with c3:
        a, b = st.slider(range_label, -10.0, 10.0, step=step, value=(round(low, 2), round(high, 2)),
                         key=f"{prefix}_range_{slot}", bind=SHARE)
    if b - a < 0.1:
        st.warning(f"{range_label} is too narrow: widened to 0.1.", icon=":material/warning:")
        b = a + 0.1
    return f, a, b
