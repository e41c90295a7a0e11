"""Neural network on sin(x): the article's 1 → 32 → 32 → 1 network trained live in jitted scan chunks."""

import functools
import time
from collections.abc import Callable
from typing import NamedTuple

import jax
import numpy as np
import streamlit as st

from calc_core import article, divergence, mlp
from calc_core.expr import ExpressionError
from dashboard.figures import training as figs
from dashboard.kit import chrome, inputs, links, live, markup
from dashboard.kit.page import PageSpec, WarmUp
from dashboard.kit.script import Values, render_script

# "sgd" stays the internal key; every step uses all the points (deterministic full-batch descent)
OPTIMIZER_LABELS = {"sgd": "gradient descent", "momentum": "momentum", "adam": "adam"}
LEARNING_RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
X_LOW, X_HIGH = article.MLP_X_RANGE


class Settings(NamedTuple):
    """The page's controls (all in the link)."""

    target_name: str
    noise: float
    seed: int
    points: int
    width: int
    depth: int
    activation: str
    optimizer: str
    lr: float


def _controls() -> Settings:
    """Two rows of controls: the data (target, noise, seed, points), then the network and its training."""
    c1, c2, c3, c4 = st.columns(4)
    target_name = c1.selectbox("Target function", [*mlp.TARGETS, "typed formula"], key="nn_target", bind=links.SHARE)
    noise = c2.slider("Noise σ", 0.0, 0.5, 0.0, 0.05, key="nn_noise", bind=links.SHARE)
    seed = inputs.seed_input(c3, "Seed", "nn_seed", article.MLP_SEED)
    points = c4.select_slider("Points", options=mlp.POINTS, value=article.MLP_POINTS, key="nn_points",
                              bind=links.SHARE)
    c5, c6, c7, c8, c9 = st.columns(5)
    width = c5.select_slider("Width", options=mlp.WIDTHS, value=article.MLP_LAYER_SIZES[1], key="nn_width",
                             bind=links.SHARE)
    depth = c6.select_slider("Hidden layers", options=mlp.DEPTHS, value=len(article.MLP_LAYER_SIZES) - 2,
                             key="nn_depth", bind=links.SHARE)
    activation = c7.selectbox("Activation", list(mlp.ACTIVATIONS), key="nn_activation", bind=links.SHARE)
    optimizer = c8.selectbox("Optimizer", mlp.OPTIMIZER_CHOICES, key="nn_optimizer", bind=links.SHARE,
                             format_func=links.labelled("nn_optimizer", OPTIMIZER_LABELS.get))
    lr = c9.select_slider("Learning rate", options=LEARNING_RATES, value=article.MLP_LR, key="nn_lr",
                          bind=links.SHARE)
    return Settings(target_name, noise, seed, points, width, depth, activation, optimizer, lr)


def _target(name: str) -> tuple[Callable, str]:
    """The target function and its text; a typed formula is its last good one (a typo must not reset training)."""
    target = mlp.TARGETS.get(name)
    if target is not None:
        return target, name
    target, _ = inputs.formula_input("Target f(x)", "nn_formula", "x*cos(x)")
    return target, target.text


def _build_data(s: Settings, target: Callable, text: str) -> tuple:
    """``(x, y, target on mlp.GRID, text)``: training data of shape ``(points, 1)`` each; refuses a target that
    is not finite on the interval."""
    x, y = mlp.make_data(s.seed, s.points, target, s.noise)
    if not np.isfinite(np.asarray(y)).all():
        raise ExpressionError(f"the target is not finite everywhere on [{X_LOW:g}, {X_HIGH:g}] (a log or 1/x of a "
                              "negative number or zero?); choose a formula defined on the whole interval")
    return x, y, np.asarray(target(mlp.GRID)), text


