"""Minima and maxima: every critical point on an interval, found from f′ = 0 and classified by f″ (and beyond)."""

import pandas as pd
import streamlit as st

from calc_core import critical
from calc_core import derivatives as d
from dashboard import ui
from dashboard.figures import derivatives as figs

PRESETS = {"x³ − 2x": ("x^3 - 2*x", (-2.0, 2.0)), "x³ (f′ touches 0)": ("x^3", (-2.0, 2.5)),
           "x⁴ (f″ = 0, still a minimum)": ("x^4", (-2.0, 2.0)), "sin(x)": ("sin(x)", (-7.0, 7.0)),
           "Distance curve (none inside)": ("100*tanh(0.6*x)", (0.0, 5.0)),
           "x·exp(−x²)": ("x*exp(-x^2)", (-3.0, 3.0))}



def describe_end(end: critical.EndPoint, left: bool) -> str:
    side = "left" if left else "right"
    if end.kind == "flat":
        return f"the {side} end x = {end.x:.4g}: f′ ≈ 0 there, so the end is itself a critical point"
    way = "rises" if end.slope > 0 else "falls"
    return (f"the {side} end x = {end.x:.4g} (f′ = {end.slope:.3g}: f {way} there), a {end.kind} of f on "
            f"the interval")


st.title("Minima and maxima")
st.markdown("Where the tangent is flat, $f'(x) = 0$: a candidate minimum or maximum. The sign of $f''$ "
            "decides — and when $f'' = 0$ the first non-zero higher derivative does (even order: an extremum; "
            "odd order: an inflection point).")
st.latex(r"f'(x^*) = 0,\quad f''(x^*) > 0 \Rightarrow \text{minimum},\quad f''(x^*) < 0 \Rightarrow "
         r"\text{maximum}")
f, a, b = ui.preset_function("ext", PRESETS, "Interval [a, b]", step=0.1)

found = critical.critical_points(f, a, b)
xs = d.grid(a, b)
fig = figs.extrema_figure(xs, d.derivatives(f, 2, xs), found)
st.plotly_chart(fig, key="ext_chart", width="stretch")

if found.constant:
    st.info("f′ = 0 everywhere: f is constant, so every point is both a minimum and a maximum.",
            icon=":material/info:")
elif not found.points:
    st.info(f"No critical point on [{a:.3g}, {b:.3g}]: f′ is never 0 inside the interval.",
            icon=":material/info:")
else:
    st.dataframe(pd.DataFrame({
        "x": [p.x for p in found.points], "f(x)": [p.y for p in found.points],
        "f″(x)": [p.second for p in found.points], "kind": [p.kind for p in found.points],
        "decided by": [figs.order_name(p.order) if p.order else "nothing up to f⁽⁶⁾" for p in found.points],
        "found as": [p.found_by for p in found.points]}), hide_index=True, key="ext_table")
for start, end in found.flats:
    st.info(f"f′ = 0 on the whole stretch [{start:.3g}, {end:.3g}]: every point there is critical.",
            icon=":material/info:")
for x in found.jumps:
    st.warning(f"Near x = {x:.4g}, f′ changes sign without passing through 0: a corner or a break, where f′ "
               "does not exist. Look at the curve there.", icon=":material/warning:")
if found.truncated:
    st.warning(f"More than {d.POINT_BATCH} candidates: only the first were refined. Narrow the interval.",
               icon=":material/warning:")
st.markdown(f"**The interval's ends count too.** On a closed interval the smallest and largest values can sit "
            f"at an end, where f′ need not be 0: {describe_end(found.ends[0], True)}; "
            f"{describe_end(found.ends[1], False)}.")
st.markdown(f"Smallest f on [{a:.3g}, {b:.3g}]: at x = {found.lowest:.4g}. Largest: at x = {found.highest:.4g}.")
if figs.count_nonfinite(d.derivatives(f, 0, xs)):
    st.warning("f is undefined or infinite somewhere on this interval, so it may have no largest or smallest "
               "value there at all.", icon=":material/warning:")
st.caption(f"Method: f′ on {critical.SCAN_POINTS} points; sign changes and touching zeros (local minima of |f′| "
           "near 0) refined by Newton's method with bisection as a safeguard; kept when f′ ≈ 0.")
ui.show_source(critical.critical_points, critical.classify)
