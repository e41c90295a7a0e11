"""Linear regression: fit y = wx + b live by gradient descent; what reusing one PRNG key does."""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import streamlit as st

from calc_core import article, divergence, regression, stability
from dashboard.figures.training import loss_chart, params_chart, regression_chart
from dashboard.kit import chrome, inputs, links, live, markup
from dashboard.kit.page import PageSpec, WarmUp
from dashboard.kit.script import Values, render_script

TRUE_WB = (article.REGRESSION_TRUE_W, article.REGRESSION_TRUE_B)
HESSIAN_TEX = r"2\begin{bmatrix}\overline{x^2} & \bar x\\ \bar x & 1\end{bmatrix}"


def _controls() -> tuple[int, float, float, int, bool]:
    """The data size n, noise σ, learning rate, seed and the reused-key switch (all in the link)."""
    left, middle, right = st.columns(3)
    n = left.select_slider("Data size n", options=regression.SIZES, value=article.REGRESSION_SIZE, key="reg_n",
                           bind=links.SHARE)
    noise = middle.slider("Noise σ", 0.0, 2.0, article.REGRESSION_NOISE, 0.05, key="reg_noise",
                          bind=links.SHARE)
    lr = right.slider("Learning rate", 0.001, 1.5, article.REGRESSION_LR, 0.001, format="%.3f", key="reg_lr",
                      bind=links.SHARE)
    seed_col, reuse_col = st.columns([1, 2])
    seed = inputs.seed_input(seed_col, "Seed", "reg_seed", article.REGRESSION_SEED)
    reuse = reuse_col.toggle("Reuse one PRNG key for x and the noise (the article's code)", key="reg_reuse",
                             bind=links.SHARE)
    return n, noise, lr, int(seed), reuse


def _explain_curvature(x: jax.Array, lr: float) -> tuple[float, float]:
    """The caption on the MSE's Hessian and a warning when ``lr ≥ 2/λ_max``; returns ``(λ_max, 2/λ_max)``."""
    lam_max = stability.curvature_of(stability.regression_hessian(x)).lam_max
    bound = stability.regression_bound(x)
    st.caption(rf"The MSE's Hessian ${HESSIAN_TEX}$ has largest eigenvalue $\lambda_{{\max}} = {lam_max:.3f}$ on "
               rf"these data, so gradient descent is stable for learning rates below "
               rf"$2/\lambda_{{\max}} \approx {bound:.3f}$.")
    if lr >= bound:
        st.warning(f"lr = {lr:.3f} is at or above 2/λ_max ≈ {bound:.3f}: along the steepest-curving direction every "
                   f"step multiplies the error by |1 − lr·λ_max| = {abs(1 - lr * lam_max):.3f} ≥ 1, so this run will "
                   "not converge.", icon=":material/warning:")
    return lam_max, bound


def _diverged_text(lr: float, lam_max: float, bound: float) -> str:
    return (f"Diverged at learning rate {lr:.3f}: each step overshoots the minimum by more than it corrects, so "
            "|w| and |b| grow without bound (they passed 10⁶). The MSE's "
            rf"Hessian ${HESSIAN_TEX}$ has largest eigenvalue $\lambda_{{\max}} = {lam_max:.3f}$, "
            rf"so steps are stable only for lr below $2/\lambda_{{\max}} \approx {bound:.3f}$. "
            "Lower it and press Reset.")


def _start() -> dict:
    """A fresh fit: ``params`` [w, b] = 0 (shape ``(2,)``), no ``history`` of [w, b] and no ``losses`` yet."""
    return {"params": jnp.zeros(2), "history": [], "losses": []}


def _train(run: live.Fields, steps: int, *, x: jax.Array, y: jax.Array, lr: float, why: str) -> str | None:
    """``steps`` gradient steps in one jitted chunk (Step alone asks a length not compiled: one step)."""
    steps = steps if steps in regression.STEPS_PER_TICK else 1
    params, history, losses = regression.train_chunk(run.params, x, y, lr, steps)
    if divergence.diverged(history, bound=divergence.ITERATE_BOUND):
        return why
    run.params = params
    run.history.extend(np.asarray(history).tolist())
    run.losses.extend(np.asarray(losses).tolist())
    return None


def _show(run: live.Fields, *, x: jax.Array, y: jax.Array, exact: tuple[float, float]) -> live.Shown:
    """w, b (against least squares), loss and steps; the fit, the loss curve and the path of (w, b)."""
    w, b = (float(v) for v in run.params)
    step, loss_now = len(run.losses), float(regression.mse_loss(run.params, x, y))
    metrics = [("w", markup.shown(w, ".4f"), f"{w - exact[0]:+.4f} vs least squares"),
               ("b", markup.shown(b, ".4f"), f"{b - exact[1]:+.4f} vs least squares"),
               ("Loss", markup.shown(loss_now, ".5f"), None), ("Steps", step, None)]
    charts = {"fit": regression_chart(x, y, w, b, TRUE_WB, exact, step),
              "loss": loss_chart([*run.losses, loss_now], "Loss against step", steps=np.arange(step + 1)),
              "params": params_chart([[0.0, 0.0], *run.history], TRUE_WB, exact)}
    return live.Shown(metrics, charts)


