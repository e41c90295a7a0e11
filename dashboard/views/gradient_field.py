"""Partial derivatives and the gradient field: slices through a point, then optimizers racing downhill."""

import numpy as np
import streamlit as st

from calc_core import article, descent, optimizers, stability, surfaces
from calc_core.expr import as_vector_function
from calc_core.pages.gradient_field import PartialView, RaceView, partial_view, race_view, surface_view
from dashboard.figures import descent_1d as descent_figs
from dashboard.figures import optimization as figs
from dashboard.kit import chrome, guard, inputs, links
from dashboard.kit.page import PageSpec
from dashboard.kit.script import Values, render_script

STEP_CHOICES = (50, 100, 200, 500)
ARROWS, SHADE = 24, 128  # arrow grid and background-image resolution: light enough to resend on every change
TYPED = "typed"
ss = st.session_state


def reset_defaults() -> None:
    """A new surface starts from its own default start point and learning rates."""
    s = surfaces.PRESETS.get(ss.gf_surface, surfaces.TYPED_DEFAULT)
    ss.gf_sx, ss.gf_sy, ss.gf_lr, ss.gf_adam_lr, ss.gf_steps = (*s.start, s.lr, s.adam_lr, s.steps)


def pick(chart_key: str, x_key: str, y_key: str) -> None:
    """Click-to-pick: the selected point of the transparent marker grid becomes the point (or start)."""
    points = ss[chart_key].selection.points
    if points:
        ss[x_key], ss[y_key] = round(float(points[0]["x"]), 2), round(float(points[0]["y"]), 2)


def surface_choice() -> tuple[str, object, surfaces.Surface]:
    """The surface (a preset, or a typed formula); returns ``(choice, f, preset)``."""
    names = {**{key: s.title for key, s in surfaces.PRESETS.items()}, TYPED: "Your formula"}
    if "gf_surface" not in ss:  # first visit: start from the surface a shared link names (by its title), if any
        linked = {title: key for key, title in names.items()}.get(st.query_params.get("gf_surface", ""))
        ss.gf_surface = linked or "saddle"
        reset_defaults()
    ss.setdefault("gf_px", 1.0)
    ss.setdefault("gf_py", 2.0)
    choice = st.selectbox("Surface", list(names), format_func=links.labelled("gf_surface", names.get),
                          key="gf_surface", bind=links.SHARE, on_change=reset_defaults)
    preset = surfaces.PRESETS.get(choice, surfaces.TYPED_DEFAULT)
    if choice == TYPED:
        g, _ = inputs.formula_input("f(x, y) =", "gf_formula", "sin(x)*cos(y) + 0.1*(x^2 + y^2)", ("x", "y"))
        return choice, as_vector_function(g, 2), preset
    st.latex(f"f(x, y) = {preset.latex}")
    return choice, preset.f, preset


# Each tab is a fragment: a control in one tab reruns (and resends) only that tab's charts.
@st.fragment
@guard.guarded("Partial derivatives")
def partial_derivatives(f, box, field, shade) -> None:
    """A point, the gradient there, and the two slices whose slopes are the partial derivatives."""
    a, b = st.columns(2)
    px = a.number_input("x", key="gf_px", bind=links.SHARE, step=0.1, min_value=box[0][0], max_value=box[0][1])
    py = b.number_input("y", key="gf_py", bind=links.SHARE, step=0.1, min_value=box[1][0], max_value=box[1][1])
    view = partial_view(f, px, py)
    grad, check = view.grad, view.check
    st.latex(rf"\nabla f({px:g}, {py:g}) = \left[\tfrac{{\partial f}}{{\partial x}},\ "
             rf"\tfrac{{\partial f}}{{\partial y}}\right] = [{grad[0]:.4g},\ {grad[1]:.4g}]")
    st.caption(f"jax.grad gives [{grad[0]:.5g}, {grad[1]:.5g}]; central finite differences in float64 give "
               f"[{check[0]:.5g}, {check[1]:.5g}]. Click the chart to move the point.")
    guard.warn_if_not_finite("The gradient ∇f", grad, check)
    slice_charts(view, field, shade)
    st.markdown(r"$\partial f/\partial x$ is the slope of the slice where $y$ is held fixed, and "
                r"$\partial f/\partial y$ the slope where $x$ is held fixed. The gradient points uphill, "
                r"steepest; descent steps along $-\nabla f$.")


