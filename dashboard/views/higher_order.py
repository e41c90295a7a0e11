"""Higher-order derivatives: repeated jax.grad, the π/2 phase shift of sin, and Taylor polynomials."""

import numpy as np
import pandas as pd
import streamlit as st

from calc_core import article
from calc_core import derivatives as d
from calc_core.derivatives import MAX_ORDER
from calc_core.pages.higher_order import curves_view, taylor_view, values_view
from dashboard.figures import derivatives as figs
from dashboard.kit import chrome, inputs, links
from dashboard.kit.page import PageSpec
from dashboard.kit.script import Values, render_script

ss = st.session_state
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _sup(k: int) -> str:
    return str(k).translate(SUPERSCRIPT)


def trust_words(code: str, value64: float) -> str:
    """The table's words for a value's :func:`calc_core.derivatives.value_status` code."""
    return {"ok": "", "nan": "undefined here (nan), not a number",
            "inf": "infinite here, not a number",
            "overflow": f"too large for float32 (float64: {value64:.4g})",
            "unresolved": f"float32 cannot resolve it (float64: {value64:.4g})"}[code]


def coefficient_words(c: float, code: str) -> str:
    """A Taylor coefficient, or words when it is not a trustworthy number."""
    return f"{c:.4g}" if code == "ok" else {"nan": "undefined (nan)", "inf": "infinite",
                                            "overflow": "too large for float32",
                                            "unresolved": "unresolved in float32"}[code]


def taylor_rule(m: int | None, smooth: bool, degree: int) -> str:
    """How the error shrinks near a: the order of the first non-zero term left out, on the page's semi-log chart."""
    if not smooth:
        return ("f is not smooth at a (a derivative there is infinite, undefined, or differs from the left and "
                "the right), so Taylor's error rule does not apply at this centre.")
    top = min(degree + 2, d.MAX_ORDER)
    if m is None and degree >= d.MAX_ORDER:
        return (f"This is the highest degree offered: for a smooth f the error shrinks at least like "
                f"|x − a|{_sup(degree + 1)} near a. On the log-scaled error axis it drops steeply toward a.")
    if m is None:
        zeros = " and ".join(f"f⁽{_sup(k)}⁾(a)" for k in range(degree + 1, top + 1))
        return (f"{zeros} {'are' if top > degree + 1 else 'is'} 0 here, so near a the error shrinks at least like "
                f"|x − a|{_sup(top + 1)} (it is 0 if f is a polynomial of degree ≤ {degree}). On the log-scaled "
                "error axis it drops steeply toward a.")
    skipped = "" if m == degree + 1 else (f" (f⁽{_sup(degree + 1)}⁾(a) = 0, so the first term left out is of higher "
                                          "order)")
    return (f"Near a the error shrinks like |x − a|{_sup(m)}: the order of the first "
            f"non-zero term left out{skipped}. The error axis is logarithmic and x is not, so this shows as a "
            "steep dip toward a; far from a the polynomial drifts away.")


def derivative_controls():
    """The formula, the x range and the highest order; returns ``(f, a, b, order)``."""
    c1, c2 = st.columns([3, 2])
    with c1:
        f, _ = inputs.formula_input("f(x) =", "ho_formula", "sin(x)")
    with c2:
        a, b = st.slider("x range", -10.0, 10.0, value=(-6.3, 6.3), step=0.1, key="ho_range",
                         bind=links.SHARE)
    if b - a < 0.1:
        b = a + 0.1
    order = st.slider("Highest order n", 1, d.MAX_ORDER, value=3, key="ho_order", bind=links.SHARE)
    order = chrome.capped_order(f, order)
    return f, a, b, order


def values_at_point(f, order: int) -> None:
    """Every derivative up to ``order`` at a chosen x, with words where float32 cannot be trusted."""
    point = st.number_input("Evaluate at x =", value=article.SIN_POINT, step=0.1, format="%.4f", key="ho_point",
                            bind=links.SHARE)
    view = values_view(f, order, point)
    at_point, at64, status = view.values, view.values64, view.status
    st.dataframe(pd.DataFrame({"derivative": [figs.order_name(k) for k in range(order + 1)],
                               f"value at x = {point:.4f}": at_point.astype(np.float64),
                               "trust": [trust_words(code, v) for code, v in zip(status, at64, strict=True)]}),
                 hide_index=True, key="ho_values")
    if not view.trusted:
        why = []
        if "unresolved" in status:
            why.append(f"float32 keeps about 7 digits: next to x = {point:.4g} its numbers are "
                       f"{view.spacing:.2g} apart, too coarse for these values")
        if "overflow" in status:
            why.append("float32 overflows above about 3.4e38")
        if {"nan", "inf"} & set(status):
            why.append("f or a derivative is undefined or infinite at this point")
        st.warning("Some values above are not trustworthy numbers (the 'trust' column says which): "
                   + "; ".join(why) + ".", icon=":material/warning:")