def _why_not_the_true_line(reuse: bool, noise: float) -> str:
    w, b = article.REGRESSION_TRUE_W, article.REGRESSION_TRUE_B
    if reuse:  # x's draw reused as the noise: y = w·x + b + σ·x
        return (rf"With the reused key the data lie exactly on $y = {w + noise:.3f}\,x + {b:g}$, so this is that "
                "line: gradient descent converges to it, and no noise is left to pull the fit away from it.")
    if noise == 0:
        return f"With σ = 0 the data lie exactly on y = {w:g}x + {b:g}, so the best line is the true line ({w:g}, {b:g})."
    return (f"Gradient descent converges to these values, not to the true ({w:g}, {b:g}): with finite noisy data the "
            "best line for *these* points differs a little from the line that generated them.")


def render() -> None:
    st.title("Linear regression")
    st.markdown(r"Fit $y = wx + b$ to noisy data by gradient descent on the mean squared error "
                r"$L(w, b) = \frac{1}{n}\sum_i (w x_i + b - y_i)^2$. The data come from "
                r"$y = 2x + 1 + \sigma\varepsilon$.")
    n, noise, lr, seed, reuse = _controls()
    x, y = regression.make_data(seed, n, noise, reuse_key=reuse)
    exact = tuple(float(v) for v in regression.least_squares(x, y))
    if reuse:
        st.warning(r"Both draws use `PRNGKey(42)`, so the noise $\varepsilon$ **is** $x$: "
                   r"$y = 2x + 1 + \sigma x = (2 + \sigma)x + 1$ exactly. No noise is left, and the best fit is "
                   rf"$w = {2 + noise:.3f}$, not 2. Fix: `key_x, key_noise = jax.random.split(key)`.",
                   icon=":material/key:")
    lam_max, bound = _explain_curvature(x, lr)
    speed = live.transport("reg", "Steps per tick", regression.STEPS_PER_TICK, 5)  # keys reg_* (dashboard.kit.state)
    why = _diverged_text(lr, lam_max, bound)
    trainer = live.Trainer(_start, functools.partial(_train, x=x, y=y, lr=lr, why=why),
                           functools.partial(_show, x=x, y=y, exact=exact))
    live.run("reg", trainer, config=(n, noise, seed, reuse), speed=speed, widths=(1, 1))
    st.markdown(rf"**Exact least squares** (closed form, float64): $w = {exact[0]:.4f}$, $b = {exact[1]:.4f}$. "
                + _why_not_the_true_line(reuse, noise))
    chrome.show_source(PAGE, regression.make_data, regression.train_chunk, regression.least_squares,
                   stability.regression_hessian)


def script(v: Values) -> str:
    """The view as a script (``PageSpec.script``)."""
    losses = v.get("reg_losses")
    return render_script(PAGE, {
        "SEED": v.integer("reg_seed", article.REGRESSION_SEED, 0, 10_000),
        "N": v.choice("reg_n", regression.SIZES, article.REGRESSION_SIZE),
        "NOISE": v.number("reg_noise", article.REGRESSION_NOISE, 0.0, 2.0),
        "REUSE_KEY": v.flag("reg_reuse"), "LEARNING_RATE": v.number("reg_lr", article.REGRESSION_LR, 0.001, 1.5),
        "STEPS": len(losses) if isinstance(losses, list) else 0}, """
import jax.numpy as jnp

from calc_core import regression
""", """
x, y = regression.make_data(SEED, N, NOISE, reuse_key=REUSE_KEY)
params = jnp.zeros(2)  # w, b
if STEPS:
    params, _, _ = regression.train_chunk(params, x, y, LEARNING_RATE, STEPS)  # STEPS gradient-descent steps
print("steps =", STEPS)
print("w =", float(params[0]))
print("b =", float(params[1]))
print("loss =", float(regression.mse_loss(params, x, y)))
w_exact, b_exact = (float(p) for p in regression.least_squares(x, y))
print("least squares w =", w_exact)
print("least squares b =", b_exact)
""")


PAGE = PageSpec(
    slug="linear_regression",
    title="Linear regression",
    icon="scatter_plot",
    blurb="Fit y = wx + b live; what reusing one PRNG key does to the data.",
    prefixes=("reg",),  # "lr_" until issue 11: it read as "learning rate" (kit.state.RENAMED)
    links=("reg_n", "reg_noise", "reg_lr", "reg_seed", "reg_reuse"),
    live_fields=("params", "history", "losses"),
    warm_up=WarmUp(press="reg_step"),
    script=script,
)


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