def slice_charts(view: PartialView, field: surfaces.Field, shade) -> None:
    """The field with the point (click to move it) and the slices along x and y with their tangents."""
    point, grad, value = view.point, view.grad, view.value
    px, py = (float(v) for v in point)
    xs, along_x, ys, along_y = view.xs, view.along_x, view.ys, view.along_y
    left, middle, right = st.columns([5, 4, 4])
    with left:
        fig = figs.field_figure(field, {}, point,
                                title="Click to move the point", height=460, z_fine=shade,
                                marker_name=f"point ({point[0]:.2f}, {point[1]:.2f})")
        chrome.plotly_chart(fig, key="gf_point_chart", width="stretch", on_select=lambda: pick(
            "gf_point_chart", "gf_px", "gf_py"), selection_mode="points")
    with middle:
        fig = figs.slice_figure(xs, along_x, px, value, float(grad[0]), "x", f"y = {py:g}")
        chrome.plotly_chart(fig, key="gf_slice_x", width="stretch")
    with right:
        fig = figs.slice_figure(ys, along_y, py, value, float(grad[1]), "y", f"x = {px:g}")
        chrome.plotly_chart(fig, key="gf_slice_y", width="stretch")


def race_controls(box) -> tuple[tuple[float, float], float, float, int, list[str]]:
    """Start, learning rates, steps and optimizers (all in the link); returns ``((sx, sy), lr, adam_lr, steps,
    chosen)``."""
    c1, c2, c3, c4, c5 = st.columns(5)
    sx = c1.number_input("start x", key="gf_sx",
                         bind=links.SHARE, step=0.1, min_value=box[0][0], max_value=box[0][1])
    sy = c2.number_input("start y", key="gf_sy",
                         bind=links.SHARE, step=0.1, min_value=box[1][0], max_value=box[1][1])
    lr = c3.number_input("lr (gradient descent, momentum, Nesterov)", key="gf_lr",
                         bind=links.SHARE, min_value=1e-5, max_value=2.0,
                         step=0.001, format="%.4f")
    adam_lr = c4.number_input("lr (Adam)", key="gf_adam_lr",
                              bind=links.SHARE, min_value=1e-4, max_value=2.0, step=0.01,
                              format="%.3f")
    steps = c5.select_slider("Steps", STEP_CHOICES, key="gf_steps", bind=links.SHARE)
    legacy = old_link_optimizers()
    chosen = st.multiselect("Optimizers (Newton takes full steps: lr = 1)", descent.OPTIMIZER_NAMES,
                            default=list(descent.OPTIMIZER_NAMES), format_func=links.labelled("gf_optimizers", figs.OPTIMIZER_LABELS.get),
                            key="gf_optimizers", bind=links.SHARE)
    if missing := [name for name in legacy if name not in chosen]:  # apply them on the next run
        ss.gf_optimizers_from_link = [n for n in descent.OPTIMIZER_NAMES if n in chosen or n in missing]
        st.rerun()
    return (sx, sy), lr, adam_lr, steps, chosen


def divergence_errors(diverged: dict[str, tuple[int, str]]) -> None:
    """One error per optimizer whose run diverged: at which step, and why."""
    for name, (step, why) in diverged.items():
        st.error(f"{figs.OPTIMIZER_LABELS[name]} diverged at step {step} (|x| passed "
                 f"{descent.ITERATE_BOUND:g} or f stopped being finite): {why} Its path stops there.",
                 icon=":material/error:")


@st.fragment
@guard.guarded("Gradient field and descent")
def gradient_field_and_descent(f, box, field, shade, choice: str) -> None:
    """The −∇f arrows, the optimizers' paths from a start, their losses and the curvature there."""
    (sx, sy), lr, adam_lr, steps, chosen = race_controls(box)
    race = race_view(f, sx, sy, lr, adam_lr, steps, chosen)
    paths, losses = race.paths, race.losses
    divergence_errors(race.diverged)
    stability_chart = (stability_view(race.report, lr) if race.report is not None
                       else descent_figs.stability_figure(lr, None, note="f is not finite at the start"))
    race_charts(race, field, shade, (sx, sy), stability_chart)
    if choice == "saddle":
        st.warning(saddle_warning(surfaces.classify_critical_point(f, np.zeros(2))), icon=":material/warning:")
    update_rules()
    with st.expander("3-D view of the surface and the paths", icon=":material/view_in_ar:"):
        # built and sent only when asked for: a WebGL redraw on every control change would cost seconds
        if st.toggle("Show the 3-D view", key="gf_show_3d"):
            mesh = surfaces.field(f, *box, n=40)
            chrome.plotly_chart(figs.surface_3d_figure(mesh, paths, losses),
                            key="gf_surface_3d", width="stretch")


