"""vmap per-example gradients: 100 gradients in one call, their mean, outliers and per-example clipping."""

import threading

import jax
import pandas as pd
import streamlit as st

from calc_core import per_example
from calc_core.pages.per_example import PerExampleView, per_example_view
from dashboard.figures.training import gradient_arrows_figure
from dashboard.kit import chrome, links
from dashboard.kit.page import PageSpec
from dashboard.kit.script import Values, render_script

NOISE_SEED = 1  # a fixed draw, so a shared link shows the same noisy gradient


@st.cache_resource(show_spinner=False)
def shared_timing() -> dict[str, float]:
    """The vmap-vs-loop timing, shared by every session of this server process ("Measure again" renews it)."""
    return {}


@st.cache_resource(show_spinner=False)
def timing_lock() -> threading.Lock:
    return threading.Lock()


def controls() -> tuple[float, float, int, float, float]:
    """``(w, b, corrupted, clip_norm, sigma)``, all in the link."""
    c1, c2, c3, c4, c5 = st.columns(5)
    w = c1.slider("w (where the gradients are taken)", -1.0, 4.0, 0.0, 0.1, key="pe_w", bind=links.SHARE)
    b = c2.slider("b", -1.0, 3.0, 0.0, 0.1, key="pe_b", bind=links.SHARE)
    corrupted = c3.slider("Corrupted labels (y + 8)", 0, 10, 3, key="pe_corrupt", bind=links.SHARE)
    clip_norm = c4.slider("Clip norm C", 0.5, 30.0, 5.0, 0.5, key="pe_clip", bind=links.SHARE)
    sigma = c5.slider("Noise multiplier σ", 0.0, 5.0, 1.0, 0.1, key="pe_sigma", bind=links.SHARE,
                      help="DP-SGD adds Gaussian noise of standard deviation σ·C to the sum of clipped gradients.")
    return w, b, corrupted, clip_norm, sigma


def gradient_table(view: PerExampleView, clip_norm: float) -> None:
    """The four gradients side by side, and what the per-example array says."""
    c = view.clipping
    table = pd.DataFrame({
        "": ["mean of per-example gradients", "batch gradient jax.grad(mse_loss)", "mean after clipping at C",
             "DP-SGD: clipped sum + N(0, σ²C²), over n"],
        "∂L/∂w": [float(c.mean[0]), float(c.batch[0]), float(c.clipped_mean[0]), float(c.noisy[0])],
        "∂L/∂b": [float(c.mean[1]), float(c.batch[1]), float(c.clipped_mean[1]), float(c.noisy[1])],
    })
    left, right = st.columns([3, 2])
    left.dataframe(table, key="pe_table", hide_index=True, width="stretch",
                   column_config={col: st.column_config.NumberColumn(format="%.6f") for col in ("∂L/∂w", "∂L/∂b")})
    right.markdown(f"Shape of the per-example array: **{tuple(c.grads.shape)}**. Largest difference between the "
                   f"mean and the batch gradient: **{c.gap:.1e}** (float32 rounding). "
                   f"**{view.outlier_count}** outliers (norm above Q3 + 3 IQR of the {c.norms.size} norms); "
                   f"**{c.clipped_count}** gradients are longer than C and get clipped.")


def dp_explanation(view: PerExampleView, sigma: float, clip_norm: float) -> None:
    c = view.clipping
    st.subheader("Clipping, then noise: DP-SGD's two steps")
    st.latex(r"\tilde g_i = g_i \cdot \min\!\Big(1, \frac{C}{\lVert g_i \rVert}\Big), \qquad "
             r"\hat g = \frac{1}{n}\Big(\sum_{i=1}^{n} \tilde g_i + \mathcal{N}\big(0,\ \sigma^2 C^2 I\big)\Big)")
    st.markdown(f"Clipping each example's gradient *before* averaging bounds what one example (a corrupted label, a rare "
                f"person in the data) can do: the sum moves by at most $C$ when one example is added or removed. "
                f"**Clipping alone gives no privacy**: the clipped mean is still an exact, deterministic function of "
                rf"the data. The Gaussian noise, with standard deviation $\sigma C$ = {view.noise_on_sum:.3g} on the sum "
                f"(here {c.noise_per_coordinate:.3g} per coordinate of the mean), is what hides any single "
                "example; how much privacy (ε, δ) it buys depends on σ, the batch sampling and the number of steps, "
                "which a privacy accountant computes (not shown here). σ = 0 is clipping without privacy. The price: "
                "once some gradients are clipped, the clipped mean is no longer the batch gradient; it shrinks and "
                "turns toward the direction most examples agree on, and the noise adds variance. Only per-example "
                "gradients make this possible: the batch gradient has already mixed every example together.")


