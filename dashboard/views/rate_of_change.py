"""Rate of change: the secant through x₀ and x₀ + Δx becomes the tangent as Δx → 0; finite differences break."""

import numpy as np
import streamlit as st

from calc_core import article
from calc_core import derivatives as d
from calc_core.pages.rate_of_change import difference_view, secant_view
from dashboard.figures import derivatives as figs
from dashboard.kit import chrome, inputs, links
from dashboard.kit.page import PageSpec
from dashboard.kit.script import Values, render_script

STEPS = (2.0, 1.0, 0.5, 0.2, 0.1, 0.05, 0.01, 0.001)
DOES_NOT_EXIST = {"kink": "does not exist", "infinite": "infinite", "one-sided": "one-sided only",
                  "undefined": "f undefined"}
ss = st.session_state


def slope_words(name: str, value: float) -> str:
    """One side's slope in words: a number, growing without bound (±inf), or f not defined there (nan)."""
    if np.isnan(value):
        return f"from the {name} f is not defined"
    if np.isinf(value):
        return f"the slope from the {name} grows without bound ({'+' if value > 0 else '−'}∞)"
    return f"the slope from the {name} is {value:.4g}"


def derivative_notes(side: d.OneSided, exact: float, x0: float) -> list[str]:
    """What to say when f′(x₀) does not exist, is infinite, or jax.grad's number is not the derivative."""
    at = f"x₀ = {x0:.4g}"
    grad = f"jax.grad gives {exact:.4g} here" if np.isfinite(exact) else f"jax.grad gives {exact} here"
    sides = f"{slope_words('left', side.left)}; {slope_words('right', side.right)}"
    if side.state == "undefined":
        return [f"f is not defined (or not finite) at {at}: move x₀."]
    if side.state == "kink":
        return [f"f has a corner at {at}: {sides}. f′(x₀) does not exist there. {grad}: that is JAX's "
                "convention for abs, relu, maximum at a tie, not a derivative."]
    if side.state == "infinite":
        return [f"f({x0:.4g}) = {side.value:.4g} is defined, but f′ is infinite at {at} (a vertical tangent): "
                f"{sides}. {grad}."]
    if side.state == "one-sided":
        return [f"f is defined on one side of {at} only: {sides}. Only a one-sided derivative exists there; "
                f"{grad}."]
    if not np.isfinite(exact):
        return [f"Both one-sided slopes are {side.right:.4g}, but {grad} (its chain rule met 0·∞ or an "
                "overflow): read the slope from the secants."]
    return []


def secant_notes(sec: d.Secant, slope: float, x0: float, dx: float) -> list[str]:
    """Words for a secant slope that is not a finite number."""
    if np.isfinite(slope) or not np.isfinite(float(sec.y0)):
        return []
    end = float(sec.y1)
    why = "not defined" if np.isnan(end) else "infinite (or too large for float32)"
    return [f"The secant slope is not a finite number ({d.number_state(slope)}): f(x₀ + Δx) = f({x0 + dx:.4g}) "
            f"is {why}. Choose another Δx or x₀."]


def controls():
    """The formula, the x range, x₀ (kept inside the range) and Δx; returns ``(f, a, b, x0, dx)``."""
    left, right = st.columns([3, 2])
    with left:
        f, _ = inputs.formula_input("f(x) =", "roc_formula", article.DISTANCE_FORMULA)
    with right:
        a, b = st.slider("x range", -10.0, 10.0, value=article.DISTANCE_RANGE, step=0.5, key="roc_range",
                         bind=links.SHARE)
    if b <= a:
        st.warning("Choose a range with a left end below the right end.", icon=":material/warning:")
        b = a + 1.0
    ss["roc_x0"] = min(max(ss.get("roc_x0", 1.0), a), b)  # keep x₀ inside a changed range
    c1, c2 = st.columns(2)
    x0 = c1.slider("x₀", a, b, step=(b - a) / 200, key="roc_x0", bind=links.SHARE)
    dx = c2.select_slider("Δx", STEPS, value=1.0, key="roc_dx", bind=links.SHARE)
    return f, a, b, x0, dx


