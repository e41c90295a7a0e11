"""Gradient descent in 1-D: step by step on (x − 3)² + 1 or a typed f, and what the learning rate does."""

import numpy as np
import streamlit as st

from calc_core import article, descent, stability
from calc_core.expr import as_vector_function
from calc_core.pages.descent_1d import DescentView, descent_view
from dashboard.figures import descent_1d as figs
from dashboard.kit import chrome, inputs, links, predict
from dashboard.kit.page import PageSpec
from dashboard.kit.script import Values, render_script

STEP_CHOICES = (10, 20, 50, 100, 200)  # each compiles once
WARN = ("diverges", "no_minimum", "inflection", "maximum", "kink")  # finite runs that will not settle at a minimum
NOTES = {"no_minimum": "no minimum ahead: no step size converges", "inflection": "heading to an inflection "
         "point: no minimum there to converge to", "flat_minimum": "f″ = 0 at the minimum: no 2/λ bound",
         "kink": "a corner minimum: f″ does not exist there, no 2/λ bound", "maximum": "sitting on a maximum",
         "escapes": "f falls without bound: no step size converges", "left_domain": "a step left f's domain"}
ss = st.session_state


def set_lr(value: float) -> None:
    ss.d1_lr, ss.d1_k = value, ss.get("d1_steps", article.DESCENT_STEPS)


def controls():
    """The formula, x₀, the step count and η (all in the link); returns ``(g, x0, steps, lr)``."""
    left, middle, right = st.columns([3, 2, 2])
    with left:
        g, _ = inputs.formula_input("f(x) =", "d1_formula", article.DESCENT_FORMULA)
    with middle:
        x0 = st.number_input("Start x₀", value=article.DESCENT_X0, step=0.5, key="d1_x0",
                             bind=links.SHARE, min_value=-100.0,
                             max_value=100.0)
    with right:
        steps = st.select_slider("Steps", STEP_CHOICES, value=article.DESCENT_STEPS, key="d1_steps",
                                 bind=links.SHARE)
    lr = st.slider("Learning rate η", 0.001, 1.5, value=article.DESCENT_LR, step=0.001, key="d1_lr",
                   bind=links.SHARE, format="%.3f")
    return g, x0, steps, lr


def step_buttons(steps: int) -> int:
    """The η presets and Step / Reset / Run all; returns the step k on screen."""
    c1, c2, c3, c4, c5, c6 = st.columns(6)
    c1.button("Converge: η = 0.1", on_click=set_lr, args=(0.1,), key="d1_preset_converge")
    c2.button("Oscillate: η = 0.8", on_click=set_lr, args=(0.8,), key="d1_preset_oscillate")
    c3.button("Diverge: η = 1.2", on_click=set_lr, args=(1.2,), key="d1_preset_diverge")
    if c4.button("Step", icon=":material/skip_next:", key="d1_step"):
        ss.d1_k = min(ss.d1_k + 1, steps)
    if c5.button("Reset", icon=":material/restart_alt:", key="d1_reset"):
        ss.d1_k = 0
    if c6.button("Run all", icon=":material/fast_forward:", key="d1_all"):
        ss.d1_k = steps
    return min(ss.d1_k, steps)


def prediction(g, f, x0: float) -> bool:
    """Predict first: the divergence threshold 2/λ as a question; True while the answer is hidden."""
    if not predict.predict_mode("d1"):
        return False
    threshold = stability.divergence_threshold_1d(f, x0)
    if threshold is None:
        st.info("From this start, descent heads to no minimum with f″ > 0, so there is no learning rate "
                "threshold to predict here: try the article's (x − 3)² + 1.", icon=":material/info:")
        return False
    bound, target, lam = threshold
    hidden = not predict.guess_and_reveal(
        "d1", f"Your guess: above which learning rate η does descent from x₀ = {x0:g} diverge?", bound,
        (getattr(g, "text", ""), x0), "{:.3f}")
    if not hidden:
        st.caption(f"The run heads to x* ≈ {target:.4g} with λ = f″(x*) = {lam:.4g}: near x* each step "
                   f"multiplies the error by 1 − ηλ, which falls below −1 (the error grows) when η > 2/λ = "
                   f"{bound:.4g}. That "
                   "bound is local: far from x*, where f″ may be larger, a smaller η can already overshoot.")
    return hidden


def metrics(view: DescentView, steps: int, hidden: bool) -> None:
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Step k", f"{view.k} of {steps}")
    m2.metric("x_k", f"{view.current:.4f}")
    m3.metric("f(x_k)", f"{view.value_at_k:.4g}" if np.isfinite(view.value_at_k) else "diverged")
    m4.metric("Curvature λ = f″(x_k)", f"{view.curvature:.4g}" if not hidden else "?")