def taylor_section(f, a: float, b: float, xs: np.ndarray, curve: np.ndarray) -> None:
    """A Taylor polynomial around a chosen centre, its error near the centre and its coefficients."""
    st.subheader("Taylor polynomial")
    st.latex(r"T_n(x) = \sum_{k=0}^{n} \frac{f^{(k)}(a)}{k!}\,(x - a)^k")
    t1, t2 = st.columns(2)
    ss["ho_center"] = min(max(ss.get("ho_center", article.SIN_POINT), a), b)
    center = t1.slider("Centre a", a, b, step=(b - a) / 200, key="ho_center", bind=links.SHARE)
    degree = t2.slider("Degree", 0, d.MAX_ORDER, value=3, key="ho_degree", bind=links.SHARE)
    degree = chrome.capped_order(f, degree, room=2, what="degree")  # the error rule looks two orders further
    view = taylor_view(f, center, degree, xs)
    result = view.taylor
    chrome.plotly_chart(figs.taylor_figure(xs, curve, result, center, degree), key="ho_taylor", width="stretch")
    near = view.near
    largest = (f"{near:.3g}" if near is not None
               else "not a finite number (f or the polynomial is undefined or infinite there)")
    st.caption(f"Largest error within 0.5 of a: {largest}. "
               + taylor_rule(view.order, view.rule_applies, degree))
    coefficient_status = view.coefficient_status
    st.caption("Coefficients f⁽ᵏ⁾(a)/k!: " + ", ".join(coefficient_words(c, code) for c, code in
                                                        zip(result.coefficients, coefficient_status, strict=True))
               + f" (k! for k ≤ {degree}: " + ", ".join(map(str, view.factorials)) + ")")
    if not view.trusted:
        st.warning("Some Taylor coefficients are not finite numbers (or float32 cannot resolve them): f is not "
                   "differentiable that often at a, so this polynomial is not its Taylor polynomial there. "
                   "Move the centre a.", icon=":material/warning:")


def render() -> None:
    """f, range and order → calc_core.derivatives → the derivative chart, values at a point, Taylor."""
    st.title("Higher-order derivatives")
    st.markdown("`jax.grad` returns a function, so it can be differentiated again: $f''$ is the slope of $f'$, "
                "the curvature of $f$. Each order here is compiled once per function and kept.")
    st.code("df = jax.grad(f)\nddf = jax.grad(df)\ndddf = jax.grad(ddf)", language="python")
    f, a, b, order = derivative_controls()
    xs, stack = curves_view(f, a, b, order)
    chrome.plotly_chart(figs.higher_order_figure(xs, stack, f"f and its first {order} derivatives"), key="ho_chart",
                    width="stretch")
    if getattr(f, "text", "") == "sin(x)":
        st.markdown("For $\\sin$, each derivative is the previous curve shifted left by a quarter period: "
                    "$\\frac{d^k}{dx^k}\\sin x = \\sin\\left(x + k\\frac{\\pi}{2}\\right)$, so "
                    "sin → cos → −sin → −cos → sin.")
    values_at_point(f, order)
    taylor_section(f, a, b, xs, stack[0])
    chrome.show_source(PAGE, d.nth_derivative, d.derivative_on, d.taylor)


def script(v: Values) -> str:
    """The view as a script (``PageSpec.script``)."""
    a, b = v.pair("ho_range", (-6.3, 6.3), -10.0, 10.0)
    b = max(b, a + 0.1)
    return render_script(PAGE, {
        "FORMULA": v.formula("ho_formula", "sin(x)"), "A": a, "B": b,
        "ORDER": v.integer("ho_order", 3, 1, MAX_ORDER), "POINT": v.number("ho_point", article.SIN_POINT),
        "CENTRE": min(max(v.number("ho_center", article.SIN_POINT), a), b),
        "DEGREE": v.integer("ho_degree", 3, 0, MAX_ORDER)}, """
from calc_core import derivatives as d
from calc_core.expr import parse_function
""", """
f = parse_function(FORMULA)
top = d.highest_order(f)  # a large formula's high orders would compile for too long: the page stops there too
if ORDER > top or DEGREE > top:
    print(f"orders above {top} are not computed for this formula (their program would be too large)")
at_point = d.derivatives_at(f, min(ORDER, top), [POINT])[:, 0]  # f, f', ...: repeated jax.grad or Taylor mode
for k, value in enumerate(at_point):
    print(f"f^({k})(POINT) =", float(value))
result = d.taylor(f, CENTRE, min(DEGREE, top), d.grid(A, B))
for k, c in enumerate(result.coefficients):
    print(f"Taylor coefficient {k}, f^({k})(CENTRE)/{k}! =", float(c))
""")


PAGE = PageSpec(
    slug="higher_order",
    title="Higher-order derivatives",
    icon="stacked_line_chart",
    blurb="Differentiate again and again; Taylor polynomials and their error.",
    prefixes=("ho",),
    links=("ho_order", "ho_point", "ho_center", "ho_degree", "ho_formula", "ho_range"),
    script=script,
)


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