def race_charts(race: RaceView, field: surfaces.Field, shade, start_xy: tuple[float, float],
                stability_chart) -> None:
    """The field with the racing paths (click to start elsewhere), the Hessian at the start, stability and loss."""
    start, lam, paths, losses = race.start, race.lam, race.paths, race.losses
    chart, side = st.columns([3, 2])
    with chart:
        fig = figs.field_figure(field, paths, start, z_fine=shade)
        chrome.plotly_chart(fig, key="gf_field_chart", width="stretch", selection_mode="points",
                        on_select=lambda: pick("gf_field_chart", "gf_sx", "gf_sy"))
        st.caption("Click anywhere on the chart to start there; press Play to race. Arrows: −∇f, their "
                   "length grows like √|∇f| so small gradients stay visible.")
    with side:
        if guard.warn_if_not_finite("The Hessian at the start", lam):
            kind = race.kind
            st.markdown(f"**Hessian at the start** $({start_xy[0]:g}, {start_xy[1]:g})$  \n"
                        f"$\\lambda_1 = {lam[0]:.4g}$, $\\lambda_2 = {lam[1]:.4g}$: curved like a **{kind}** here.")
        chrome.plotly_chart(stability_chart, key="gf_stability", width="stretch")
        chrome.plotly_chart(figs.loss_figure(losses), key="gf_loss_chart", width="stretch")


def saddle_warning(kind: str) -> str:
    """The article's wrong claim about the saddle, corrected with ``calc_core.article``'s Hessian and eigenvalues;
    ``kind`` is what the second-derivative test says about the origin."""
    matrix = r"\\ ".join(" & ".join(f"{v:g}" for v in row) for row in article.SADDLE_HESSIAN)
    high, low = sorted(article.SADDLE_EIGENVALUES, reverse=True)
    dx, dy = article.SADDLE_ESCAPE_DIRECTION
    down, up = f"({dx:g}, {dy:g})", f"({-dy:g}, {dx:g})"  # the escape direction and the one across it
    return (r"The article says these arrows *all point toward the minimum*. There is no minimum: at "
            rf"$(0, 0)$ the Hessian $\begin{{bmatrix}}{matrix}\end{{bmatrix}}$ has eigenvalues ${high:g}$ and "
            rf"${low:g}$, so the origin is a **{kind}**. Along ${up}$ the surface curves up, along ${down}$ it curves "
            rf"down and $f \to -\infty$: descent from almost any start runs away along ${down}$, and Newton's "
            r"method, which looks for any critical point, jumps straight onto the saddle.")


LEGACY_LABELS = {"SGD": "sgd"}  # labels that shared links used before "SGD" was renamed "Gradient descent"


def old_link_optimizers() -> list[str]:
    """Optimizers an old link names by a retired label (the widget drops labels it does not know).

    Call before the multiselect; a pending fix from the previous run is applied here instead."""
    pending = ss.pop("gf_optimizers_from_link", None)
    if pending is not None:
        ss.gf_optimizers = pending
        return []
    return [LEGACY_LABELS[v] for v in st.query_params.get_all("gf_optimizers") if v in LEGACY_LABELS]


def stability_view(report: stability.Report, lr: float):
    """Gradient descent's lr on the axis of the curvature that decides this run: the minimum it reached,
    or the path; no "converges" zone when the path meets negative curvature and has not settled."""
    if report.kind == "settles":
        return descent_figs.stability_figure(
            lr, report.end.lam_max, title="Gradient descent's lr against 2/λ_max at the minimum it reached")
    if report.negative_on_path:
        w = report.worst
        return descent_figs.stability_figure(
            lr, None, bound=w.bound, title="Gradient descent's lr: negative curvature on the path",
            note=f"λ_min = {w.lam_min:.3g} < 0: " + ("escapes at every lr" if report.kind == "escapes" else
                                                     "no 2/λ bound on this path"))
    return descent_figs.stability_figure(lr, report.worst.lam_max,
                                         title="Gradient descent's lr against 2/λ_max (largest on the path)")


def update_rules() -> None:
    """The update rules raced here, exactly as calc_core.optimizers computes them."""
    with st.expander("The update rules racing here", icon=":material/function:"):
        beta, adam = optimizers.DEFAULT_HYPER["momentum"]["beta"], optimizers.DEFAULT_HYPER["adam"]
        st.markdown(r"$g_t = \nabla f(\theta_t)$; every state ($v$, $m$, $s$) starts at $0$. Defaults: "
                    rf"$\beta = {beta:g}$; Adam $\beta_1 = {adam['b1']:g}$, $\beta_2 = {adam['b2']:g}$, "
                    rf"$\epsilon = 10^{{{np.log10(adam['eps']):.0f}}}$.")
        for name, rule in optimizers.UPDATE_RULES.items():
            st.markdown(f"**{figs.OPTIMIZER_LABELS[name]}**")
            st.latex(r" \\ ".join(rule) if len(rule) == 1 else
                     r"\begin{aligned} " + r" \\ ".join(e.replace("=", "&=", 1) for e in rule) + r" \end{aligned}")
        st.markdown("**Newton** (full steps, lr = 1)")
        st.latex(r"\theta_{t+1} = \theta_t - \eta\, H(\theta_t)^{-1} g_t")


