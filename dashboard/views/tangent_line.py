"""Tangent line and tan θ: a tangent sliding along the curve in the browser, with its triangle Δx, Δy and θ."""

import math

import streamlit as st

from calc_core import article
from calc_core import derivatives as d
from calc_core.pages.tangent_line import tangent_view
from dashboard.figures import derivatives as figs
from dashboard.kit import chrome, inputs, links, predict
from dashboard.kit.page import PageSpec

PRESETS = {
    "sin(x)": ("sin(x)", (-2 * math.pi, 2 * math.pi)),
    "Distance curve 100·tanh(0.6x)": (article.DISTANCE_FORMULA, article.DISTANCE_RANGE),
    "x³ − 2x": ("x^3 - 2*x", (-2.0, 2.0)),
    "Descent loss (x − 3)² + 1": (article.DESCENT_FORMULA, (0.0, 6.0)),
    "Chain-rule example tanh(x)²": ("tanh(x)^2", (-3.0, 3.0)),
}
FRAMES = 120


def render() -> None:
    """A function and range → calc_core.derivatives.tangent_frames → the in-browser tangent animation."""
    st.title("Tangent line and tan θ")
    st.markdown("At every point the derivative is the slope of the tangent line, and a slope is $\\tan\\theta$: "
                "go $\\Delta x$ along, the tangent rises $\\Delta y = f'(x)\\,\\Delta x$. Press **Play** or drag "
                "the slider under the chart: the motion runs in your browser.")
    st.latex(r"\tan\theta = \frac{\Delta y}{\Delta x} = f'(x)")
    f, a, b = inputs.preset_function("tan", PRESETS, "x range", step=0.01)
    title = f"Tangent to f(x) = {f.text}" if hasattr(f, "text") else "Tangent"
    xs, ys, frames = tangent_view(f, a, b, FRAMES)
    hidden = False
    if predict.predict_mode("tan"):
        x0 = st.slider("The point x₀ of the question", a, b, value=round((a + b) / 2, 2), step=(b - a) / 200,
                       key="tan_x0", bind=links.SHARE)
        y0, slope = d.derivatives_at(f, 1, [x0])[:, 0]
        hidden = not predict.guess_and_reveal("tan", f"Your guess: the slope f′(x₀) of the tangent at x₀ = {x0:.3g}",
                                         float(slope), (title, a, b, x0), "{:.3f}")
    if hidden:
        fig = figs.point_question_figure(xs, ys, x0, float(y0), title)
    else:
        fig = figs.tangent_animation(xs, ys, frames, title)
    chrome.plotly_chart(fig, key="tan_chart", width="stretch")
    st.caption("θ is measured in the graph's own units (tan θ = Δy/Δx). The two axes have different scales, so the "
               "angle you see on screen is stretched; the number is the true one. Steeper tangent, larger |θ|, "
               "larger |f′|; a flat tangent (θ = 0) marks a peak, a valley or a flat spot.")
    chrome.show_source(PAGE, d.tangent_frames, d.values_and_slopes)


PAGE = PageSpec(
    slug="tangent_line",
    title="Tangent line and tan θ",
    icon="show_chart",
    blurb="A tangent sliding along the curve: slope = tan θ = f′(x).",
    prefixes=("tan",),
    links=("tan_preset", "tan_formula_[0-9]+", "tan_range_[0-9]+", "tan_predict", "tan_x0"),
)


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
