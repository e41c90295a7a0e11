"""Higher-order derivatives: repeated jax.grad, the π/2 phase shift of sin, and Taylor polynomials."""

import math

import numpy as np
import pandas as pd
import streamlit as st

from calc_core import article
from calc_core import derivatives as d
from dashboard import ui
from dashboard.figures import derivatives as figs

ss = st.session_state
st.title("Higher-order derivatives")
st.markdown("`jax.grad` returns a function, so it can be differentiated again: $f''$ is the slope of $f'$, "
            "the curvature of $f$. Each order here is compiled once per function and kept.")
st.code("df = jax.grad(f)\nddf = jax.grad(df)\ndddf = jax.grad(ddf)", language="python")
c1, c2 = st.columns([3, 2])
with c1:
    f, _ = ui.formula_input("f(x) =", "ho_formula", "sin(x)")
with c2:
    a, b = st.slider("x range", -10.0, 10.0, value=(-6.3, 6.3), step=0.1, key="ho_range", bind=ui.SHARE)
if b - a < 0.1:
    b = a + 0.1
order = st.slider("Highest order n", 1, d.MAX_ORDER, value=3, key="ho_order", bind=ui.SHARE)

xs = d.grid(a, b)
stack = d.derivatives(f, order, xs)
st.plotly_chart(figs.higher_order_figure(xs, stack, f"f and its first {order} derivatives"), key="ho_chart",
                width="stretch")
if getattr(f, "text", "") == "sin(x)":
    st.markdown("For $\\sin$, each derivative is the previous curve shifted left by a quarter period: "
                "$\\frac{d^k}{dx^k}\\sin x = \\sin\\left(x + k\\frac{\\pi}{2}\\right)$, so "
                "sin → cos → −sin → −cos → sin.")
point = st.number_input("Evaluate at x =", value=article.SIN_POINT, step=0.1, format="%.4f", key="ho_point",
                        bind=ui.SHARE)
at_point = d.derivatives_at(f, order, [point])[:, 0]
st.dataframe(pd.DataFrame({"derivative": [figs.order_name(k) for k in range(order + 1)],
                           f"value at x = {point:.4f}": at_point.astype(np.float64)}),
             hide_index=True, key="ho_values")

st.subheader("Taylor polynomial")
st.latex(r"T_n(x) = \sum_{k=0}^{n} \frac{f^{(k)}(a)}{k!}\,(x - a)^k")
t1, t2 = st.columns(2)
ss["ho_center"] = min(max(ss.get("ho_center", article.SIN_POINT), a), b)
center = t1.slider("Centre a", a, b, step=(b - a) / 200, key="ho_center", bind=ui.SHARE)
degree = t2.slider("Degree", 0, d.MAX_ORDER, value=3, key="ho_degree", bind=ui.SHARE)
result = d.taylor(f, center, degree, xs)
st.plotly_chart(figs.taylor_figure(xs, stack[0], result, center, degree), key="ho_taylor", width="stretch")
near = np.abs(xs - center) <= 0.5
st.caption(f"Largest error within 0.5 of a: {float(np.nanmax(result.error[near])):.3g}. Near a the error "
           f"shrinks like |x − a|^{degree + 1} (the first term left out), so it is a straight line of slope "
           f"{degree + 1} on log–log axes; far from a the polynomial drifts away.")
st.caption("Coefficients f⁽ᵏ⁾(a)/k!: " + ", ".join(f"{c:.4g}" for c in result.coefficients)
           + f" (k! for k ≤ {degree}: " + ", ".join(str(math.factorial(k)) for k in range(degree + 1)) + ")")
ui.show_source(d.nth_derivative, d.derivative_on, d.taylor)
