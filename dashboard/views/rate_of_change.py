"""Rate of change: the secant through x₀ and x₀ + Δx becomes the tangent as Δx → 0; finite differences break."""

import numpy as np
import streamlit as st

from calc_core import article
from calc_core import derivatives as d
from dashboard import ui
from dashboard.figures import derivatives as figs

STEPS = (2.0, 1.0, 0.5, 0.2, 0.1, 0.05, 0.01, 0.001)
ss = st.session_state

st.title("Rate of change")
st.markdown("The article's distance–time curve is steep between $t = 0$ and $2$ and flat between $3$ and $5$: "
            "its steepness is the velocity. Shrink $\\Delta x$ and the secant's slope becomes the derivative.")
st.latex(r"\frac{\Delta y}{\Delta x} = \frac{f(x_0 + \Delta x) - f(x_0)}{\Delta x}"
         r"\;\xrightarrow[\Delta x \to 0]{}\; f'(x_0)")
left, right = st.columns([3, 2])
with left:
    f, _ = ui.formula_input("f(x) =", "roc_formula", article.DISTANCE_FORMULA)
with right:
    a, b = st.slider("x range", -10.0, 10.0, value=article.DISTANCE_RANGE, step=0.5, key="roc_range",
                     bind=ui.SHARE)
if b <= a:
    st.warning("Choose a range with a left end below the right end.", icon=":material/warning:")
    b = a + 1.0
ss["roc_x0"] = min(max(ss.get("roc_x0", 1.0), a), b)  # keep x₀ inside a changed range
c1, c2 = st.columns(2)
x0 = c1.slider("x₀", a, b, step=(b - a) / 200, key="roc_x0", bind=ui.SHARE)
dx = c2.select_slider("Δx", STEPS, value=1.0, key="roc_dx", bind=ui.SHARE)

xs = d.grid(a, b)
ys, _ = d.values_and_slopes(f, xs)
sec = d.secant(f, x0, dx)
slope, exact = float(sec.slope), float(sec.derivative)
m1, m2, m3 = st.columns(3)
m1.metric("Secant slope Δy/Δx", f"{slope:.6g}")
m2.metric("f′(x₀) from jax.grad", f"{exact:.6g}")
m3.metric("Secant − tangent", f"{slope - exact:+.4g}")
if not np.isfinite(float(sec.y0)) or not np.isfinite(exact):
    st.warning(f"f is not defined (or not finite) at x₀ = {x0:.3g}: move x₀.", icon=":material/warning:")
fig = figs.secant_figure(np.asarray(xs), np.asarray(ys), x0, float(sec.y0), x0 + dx, float(sec.y1), slope,
                         exact, f"Secant over Δx = {dx:g} and tangent at x₀ = {x0:.3g}")
st.plotly_chart(fig, key="roc_secant", width="stretch")

st.subheader("Why not just take Δx tiny?")
st.markdown("The forward difference has a truncation error $\\approx \\tfrac{1}{2} f''\\,\\Delta x$, the central "
            "difference $\\approx \\tfrac{1}{6} f'''\\,\\Delta x^2$. But $f(x_0+\\Delta x) - f(x_0)$ subtracts two "
            "nearly equal numbers, and the rounding error $\\approx \\varepsilon |f| / \\Delta x$ grows as "
            "$\\Delta x$ shrinks ($\\varepsilon \\approx 10^{-7}$ in float32, $10^{-16}$ in float64). The error "
            "falls, then rises again. `jax.grad` differentiates the program exactly: it has no step, "
            "only the rounding of the arithmetic itself.")
errors = d.difference_errors(f, x0)
st.plotly_chart(figs.difference_error_figure(errors), key="roc_errors", width="stretch")
if np.isfinite(errors.reference):
    best32 = errors.steps[int(np.nanargmin(np.where(np.isfinite(errors.central32), errors.central32, np.inf)))]
    best64 = errors.steps[int(np.nanargmin(np.where(np.isfinite(errors.central64), errors.central64, np.inf)))]
    st.caption(f"Reference: f′(x₀) = {errors.reference:.15g} from jax.grad in float64. Best central step here: "
               f"Δx ≈ {best32:.0e} in float32, {best64:.0e} in float64. Errors of exactly 0 are drawn at "
               f"{figs.ERROR_FLOOR:g}.")
ui.show_source(d.secant, d.difference_errors)