def verdict(view: DescentView, steps: int, hidden: bool) -> None:
    """What the run does (from all its iterates), or a placeholder while the prediction is open."""
    run, k = view.run, view.k
    if hidden:
        st.info("Predict first: the verdict on this learning rate and the stability chart appear after Reveal.",
                icon=":material/visibility_off:")
    elif run.diverged_at is not None:
        prefix = "" if run.diverged_at <= k else f"Ahead, after the step shown (k = {k}): "
        (st.error if run.diverged_at <= k else st.warning)(prefix + run.text, icon=":material/error:")
    elif run.kind in WARN:
        st.warning(run.text, icon=":material/warning:")
    else:
        st.info(run.text, icon=":material/info:")
    if not hidden:
        st.caption(f"Judged from all {steps} iterates and from f′ and f″ in float64 ahead of them; the curvature "
                   f"f″(x_k) = {view.curvature:.3g} at the current iterate alone cannot say where the run goes.")


def charts(view: DescentView, lr: float, hidden: bool) -> None:
    """The iterates on the curve, x_k against k, and (once revealed) η against the curvature."""
    left, right = st.columns(2)
    with left:
        fig = figs.descent_curve_figure(view.grid, view.curve, view.shown, view.values[: view.k + 1])
        chrome.plotly_chart(fig, key="d1_curve", width="stretch")
    with right:
        chrome.plotly_chart(figs.iterates_figure(view.shown, target=view.target), key="d1_iterates", width="stretch")
    positive = view.zone_curvature
    title = ("η against the curvature λ = f″(x*) at the minimum" if view.run.target is not None and positive else
             "η against the largest curvature on the run" if positive else "No 2/λ bound applies to this run")
    if not hidden:
        chrome.plotly_chart(figs.stability_figure(lr, positive, title=title, note=NOTES.get(view.run.kind)),
                        key="d1_stability", width="stretch")


def render() -> None:
    """Controls → one compiled descent run (calc_core.pages.descent_1d) → metrics, verdict and charts."""
    ss.setdefault("d1_k", article.DESCENT_STEPS)
    st.title("Gradient descent in 1-D")
    st.latex(r"x_{k+1} = x_k - \eta\, f'(x_k)")
    g, x0, steps, lr = controls()
    k = step_buttons(steps)
    f = as_vector_function(g, 1)
    view = descent_view(f, x0, lr, steps, k)
    ss.d1_iterate = view.current
    hidden = prediction(g, f, x0)
    metrics(view, steps, hidden)
    verdict(view, steps, hidden)
    charts(view, lr, hidden)
    st.markdown(r"Near a minimum $f(x) \approx f(x^*) + \tfrac{\lambda}{2}(x - x^*)^2$, so one step gives "
                r"$x_{k+1} - x^* = (1 - \eta\lambda)(x_k - x^*)$. For the article's $(x-3)^2 + 1$, $\lambda = 2$: "
                r"$\eta = 0.1$ multiplies the error by $0.8$ per step, and after 50 steps $x_{50} = 3 - 3\cdot 0.8^{50}"
                r"\approx 2.99996$.")
    chrome.show_source(PAGE, descent.run, stability.explain_run_1d)


def script(v: Values) -> str:
    """The view as a script (``PageSpec.script``)."""
    steps = v.choice("d1_steps", STEP_CHOICES, article.DESCENT_STEPS)
    return render_script(PAGE, {
        "FORMULA": v.formula("d1_formula", article.DESCENT_FORMULA),
        "X0": v.number("d1_x0", article.DESCENT_X0, -100.0, 100.0),
        "LEARNING_RATE": v.number("d1_lr", article.DESCENT_LR, 0.001, 1.5), "STEPS": steps,
        "SHOWN_STEP": v.integer("d1_k", article.DESCENT_STEPS, 0, 10**6)}, """
import numpy as np

from calc_core import descent, surfaces
from calc_core.expr import as_vector_function, parse_function
""", """
f = as_vector_function(parse_function(FORMULA), 1)
path = np.asarray(descent.run(f, [X0], "sgd", LEARNING_RATE, STEPS))[:, 0]  # x_0 ... x_STEPS (NaN once diverged)
losses = np.asarray(descent.losses(f, path[:, None]))
k = min(SHOWN_STEP, STEPS)
finite = path[: k + 1][np.isfinite(path[: k + 1])]
x_k = float(finite[-1]) if finite.size else X0
print("k =", k)
print("x_k =", x_k)
print("f(x_k) =", float(losses[k]))
print("curvature f''(x_k) =", float(surfaces.hessian(f, np.array([x_k], np.float32))[0, 0]))
print(f"x after all {STEPS} steps =", float(path[-1]))
""")


PAGE = PageSpec(
    slug="descent_1d",
    title="Gradient descent in 1-D",
    icon="trending_down",
    blurb="Step downhill: convergence, oscillation and divergence by learning rate.",
    prefixes=("d1",),
    links=("d1_lr", "d1_formula", "d1_x0", "d1_steps", "d1_predict"),
    script=script,
)


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