def vmap_timing(params: jax.Array, x: jax.Array, y: jax.Array) -> None:
    """vmap against a Python loop, measured once per server (each measurement runs 600 jitted calls)."""
    st.subheader("vmap against a Python loop, measured here")
    timing = shared_timing()  # one measurement per server, not one per student: each runs 600 jitted calls
    if (again := st.button("Measure again", icon=":material/timer:", key="pe_measure")) or "vmap" not in timing:
        with timing_lock():
            if again or "vmap" not in timing:  # another session may have measured while we waited
                timing.update(per_example.time_vmap_vs_loop(params, x, y))
    vmap_s, loop_s = timing["vmap"], timing["loop"]
    t1, t2, t3 = st.columns(3)
    t1.metric("vmap (one jitted call)", f"{vmap_s * 1e6:,.1f} µs")
    t2.metric(f"Python loop ({x.shape[0]} jitted calls)", f"{loop_s * 1e3:,.2f} ms")
    t3.metric("Speed-up", f"{loop_s / vmap_s:,.0f}x")


def render() -> None:
    """Sliders → calc_core.per_example.clipping → arrows, table, DP-SGD, and the vmap timing."""
    st.title("vmap per-example gradients")
    st.markdown(r"`jax.vmap(jax.grad(single_loss), in_axes=(None, 0, 0))` turns the gradient of **one** example's "
                r"loss $\ell_i = (w x_i + b - y_i)^2$ into all $n$ gradients at once: an $n \times 2$ array, one "
                r"arrow $\nabla_\theta \ell_i$ per example. Their mean is the gradient of the mean loss:")
    st.latex(r"\frac{1}{n}\sum_{i=1}^{n} \nabla_\theta \ell_i = \nabla_\theta \Big(\frac{1}{n}\sum_i \ell_i\Big)"
             r" = \nabla_\theta L")
    w, b, corrupted, clip_norm, sigma = controls()
    view = per_example_view(w, b, corrupted, clip_norm, sigma, NOISE_SEED)
    c, params, x, y = view.clipping, view.params, view.x, view.y
    chrome.plotly_chart(gradient_arrows_figure(c.grads, c.mean, c.batch, c.clipped_mean, c.outlier_mask, clip_norm,
                                           c.clipped), key="pe_arrows", width="stretch")
    gradient_table(view, clip_norm)
    dp_explanation(view, sigma, clip_norm)
    vmap_timing(params, x, y)
    chrome.show_source(PAGE, per_example.single_loss, per_example.per_example_grads, per_example.clip,
                   per_example.private_mean)


def script(v: Values) -> str:
    """The view as a script (``PageSpec.script``)."""
    return render_script(PAGE, {
        "W": v.number("pe_w", 0.0, -1.0, 4.0), "B": v.number("pe_b", 0.0, -1.0, 3.0),
        "CORRUPTED": v.integer("pe_corrupt", 3, 0, 10), "CLIP_NORM": v.number("pe_clip", 5.0, 0.5, 30.0)}, """
import jax.numpy as jnp
import numpy as np

from calc_core import article, per_example, regression
""", """
x, y = regression.make_data(article.REGRESSION_SEED, article.REGRESSION_SIZE, article.REGRESSION_NOISE)
y = per_example.corrupt(y, CORRUPTED)  # CORRUPTED labels moved up by 8
params = jnp.array([W, B])
grads = per_example.per_example_grads(params, x, y)  # jax.vmap(jax.grad(single_loss)): shape (n, 2)
batch = per_example.batch_grad(params, x, y)
clipped = per_example.clip(grads, CLIP_NORM)
for what, g in (("mean of per-example gradients", grads.mean(axis=0)), ("batch gradient", batch),
                ("mean after clipping", clipped.mean(axis=0))):
    print(f"{what}: dL/dw =", float(g[0]))
    print(f"{what}: dL/db =", float(g[1]))
print("outliers =", int(np.asarray(per_example.outliers(grads)).sum()))
print("gradients longer than C =", int((np.linalg.norm(np.asarray(grads), axis=1) > CLIP_NORM).sum()))
""")


PAGE = PageSpec(
    slug="per_example",
    title="vmap per-example gradients",
    icon="call_split",
    blurb="One gradient per example in one call; clipping plus Gaussian noise for differential privacy.",
    prefixes=("pe",),
    links=("pe_w", "pe_b", "pe_corrupt", "pe_clip", "pe_sigma"),
    script=script,
)


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
