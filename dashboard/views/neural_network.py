"""Neural network on sin(x): the article's 1 → 32 → 32 → 1 network trained live in jitted scan chunks."""

import time

import jax
import numpy as np
import streamlit as st

from calc_core import article, mlp
from calc_core.expr import ExpressionError
from dashboard import live, ui
from dashboard.figures import training as figs

ss = st.session_state
# "sgd" stays the internal key; every step uses all the points (deterministic full-batch descent)
OPTIMIZER_LABELS = {"sgd": "gradient descent", "momentum": "momentum", "adam": "adam"}
LEARNING_RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
st.title("Neural network on sin(x)")
c1, c2, c3, c4 = st.columns(4)
target_name = c1.selectbox("Target function", [*mlp.TARGETS, "typed formula"], key="nn_target", bind=ui.SHARE)
noise = c2.slider("Noise σ", 0.0, 0.5, 0.0, 0.05, key="nn_noise", bind=ui.SHARE)
seed = ui.seed_input(c3, "Seed", "nn_seed", article.MLP_SEED)
points = c4.select_slider("Points", options=mlp.POINTS, value=article.MLP_POINTS, key="nn_points",
                          bind=ui.SHARE)
c5, c6, c7, c8, c9 = st.columns(5)
width = c5.select_slider("Width", options=mlp.WIDTHS, value=32, key="nn_width", bind=ui.SHARE)
depth = c6.select_slider("Hidden layers", options=mlp.DEPTHS, value=2, key="nn_depth", bind=ui.SHARE)
activation = c7.selectbox("Activation", list(mlp.ACTIVATIONS), key="nn_activation", bind=ui.SHARE)
optimizer = c8.selectbox("Optimizer", mlp.OPTIMIZER_NAMES, key="nn_optimizer", bind=ui.SHARE,
                         format_func=ui.labelled("nn_optimizer", OPTIMIZER_LABELS.get))
lr = c9.select_slider("Learning rate", options=LEARNING_RATES, value=article.MLP_LR, key="nn_lr",
                      bind=ui.SHARE)

target, target_text = mlp.TARGETS.get(target_name), target_name
if target is None:
    target, _ = ui.formula_input("Target f(x)", "nn_formula", "x*cos(x)")
    target_text = target.text  # the last good formula: a typo must not reset the training (it is in the config)
noise_words = f"with Gaussian noise σ = {noise:g}" if noise > 0 else "without noise (σ = 0)"
st.markdown(r"The article's network $\hat y = W_3\,\sigma(W_2\,\sigma(W_1 x + b_1) + b_2) + b_3$ learns "
            rf"a function from {points} points {noise_words} by full-batch gradient descent on the MSE (every "
            r"step uses all the points). `jax.grad` runs the chain rule back through every layer; each tick runs "
            f"{mlp.CHUNK} steps in one jitted `lax.scan` call.")


def build_data():
    x, y = mlp.make_data(seed, points, target, noise)
    if not np.isfinite(np.asarray(y)).all():
        raise ExpressionError("the target is not finite everywhere on [-3, 3] (a log or 1/x of a negative "
                              "number or zero?); choose a formula defined on the whole interval")
    return x, y, np.asarray(target(mlp.GRID)), target_text


data, data_error = ui.last_good("nn_data", build_data)
if data_error:
    st.error(f"{data_error}. Training on the last good data.", icon=":material/error:")
if data is None:
    data = mlp.make_data(seed, points) + (np.sin(np.asarray(mlp.GRID)), "sin(x)")
x, y, target_on_grid, trained_text = data  # the formula of the data actually trained on (the last good one)
speed = live.transport("nn", f"Chunks of {mlp.CHUNK} steps per tick", (1, 2, 5, 10), 2)

sizes = mlp.layer_sizes(width, depth)
config = (trained_text, noise, seed, points, sizes, activation, optimizer)
if live.take_reset("nn") or ss.get("nn_config") != config:
    ss.nn_config, ss.nn_params = config, mlp.init_params(jax.random.PRNGKey(seed), sizes)
    ss.nn_opt_state, ss.nn_losses, ss.nn_rate, ss.nn_error = mlp.init_opt_state(optimizer, ss.nn_params), [], None, None


@st.fragment(run_every=live.tick_interval("nn"))
@ui.guarded("Training")
def train_and_draw():
    chunks = live.chunks_to_run("nn", speed)
    chunk = mlp.train_chunk(activation, optimizer)  # cached: compiled once per process and shape
    start = time.perf_counter()
    for _ in range(chunks):
        params, opt_state, losses = chunk(ss.nn_params, ss.nn_opt_state, x, y, lr)
        if not (np.isfinite(np.asarray(losses)).all() and mlp.is_finite(params)):
            live.stop("nn")
            ss.nn_error = (f"Training diverged at learning rate {lr:g} ({OPTIMIZER_LABELS[optimizer]}): the loss became "
                           "infinite or NaN, because each step overshot the minimum by more than it corrected "
                           "and the weights grew without bound. Training is stopped at the last finite "
                           "weights; lower the learning rate (or pick Adam) and press Reset.")
            st.rerun()
        ss.nn_params, ss.nn_opt_state = params, opt_state
        ss.nn_losses.append(np.asarray(losses))
    if chunks:
        ss.nn_rate = chunks * mlp.CHUNK / (time.perf_counter() - start)
    losses = np.concatenate(ss.nn_losses) if ss.nn_losses else np.zeros(0, np.float32)
    loss_now = float(mlp.loss_jit(ss.nn_params, x, y, activation))
    prediction = mlp.forward_jit(ss.nn_params, mlp.GRID, activation)
    hidden = mlp.hidden_activations_jit(ss.nn_params, mlp.GRID, activation)[-1]
    title, curve = f"{trained_text}: prediction after {losses.size:,} steps", np.append(losses, loss_now)
    # Vega-Lite with a constant spec: each tick only swaps the data inside the drawn chart (no blinking).
    # All specs are built before the first element is drawn, so the elements go out together.
    specs = (figs.prediction_chart(mlp.GRID, target_on_grid, prediction, x, y, title),
             figs.loss_chart(curve, "Loss (log scale)", steps=np.arange(losses.size + 1)),
             figs.activations_chart(mlp.GRID, hidden))
    if ss.nn_error:
        st.error(ss.nn_error, icon=":material/warning:")
    m1, m2, m3 = st.columns(3)
    m1.metric("Steps", f"{losses.size:,}")
    m2.metric("Loss (MSE)", ui.shown(loss_now, ".5f"))
    m3.metric("Steps per second", "-" if ss.nn_rate is None else f"{ss.nn_rate:,.0f}")
    left, right = st.columns([3, 2])
    live.draw_charts(list(zip((left, right, right), ("nn_prediction", "nn_loss", "nn_activations"), specs,
                              strict=True)))


train_and_draw()
st.caption(f"Each architecture (width, depth, activation, optimizer, points) is compiled once per server "
           f"process and shared by every session; the learning rate is a traced value, so moving it never "
           f"recompiles. With the article's setting (seed 0, gradient descent, lr 0.01) the loss here is about 0.047 after "
           f"2,000 steps and falls below {article.MLP_LOSS_BELOW} before 5,000.")
ui.show_source(mlp.forward, mlp.loss_fn, mlp.train_chunk)