def _data(s: Settings, target: Callable, text: str) -> tuple:
    """The data to train on: this target's, else the last good data (with the reason), else sin(x)."""
    data, error = inputs.last_good("nn_data", functools.partial(_build_data, s, target, text))
    if error:
        st.error(f"{error}. Training on the last good data.", icon=":material/error:")
    if data is None:
        data = mlp.make_data(s.seed, s.points) + (np.sin(np.asarray(mlp.GRID)), "sin(x)")
    return data


def _diverged_text(s: Settings) -> str:
    return (f"Training diverged at learning rate {s.lr:g} ({OPTIMIZER_LABELS[s.optimizer]}): the loss became "
            "infinite or NaN, because each step overshot the minimum by more than it corrected "
            "and the weights grew without bound. Training is stopped at the last finite "
            "weights; lower the learning rate (or pick Adam) and press Reset.")


def _start(s: Settings) -> dict:
    """A fresh network (the article's initialisation), its optimizer state, no losses, no measured rate."""
    params = mlp.init_params(jax.random.PRNGKey(s.seed), mlp.layer_sizes(s.width, s.depth))
    return {"params": params, "opt_state": mlp.init_opt_state(s.optimizer, params), "losses": [], "rate": None}


def _train(run: live.Fields, chunks: int, *, s: Settings, x: jax.Array, y: jax.Array) -> str | None:
    """``chunks`` jitted chunks of :data:`mlp.CHUNK` steps, keeping each finite one; the steps per second."""
    chunk = mlp.train_chunk(s.activation, s.optimizer)  # cached: compiled once per process and shape
    start = time.perf_counter()
    for _ in range(chunks):
        params, opt_state, losses = chunk(run.params, run.opt_state, x, y, s.lr)
        if divergence.diverged((losses, params)):
            return _diverged_text(s)
        run.params, run.opt_state = params, opt_state
        run.losses.append(np.asarray(losses))
    run.rate = chunks * mlp.CHUNK / (time.perf_counter() - start)
    return None


def _show(run: live.Fields, *, activation: str, data: tuple) -> live.Shown:
    """Steps, loss and speed; the prediction against the target, the loss curve, the last hidden layer."""
    x, y, target_on_grid, text = data
    losses = np.concatenate(run.losses) if run.losses else np.zeros(0, np.float32)
    loss_now = float(mlp.loss_jit(run.params, x, y, activation))
    prediction = mlp.forward_jit(run.params, mlp.GRID, activation)
    hidden = mlp.hidden_activations_jit(run.params, mlp.GRID, activation)[-1]
    metrics = [("Steps", f"{losses.size:,}", None), ("Loss (MSE)", markup.shown(loss_now, ".5f"), None),
               ("Steps per second", "-" if run.rate is None else f"{run.rate:,.0f}", None)]
    charts = {"prediction": figs.prediction_chart(mlp.GRID, target_on_grid, prediction, x, y,
                                                  f"{text}: prediction after {losses.size:,} steps"),
              "loss": figs.loss_chart(np.append(losses, loss_now), "Loss (log scale)",
                                      steps=np.arange(losses.size + 1)),
              "activations": figs.activations_chart(mlp.GRID, hidden)}
    return live.Shown(metrics, charts)