def secant_section(f, a: float, b: float, x0: float, dx: float) -> bool:
    """The secant against the tangent: metrics, notes and chart; returns whether f′(x₀) exists."""
    view = secant_view(f, a, b, x0, dx)
    sec, slope, exact, side, exists = view.secant, view.slope, view.exact, view.side, view.exists
    m1, m2, m3 = st.columns(3)
    m1.metric("Secant slope Δy/Δx", f"{slope:.6g}" if np.isfinite(slope) else "not finite")
    m2.metric("f′(x₀) from jax.grad", f"{exact:.6g}" if exists else DOES_NOT_EXIST[side.state]
              if side.state != "differentiable" else "not finite")
    m3.metric("Secant − tangent", f"{view.gap:+.4g}" if view.gap is not None else "—")
    for message in derivative_notes(side, exact, x0) + secant_notes(sec, slope, x0, dx):
        st.warning(message, icon=":material/warning:")
    sides = view.sides
    fig = figs.secant_figure(view.xs, view.ys, x0, float(sec.y0), x0 + dx, float(sec.y1), slope,
                             exact if exists else float("nan"),
                             f"Secant over Δx = {dx:g} and tangent at x₀ = {x0:.3g}", sides=sides)
    chrome.plotly_chart(fig, key="roc_secant", width="stretch")
    return exists


def difference_section(f, x0: float, exists: bool) -> None:
    """Forward and central difference errors against Δx in float32 and float64."""
    st.subheader("Why not just take Δx tiny?")
    st.markdown("The forward difference has a truncation error $\\approx \\tfrac{1}{2} f''\\,\\Delta x$, the central "
                "difference $\\approx \\tfrac{1}{6} f'''\\,\\Delta x^2$. But $f(x_0+\\Delta x) - f(x_0)$ subtracts two "
                "nearly equal numbers, and the rounding error $\\approx \\varepsilon |f| / \\Delta x$ grows as "
                "$\\Delta x$ shrinks ($\\varepsilon \\approx 10^{-7}$ in float32, $10^{-16}$ in float64). The error "
                "falls, then rises again. `jax.grad` differentiates the program exactly: it has no step, "
                "only the rounding of the arithmetic itself.")
    view = difference_view(f, x0)
    errors = view.errors
    chrome.plotly_chart(figs.difference_error_figure(errors), key="roc_errors", width="stretch")
    if not exists:
        st.caption("No reference value: f′(x₀) does not exist here, so the errors above are measured against "
                   "jax.grad's value, which is not a derivative at this point.")
    elif np.isfinite(errors.reference):
        best32, best64 = view.best32, view.best64
        st.caption(f"Reference: f′(x₀) = {errors.reference:.15g} from jax.grad in float64. Best central step here: "
                   f"Δx ≈ {best32:.0e} in float32, {best64:.0e} in float64. Errors of exactly 0 are drawn at "
                   f"{figs.ERROR_FLOOR:g}.")


def render() -> None:
    """f, range, x₀ and Δx → calc_core.derivatives → the secant chart and the finite-difference errors."""
    st.title("Rate of change")
    st.markdown("The article's distance–time curve is steep between $t = 0$ and $2$ and flat between $3$ and $5$: "
                "its steepness is the velocity. Shrink $\\Delta x$ and the secant's slope becomes the derivative.")
    st.latex(r"\frac{\Delta y}{\Delta x} = \frac{f(x_0 + \Delta x) - f(x_0)}{\Delta x}"
             r"\;\xrightarrow[\Delta x \to 0]{}\; f'(x_0)")
    f, a, b, x0, dx = controls()
    exists = secant_section(f, a, b, x0, dx)
    difference_section(f, x0, exists)
    chrome.show_source(PAGE, d.secant, d.difference_errors)


def script(v: Values) -> str:
    """The view as a script (``PageSpec.script``)."""
    a, b = v.pair("roc_range", article.DISTANCE_RANGE, -10.0, 10.0)
    if b <= a:
        b = a + 1.0
    x0 = min(max(v.number("roc_x0", 1.0), a), b)
    return render_script(PAGE, {
        "FORMULA": v.formula("roc_formula", article.DISTANCE_FORMULA), "X0": x0,
        "DX": v.choice("roc_dx", STEPS, 1.0)}, """
from calc_core import derivatives as d
from calc_core.expr import parse_function
""", """
f = parse_function(FORMULA)
sec = d.secant(f, X0, DX)  # the secant through x0 and x0 + dx, and jax.grad(f)(x0)
print("secant slope dy/dx =", float(sec.slope))
print("f'(x0) from jax.grad =", float(sec.derivative))
print("secant - tangent =", float(sec.slope) - float(sec.derivative))
""")


PAGE = PageSpec(
    slug="rate_of_change",
    title="Rate of change",
    icon="speed",
    blurb="Secant to tangent: Δy/Δx as Δx → 0, and why finite differences break down.",
    prefixes=("roc",),
    links=("roc_x0", "roc_dx", "roc_formula", "roc_range"),
    script=script,
)


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