def render() -> None:
    """Surface → fields (calc_core.surfaces) → two tabs, each a fragment: partial derivatives, descent race."""
    st.title("Partial derivatives and gradient field")
    choice, f, preset = surface_choice()
    box = (preset.x_range, preset.y_range)
    field, shade = surface_view(f, box, ARROWS, SHADE)  # arrows, background colours
    partial_tab, field_tab = st.tabs(["Partial derivatives", "Gradient field and descent"])
    with partial_tab:
        partial_derivatives(f, box, field, shade)
    with field_tab:
        gradient_field_and_descent(f, box, field, shade, choice)
    chrome.show_source(PAGE, descent.run, optimizers.momentum, optimizers.nesterov, optimizers.adam, optimizers.trace,
                       optimizers.scale_by_adam, stability.descent_report)


def script(v: Values) -> str:
    """The view as a script (``PageSpec.script``)."""
    titles = {s.title: key for key, s in surfaces.PRESETS.items()} | {surfaces.TYPED_DEFAULT.title: "typed"}
    by_title = Values(lambda key: titles.get(raw, raw) if isinstance(raw := v.get(key), str) else raw)
    choice = by_title.choice("gf_surface", (*surfaces.PRESETS, "typed"), "saddle")  # a link names the title
    preset = surfaces.PRESETS.get(choice, surfaces.TYPED_DEFAULT)
    (x_lo, x_hi), (y_lo, y_hi) = preset.x_range, preset.y_range
    constants: dict[str, object] = {"SURFACE": choice}
    if choice == "typed":
        constants["FORMULA"] = v.formula("gf_formula", "sin(x)*cos(y) + 0.1*(x^2 + y^2)", ("x", "y"))
    labels = {label: name for name, label in figs.OPTIMIZER_LABELS.items()}  # a link holds the labels
    raw = v.get("gf_optimizers")
    raw = [labels.get(r, r) for r in raw] if isinstance(raw, (list, tuple)) else labels.get(raw, raw)
    names = Values(lambda key: raw).names("gf_optimizers", descent.OPTIMIZER_NAMES, descent.OPTIMIZER_NAMES)
    constants |= {
        "POINT": (v.number("gf_px", 1.0, x_lo, x_hi), v.number("gf_py", 2.0, y_lo, y_hi)),
        "START": (v.number("gf_sx", preset.start[0], x_lo, x_hi), v.number("gf_sy", preset.start[1], y_lo, y_hi)),
        "LR": v.number("gf_lr", preset.lr, 1e-5, 2.0), "ADAM_LR": v.number("gf_adam_lr", preset.adam_lr, 1e-4, 2.0),
        "STEPS": v.choice("gf_steps", STEP_CHOICES, preset.steps),
        "OPTIMIZERS": names}
    make_f = ("f = as_vector_function(parse_function(FORMULA, ('x', 'y')), 2)" if choice == "typed"
              else "f = surfaces.PRESETS[SURFACE].f")
    return render_script(PAGE, constants, """
import numpy as np

from calc_core import descent, surfaces
from calc_core.expr import as_vector_function, parse_function
""", make_f + """
grad = np.asarray(surfaces.gradient(f, np.array(POINT, np.float32)))
print("df/dx at POINT =", float(grad[0]))
print("df/dy at POINT =", float(grad[1]))
lam, _ = surfaces.hessian_eigen(f, np.array(START, np.float32))
print("Hessian eigenvalue 1 at START =", float(lam[0]))
print("Hessian eigenvalue 2 at START =", float(lam[1]))
rates = {"adam": ADAM_LR, "newton": 1.0}  # Newton takes full steps
for name in OPTIMIZERS:
    path = np.asarray(descent.run(f, np.array(START, np.float32), name, rates.get(name, LR), STEPS))
    diverged = descent.first_diverged_step(path)
    if diverged is not None:
        print(f"{name}: diverged at step =", diverged)
        continue
    print(f"{name}: end x =", float(path[-1, 0]))
    print(f"{name}: end y =", float(path[-1, 1]))
    print(f"{name}: end f =", float(f(path[-1])))
""")


PAGE = PageSpec(
    slug="gradient_field",
    title="Partial derivatives and gradient field",
    icon="explore",
    blurb="∂f/∂x, ∂f/∂y, negative-gradient arrows and optimizers racing on a surface.",
    prefixes=("gf",),
    links=("gf_surface", "gf_px", "gf_py", "gf_sx", "gf_sy", "gf_lr", "gf_adam_lr", "gf_steps",
           "gf_optimizers", "gf_formula"),
    script=script,
)


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