def render() -> None:
    st.title("Neural network on sin(x)")
    s = _controls()
    target, text = _target(s.target_name)
    noise_words = f"with Gaussian noise σ = {s.noise:g}" if s.noise > 0 else "without noise (σ = 0)"
    st.markdown(r"The article's network $\hat y = W_3\,\sigma(W_2\,\sigma(W_1 x + b_1) + b_2) + b_3$ learns "
                rf"a function from {s.points} points {noise_words} by full-batch gradient descent on the MSE (every "
                r"step uses all the points). `jax.grad` runs the chain rule back through every layer; each tick runs "
                f"{mlp.CHUNK} steps in one jitted `lax.scan` call.")
    data = _data(s, target, text)
    x, y, _, trained_text = data  # the formula of the data actually trained on (the last good one)
    speed = live.transport("nn", f"Chunks of {mlp.CHUNK} steps per tick", (1, 2, 5, 10), 2)  # keys nn_*
    sizes = mlp.layer_sizes(s.width, s.depth)
    config = (trained_text, s.noise, s.seed, s.points, sizes, s.activation, s.optimizer)
    trainer = live.Trainer(functools.partial(_start, s), functools.partial(_train, s=s, x=x, y=y),
                           functools.partial(_show, activation=s.activation, data=data))
    live.run("nn", trainer, config=config, speed=speed, widths=(3, 2))
    st.caption(f"Each architecture (width, depth, activation, optimizer, points) is compiled once per server "
               f"process and shared by every session; the learning rate is a traced value, so moving it never "
               f"recompiles. With the article's setting (seed {article.MLP_SEED}, gradient descent, lr "
               f"{article.MLP_LR:g}) the loss here is about {article.MLP_ARTICLE_LOSS} after "
               f"{article.MLP_EPOCHS:,} steps and falls below {article.MLP_LOSS_BELOW} before 5,000.")
    chrome.show_source(PAGE, mlp.forward, mlp.loss_fn, mlp.train_chunk)


def script(v: Values) -> str:
    """The view as a script (``PageSpec.script``)."""
    target = v.choice("nn_target", (*mlp.TARGETS, "typed formula"), next(iter(mlp.TARGETS)))
    losses = v.get("nn_losses")
    steps = sum(len(chunk) for chunk in losses) if isinstance(losses, list) else 0
    return render_script(PAGE, {
        "TARGET": target if target != "typed formula" else v.formula("nn_formula", "x*cos(x)"),
        "TYPED": target == "typed formula", "NOISE": v.number("nn_noise", 0.0, 0.0, 0.5),
        "SEED": v.integer("nn_seed", article.MLP_SEED, 0, 10_000),
        "POINTS": v.choice("nn_points", mlp.POINTS, article.MLP_POINTS),
        "WIDTH": v.choice("nn_width", mlp.WIDTHS, 32), "DEPTH": v.choice("nn_depth", mlp.DEPTHS, 2),
        "ACTIVATION": v.choice("nn_activation", tuple(mlp.ACTIVATIONS), next(iter(mlp.ACTIVATIONS))),
        "OPTIMIZER": v.choice("nn_optimizer", mlp.OPTIMIZER_CHOICES, mlp.OPTIMIZER_CHOICES[0]),
        "LEARNING_RATE": v.choice("nn_lr", LEARNING_RATES, article.MLP_LR),
        "STEPS": steps}, """
import jax

from calc_core import mlp
from calc_core.expr import parse_function
""", """
target = parse_function(TARGET) if TYPED else mlp.TARGETS[TARGET]
x, y = mlp.make_data(SEED, POINTS, target, NOISE)  # shape (POINTS, 1) each
sizes = mlp.layer_sizes(WIDTH, DEPTH)
params = mlp.init_params(jax.random.PRNGKey(SEED), sizes)
opt_state = mlp.init_opt_state(OPTIMIZER, params)
chunk = mlp.train_chunk(ACTIVATION, OPTIMIZER)  # mlp.CHUNK steps in one jitted lax.scan
for _ in range(STEPS // mlp.CHUNK):
    params, opt_state, _ = chunk(params, opt_state, x, y, LEARNING_RATE)
print("steps =", STEPS // mlp.CHUNK * mlp.CHUNK)
print("loss (MSE) =", float(mlp.loss_fn(params, x, y, ACTIVATION)))
""")


PAGE = PageSpec(
    slug="neural_network",
    title="Neural network on sin(x)",
    icon="hub",
    blurb="A 1→32→32→1 network learning sin(x) live with jit-compiled steps.",
    prefixes=("nn",),
    links=("nn_target", "nn_noise", "nn_seed", "nn_points", "nn_width", "nn_depth", "nn_activation",
           "nn_optimizer", "nn_lr", "nn_formula"),
    live_fields=("params", "opt_state", "losses", "rate"),
    warm_up=WarmUp(press="nn_step"),
    script=script,
)


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
