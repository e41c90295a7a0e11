"""Minima and maxima: every critical point on an interval, found from f′ = 0 and classified by f″ (and beyond)."""

import numpy as np
import pandas as pd
import streamlit as st

from calc_core import critical
from calc_core import derivatives as d
from calc_core.pages.extrema import extrema_curves, extrema_view, value_size
from dashboard.figures import derivatives as figs
from dashboard.kit import chrome, inputs, predict
from dashboard.kit.page import PageSpec
from dashboard.kit.script import Values, preset_values, render_script

PRESETS = {"x³ − 2x": ("x^3 - 2*x", (-2.0, 2.0)), "x³ (f′ touches 0)": ("x^3", (-2.0, 2.5)),
           "x⁴ (f″ = 0, still a minimum)": ("x^4", (-2.0, 2.0)), "sin(x)": ("sin(x)", (-7.0, 7.0)),
           "Distance curve (none inside)": ("100*tanh(0.6*x)", (0.0, 5.0)),
           "x·exp(−x²)": ("x*exp(-x^2)", (-3.0, 3.0))}


def fmt_x(x: float, a: float, b: float) -> str:
    """x to 4 significant digits; a value within float32 rounding of 0 on this interval reads as 0."""
    return "0" if abs(x) < 1e-6 * (b - a) else f"{x:.4g}"


def fmt_y(y: float, ext: critical.Extrema) -> str:
    """f to 4 significant digits; below float32 rounding of f's size on the interval it reads as 0."""
    return "0" if abs(y) < 1e-9 * value_size(ext) else f"{y:.4g}"


def describe_end(end: critical.EndPoint, left: bool, a: float, b: float) -> str:
    side, x = ("left" if left else "right"), fmt_x(end.x, a, b)
    if end.kind == "undefined":
        return f"f is not defined at the {side} end x = {x}"
    away = {"local minimum": "f rises away from it: a local minimum of f on the interval",
            "local maximum": "f falls away from it: a local maximum of f on the interval",
            "level": "f stays level next to it"}[end.kind]
    if end.slope_state == "flat":
        return f"the {side} end x = {x}: f′ ≈ 0 there, so the end is itself a critical point; {away}"
    if end.slope_state == "undefined":
        return (f"the {side} end x = {x}: f({x}) = {end.y:.4g} is defined, but f′ does not exist there "
                f"(jax.grad gives {end.slope}, not a slope); {away}")
    way = "rises" if end.slope > 0 else "falls"
    return f"the {side} end x = {x} (f′ = {end.slope:.3g}: f {way} there), a {end.kind} of f on the interval"


def kind_label(found: critical.Extrema, p: critical.CriticalPoint) -> str:
    """The table's words for a critical point: local or global, and unsure when f's values disagree."""
    label = p.kind
    if p.kind in ("minimum", "maximum"):
        role = critical.role(found, p.x)
        label = role if role.startswith("global") and p.kind in role else f"local {p.kind}"
    return label if p.sure else f"{label}? (unsure: f's values next to it disagree)"


def describe_extreme(found: critical.Extrema, ext: critical.Extreme, word: str, a: float, b: float
                     ) -> tuple[str, bool]:
    """A sentence on the smallest or largest value, and whether it is a hedge (shown as a warning)."""
    where = " and ".join(f"x = {fmt_x(x, a, b)}" for x in ext.xs)
    equal = " (equal values)" if len(ext.xs) > 1 else ""
    if ext.reason == "none":
        return f"f has no finite value on [{a:.3g}, {b:.3g}], so no {word} value.", True
    if ext.reason == "scan":
        return (f"Unsure about the {word} value: a scan of f found f ≈ {ext.y:.4g} near {where}, beyond every "
                "critical point, corner and end. f may have no " + word + " value here (it may run off "
                "without bound near a pole), or a point was missed. Look at the curve.", True)
    if ext.reason == "undefined":
        return (f"Unsure about the {word} value: where f is defined, the {word} value found is f = "
                f"{ext.y:.4g} at {where}{equal}, but f is undefined or infinite somewhere on this interval, so it "
                f"may have no {word} value at all.", True)
    value = fmt_y(ext.y, found)
    return f"{word.capitalize()} f on [{a:.3g}, {b:.3g}]: f = {value} at {where}{equal}.", False


def prediction(f, found: critical.Extrema, a: float, b: float) -> bool:
    """Predict first: where is f smallest? True while the answer is hidden."""
    if not predict.predict_mode("ext"):
        return False
    lowest = found.minimum
    if found.constant or not lowest.sure or len(lowest.xs) != 1:
        st.info("Here the smallest value is not one point that can be told for sure (a constant f, a tie, or "
                "f undefined somewhere): try another function for a prediction.", icon=":material/info:")
        return False
    return not predict.guess_and_reveal("ext", f"Your guess: at which x in [{a:.3g}, {b:.3g}] is f smallest?",
                                   lowest.xs[0], (getattr(f, "text", ""), a, b), "{:.3f}")


def points_table(f, found: critical.Extrema, a: float, b: float) -> None:
    """The critical points with f″, their kind and how each was found (or why there are none)."""
    if found.constant:
        st.info("f′ = 0 everywhere: f is constant, so every point is both a minimum and a maximum.",
                icon=":material/info:")
    elif not found.points:
        st.info(f"No critical point on [{a:.3g}, {b:.3g}]: f′ is never 0 inside the interval.",
                icon=":material/info:")
    else:
        st.dataframe(pd.DataFrame({
            "x": [p.x for p in found.points], "f(x)": [p.y for p in found.points],
            "f″(x)": [f"{p.second:.4g}" if np.isfinite(p.second) else "undefined" for p in found.points],
            "kind": [kind_label(found, p) for p in found.points],
            "decided by": [figs.order_name(p.order) if p.order else
                           f"nothing up to {figs.order_name(d.highest_order(f))}" for p in found.points],
            "found as": [p.found_by for p in found.points]}), hide_index=True, key="ext_table")


