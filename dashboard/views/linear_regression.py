"""Linear regression: fit y = wx + b live by gradient descent; what reusing one PRNG key does."""

import jax.numpy as jnp
import numpy as np
import streamlit as st

from calc_core import article, regression, stability
from dashboard import live, ui
from dashboard.figures.training import loss_chart, params_chart, regression_chart

ss = st.session_state
st.title("Linear regression")
st.markdown(r"Fit $y = wx + b$ to noisy data by gradient descent on the mean squared error "
            r"$L(w, b) = \frac{1}{n}\sum_i (w x_i + b - y_i)^2$. The data come from $y = 2x + 1 + \sigma\varepsilon$.")

left, middle, right = st.columns(3)
n = left.select_slider("Data size n", options=regression.SIZES, value=article.REGRESSION_SIZE, key="lr_n",
                       bind=ui.SHARE)
noise = middle.slider("Noise σ", 0.0, 2.0, article.REGRESSION_NOISE, 0.05, key="lr_noise", bind=ui.SHARE)
lr = right.slider("Learning rate", 0.001, 1.5, article.REGRESSION_LR, 0.001, format="%.3f", key="lr_lr",
                  bind=ui.SHARE)
seed_col, reuse_col = st.columns([1, 2])
seed = ui.seed_input(seed_col, "Seed", "lr_seed", article.REGRESSION_SEED)
reuse = reuse_col.toggle("Reuse one PRNG key for x and the noise (the article's code)", key="lr_reuse",
                         bind=ui.SHARE)

x, y = regression.make_data(int(seed), n, noise, reuse_key=reuse)
exact = tuple(float(v) for v in regression.least_squares(x, y))
if reuse:
    st.warning(r"Both draws use `PRNGKey(42)`, so the noise $\varepsilon$ **is** $x$: "
               r"$y = 2x + 1 + \sigma x = (2 + \sigma)x + 1$ exactly. No noise is left, and the best fit is "
               rf"$w = {2 + noise:.3f}$, not 2. Fix: `key_x, key_noise = jax.random.split(key)`.",
               icon=":material/key:")
hessian = stability.regression_hessian(x)
lam_max = stability.curvature_of(hessian).lam_max
bound = stability.regression_bound(x)
HESSIAN_TEX = r"2\begin{bmatrix}\overline{x^2} & \bar x\\ \bar x & 1\end{bmatrix}"
st.caption(rf"The MSE's Hessian ${HESSIAN_TEX}$ has largest eigenvalue $\lambda_{{\max}} = {lam_max:.3f}$ on these "
           rf"data, so gradient descent is stable for learning rates below $2/\lambda_{{\max}} \approx {bound:.3f}$.")
if lr >= bound:
    st.warning(f"lr = {lr:.3f} is at or above 2/λ_max ≈ {bound:.3f}: along the steepest-curving direction every step "
               f"multiplies the error by |1 − lr·λ_max| = {abs(1 - lr * lam_max):.3f} ≥ 1, so this run will not "
               "converge.", icon=":material/warning:")
speed = live.transport("lr", "Steps per tick", regression.STEPS_PER_TICK, 5)

config = (n, noise, int(seed), reuse)
if live.take_reset("lr") or ss.get("lr_config") != config:
    ss.lr_config, ss.lr_params, ss.lr_history, ss.lr_losses, ss.lr_error = config, jnp.zeros(2), [], [], None


@st.fragment(run_every=live.tick_interval("lr"))
@ui.guarded("Training")
def train_and_draw():
    steps = live.chunks_to_run("lr", speed)  # running: `speed` steps per tick; paused: Step = one step
    steps = steps if steps in regression.STEPS_PER_TICK or not steps else 1  # only compiled lengths
    if steps:
        params, history, losses = regression.train_chunk(ss.lr_params, x, y, lr, steps)
        if not np.isfinite(np.asarray(history)).all() or np.abs(np.asarray(history)).max() > 1e6:
            live.stop("lr")
            ss.lr_error = (f"Diverged at learning rate {lr:.3f}: each step overshoots the minimum by more "
                           "than it corrects, so |w| and |b| grow without bound (they passed 10⁶). The MSE's "
                           rf"Hessian ${HESSIAN_TEX}$ has largest eigenvalue $\lambda_{{\max}} = {lam_max:.3f}$, "
                           rf"so steps are stable only for lr below $2/\lambda_{{\max}} \approx {bound:.3f}$. "
                           "Lower it and press Reset.")
            st.rerun()
        ss.lr_params = params
        ss.lr_history.extend(np.asarray(history).tolist())
        ss.lr_losses.extend(np.asarray(losses).tolist())
    w, b = (float(v) for v in ss.lr_params)
    step, loss_now = len(ss.lr_losses), float(regression.mse_loss(ss.lr_params, x, y))
    # Vega-Lite with a constant spec: each tick only swaps the data inside the drawn charts (no blinking).
    # All specs are built before the first element is drawn, so the elements go out together.
    specs = (regression_chart(x, y, w, b, (2.0, 1.0), exact, step),
             loss_chart([*ss.lr_losses, loss_now], "Loss against step", steps=np.arange(step + 1)),
             params_chart([[0.0, 0.0], *ss.lr_history], (2.0, 1.0), exact))
    if ss.lr_error:
        st.error(ss.lr_error, icon=":material/warning:")
    a, b_col, c, d = st.columns(4)
    a.metric("w", ui.shown(w, ".4f"), f"{w - exact[0]:+.4f} vs least squares", delta_color="off")
    b_col.metric("b", ui.shown(b, ".4f"), f"{b - exact[1]:+.4f} vs least squares", delta_color="off")
    c.metric("Loss", ui.shown(loss_now, ".5f"))
    d.metric("Steps", step)
    fit_col, curves_col = st.columns(2)
    live.draw_charts(list(zip((fit_col, curves_col, curves_col), ("lr_fit", "lr_loss", "lr_params"), specs,
                              strict=True)))


train_and_draw()
if reuse:
    why = (rf"With the reused key the data lie exactly on $y = {2 + noise:.3f}\,x + 1$, so this is that line: "
           "gradient descent converges to it, and no noise is left to pull the fit away from it.")
elif noise == 0:
    why = "With σ = 0 the data lie exactly on y = 2x + 1, so the best line is the true line (2, 1)."
else:
    why = ("Gradient descent converges to these values, not to the true (2, 1): with finite noisy data the best "
           "line for *these* points differs a little from the line that generated them.")
st.markdown(rf"**Exact least squares** (closed form, float64): $w = {exact[0]:.4f}$, $b = {exact[1]:.4f}$. " + why)
ui.show_source(regression.make_data, regression.train_chunk, regression.least_squares,
               stability.regression_hessian)