def special_points(found: critical.Extrema, a: float, b: float) -> None:
    """Flat stretches, corners, points where f′ does not exist, and a truncated search."""
    for start, end in found.flats:
        st.info(f"f′ = 0 on the whole stretch [{start:.3g}, {end:.3g}]: every point there is critical.",
                icon=":material/info:")
    for x in found.jumps:
        st.warning(f"Near x = {fmt_x(x, a, b)}, f′ changes sign without passing through 0: a corner or a break, "
                   "where f′ does not exist. Such a point can be a minimum or maximum too: it is compared below.",
                   icon=":material/warning:")
    for x in found.singular[:3]:
        st.warning(f"At x = {fmt_x(x, a, b)}, f is defined but f′ is not (jax.grad gives inf or nan there, not a "
                   "slope): a vertical tangent or a cusp. It is compared below too.", icon=":material/warning:")
    if found.truncated:
        st.warning(f"More than {d.POINT_BATCH} candidates: only the first were refined. Narrow the interval.",
                   icon=":material/warning:")


def ends_and_extremes(found: critical.Extrema, a: float, b: float) -> None:
    """The interval's ends, the smallest and largest values, and the method."""
    st.markdown(f"**The interval's ends count too.** On a closed interval the smallest and largest values can sit "
                f"at an end, where f′ need not be 0: {describe_end(found.ends[0], True, a, b)}; "
                f"{describe_end(found.ends[1], False, a, b)}.")
    for ext, word in () if found.constant else ((found.minimum, "smallest"), (found.maximum, "largest")):
        sentence, hedge = describe_extreme(found, ext, word, a, b)
        if hedge:
            st.warning(sentence, icon=":material/warning:")
        else:
            st.markdown(sentence)
    st.caption(f"Method: f′ on {critical.SCAN_POINTS} points; sign changes and touching zeros (local minima of |f′| "
               "near 0) refined by Newton's method with bisection as a safeguard; kept when f′ ≈ 0 next to the "
               "size of f′ near the point. The smallest and largest values compare the ends, critical points, corners "
               f"and points where f′ is undefined, checked against f on {critical.VALUE_POINTS} points in float64.")


def render() -> None:
    """f and [a, b] → calc_core.critical.critical_points → chart, table and sentences."""
    st.title("Minima and maxima")
    st.markdown("Where the tangent is flat, $f'(x) = 0$: a candidate minimum or maximum. The sign of $f''$ "
                "decides — and when $f'' = 0$ the first non-zero higher derivative does (even order: an extremum; "
                "odd order: an inflection point).")
    st.latex(r"f'(x^*) = 0,\quad f''(x^*) > 0 \Rightarrow \text{minimum},\quad f''(x^*) < 0 \Rightarrow "
             r"\text{maximum}")
    f, a, b = inputs.preset_function("ext", PRESETS, "Interval [a, b]", step=0.1)
    found, xs = extrema_view(f, a, b)
    if prediction(f, found, a, b):
        curve = extrema_curves(f, xs, hidden=True)
        chrome.plotly_chart(figs.higher_order_figure(xs, curve, "f(x): where is it smallest?"), key="ext_chart",
                        width="stretch")
        st.info("Predict first: the critical points, the ends and the answer appear after Reveal.",
                icon=":material/visibility_off:")
    else:
        chrome.plotly_chart(figs.extrema_figure(xs, extrema_curves(f, xs, hidden=False), found), key="ext_chart",
                        width="stretch")
        points_table(f, found, a, b)
        special_points(found, a, b)
        ends_and_extremes(found, a, b)
    chrome.show_source(PAGE, critical.critical_points, critical.classify)


def script(v: Values) -> str:
    """The view as a script (``PageSpec.script``)."""
    formula, a, b = preset_values(v, PRESETS, "ext")
    return render_script(PAGE, {"FORMULA": formula, "A": a, "B": b}, """
from calc_core import critical
from calc_core.expr import parse_function
""", """
found = critical.critical_points(parse_function(FORMULA), A, B)  # f' = 0 on [A, B], classified


def label(p):  # the page's words: a minimum or maximum is global when f reaches its extreme there
    kind = p.kind
    if kind in ("minimum", "maximum"):
        role = critical.role(found, p.x)
        kind = role if role.startswith("global") and p.kind in role else f"local {p.kind}"
    return kind if p.sure else f"{kind}? (unsure: f's values next to it disagree)"


for i, p in enumerate(found.points):
    print(f"critical point {i}: x =", p.x)
    print(f"critical point {i}: f(x) =", p.y)
    print(f"critical point {i}: kind =", label(p))
print("smallest f at x =", *found.minimum.xs)
print("largest f at x =", *found.maximum.xs)
print("smallest and largest sure =", found.minimum.sure and found.maximum.sure)
""")


PAGE = PageSpec(
    slug="extrema",
    title="Minima and maxima",
    icon="landscape",
    blurb="Every critical point on an interval: f′ = 0, classified by f″.",
    prefixes=("ext",),
    links=("ext_preset", "ext_formula_[0-9]+", "ext_range_[0-9]+", "ext_predict"),
    script=script,
)


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
