"""calc_core.optimizers against hand-written NumPy updates, on pytrees, with traced hyper-parameters."""

import re

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from calc_core import optimizers
from calc_core.optimizers import apply_updates, make

A = np.array([[3.0, 0.5], [0.5, 1.0]], np.float32)  # a positive-definite quadratic bowl, minimum at 0


def quadratic(p):
    return 0.5 * p @ (jnp.asarray(A) @ p)


def numpy_reference(name, lr, steps, p0, **hyper):
    """The textbook update rules, written out in NumPy (float64)."""
    p, v, m, s = np.array(p0, np.float64), np.zeros(2), np.zeros(2), np.zeros(2)
    beta, b1, b2, eps = hyper.get("beta", 0.9), 0.9, 0.999, 1e-8
    for t in range(1, steps + 1):
        g = A.astype(np.float64) @ p
        if name == "sgd":
            p = p - lr * g
        elif name == "momentum":
            v = beta * v + g
            p = p - lr * v
        elif name == "nesterov":
            v = beta * v + g
            p = p - lr * (beta * v + g)
        elif name == "adam":
            m = b1 * m + (1 - b1) * g
            s = b2 * s + (1 - b2) * g**2
            p = p - lr * (m / (1 - b1**t)) / (np.sqrt(s / (1 - b2**t)) + eps)
    return p


def run(name, lr, steps, p0, **hyper):
    opt = make(name, lr, **hyper)
    p = jnp.asarray(p0, jnp.float32)
    state = opt.init(p)
    for _ in range(steps):
        updates, state = opt.update(jax.grad(quadratic)(p), state, p)
        p = apply_updates(p, updates)
    return np.asarray(p)


@pytest.mark.parametrize("name", list(optimizers.OPTIMIZERS))
def test_matches_the_textbook_update(name):
    p0 = [1.0, -2.0]
    np.testing.assert_allclose(run(name, 0.05, 25, p0), numpy_reference(name, 0.05, 25, p0), rtol=1e-4,
                               atol=1e-5)


@pytest.mark.parametrize("name", list(optimizers.OPTIMIZERS))
def test_converges_on_a_bowl(name):
    final = run(name, 0.05, 400, [1.0, -2.0])
    assert np.linalg.norm(final) < 1e-2


@pytest.mark.parametrize("name", list(optimizers.OPTIMIZERS))
def test_works_on_pytrees_and_keeps_dtypes(name):
    params = {"w": jnp.ones((2, 3), jnp.float32), "b": (jnp.zeros(3, jnp.float32),)}
    opt = make(name, 0.1)
    state = opt.init(params)
    grads = jax.tree.map(jnp.ones_like, params)
    updates, state = opt.update(grads, state, params)
    new = apply_updates(params, updates)
    assert jax.tree.structure(new) == jax.tree.structure(params)
    for leaf in jax.tree.leaves(new):
        assert leaf.dtype == jnp.float32
        assert bool(jnp.all(leaf < jnp.ones_like(leaf)))  # every leaf moved against its gradient


@pytest.mark.parametrize("name", list(optimizers.OPTIMIZERS))
def test_learning_rate_is_traced_so_a_new_value_does_not_recompile(name):
    traces = []

    @jax.jit
    def one_step(p, lr):
        traces.append(1)
        opt = make(name, lr)
        updates, _ = opt.update(jax.grad(quadratic)(p), opt.init(p), p)
        return apply_updates(p, updates)

    p = jnp.array([1.0, -2.0])
    first, second = one_step(p, 0.1), one_step(p, 0.01)
    assert len(traces) == 1
    assert not np.allclose(first, second)


def test_unknown_optimizer_and_hyper_parameter_are_refused():
    with pytest.raises(ValueError, match="unknown optimizer"):
        make("lbfgs", 0.1)
    with pytest.raises(ValueError, match="takes no"):
        make("sgd", 0.1, beta=0.9)



# --- The optimizers are chains of small pieces; each chain is the hand-written rule --------------------------
GRADS = [np.array([0.8, -2.0, 0.3]), np.array([-1.5, 0.4, 2.2]), np.array([0.1, 0.9, -0.7]),
         np.array([2.5, -0.3, 0.05])]


def hand_written(name, lr, hyper):
    """Params and state after each of GRADS, from p0 = (1, -1, 0.5), as the textbook writes the rule (float64)."""
    p, v, m, s = np.array([1.0, -1.0, 0.5]), np.zeros(3), np.zeros(3), np.zeros(3)
    history = []
    for t, g in enumerate(GRADS, start=1):
        if name == "sgd":
            p = p - lr * g
        elif name in ("momentum", "nesterov"):
            v = hyper["beta"] * v + g
            p = p - lr * (v if name == "momentum" else hyper["beta"] * v + g)
        else:
            b1, b2, eps = hyper["b1"], hyper["b2"], hyper["eps"]
            m = b1 * m + (1 - b1) * g
            s = b2 * s + (1 - b2) * g**2
            p = p - lr * (m / (1 - b1**t)) / (np.sqrt(s / (1 - b2**t)) + eps)
        history.append((p, {"velocity": v, "mu": m, "nu": s, "count": t}))
    return history


def state_fields(state) -> dict:
    """The named fields of an optimizer's (possibly chained) state, e.g. ``{"velocity": …}``."""
    pieces = state if isinstance(state, tuple) and not hasattr(state, "_fields") else (state,)
    return {k: np.asarray(v) for piece in pieces for k, v in piece._asdict().items()}


@pytest.mark.parametrize("name,hyper", [("sgd", {}), ("momentum", {"beta": 0.7}), ("nesterov", {"beta": 0.7}),
                                        ("adam", {"b1": 0.8, "b2": 0.95, "eps": 1e-3})])
def test_each_composed_optimizer_is_the_hand_written_rule_step_by_step(name, hyper):
    lr = 0.1
    opt = make(name, lr, **hyper)
    params = jnp.asarray([1.0, -1.0, 0.5], jnp.float32)
    state = opt.init(params)
    for t, (expected, expected_state) in enumerate(hand_written(name, lr, hyper)):
        updates, state = opt.update(jnp.asarray(GRADS[t], jnp.float32), state, params)
        params = apply_updates(params, updates)
        np.testing.assert_allclose(params, expected, rtol=1e-5, atol=1e-6, err_msg=f"{name} step {t + 1}")
        for field, value in state_fields(state).items():
            np.testing.assert_allclose(value, expected_state[field], rtol=1e-5, atol=1e-6, err_msg=field)


def test_the_optimizers_are_chains_of_the_pieces():
    g, lr = jnp.asarray([0.8, -2.0, 0.3]), 0.1
    pairs = [(optimizers.momentum(lr, 0.7), optimizers.chain(optimizers.trace(0.7), optimizers.scale(-lr))),
             (optimizers.nesterov(lr, 0.7),
              optimizers.chain(optimizers.trace(0.7, nesterov=True), optimizers.scale(-lr))),
             (optimizers.adam(lr), optimizers.chain(optimizers.scale_by_adam(0.9, 0.999, 1e-8),
                                                    optimizers.scale(-lr)))]
    for opt, pieces in pairs:
        state, piece_state = opt.init(g), pieces.init(g)
        for _ in range(3):
            (step, state), (piece_step, piece_state) = opt.update(g, state), pieces.update(g, piece_state)
            np.testing.assert_array_equal(step, piece_step)


def test_defaults_are_read_from_the_signatures():
    assert optimizers.DEFAULT_HYPER == {"sgd": {}, "momentum": {"beta": 0.9}, "nesterov": {"beta": 0.9},
                                        "adam": {"b1": 0.9, "b2": 0.999, "eps": 1e-8}}
    assert optimizers.with_defaults("adam", {"b1": 0.5}) == {"b1": 0.5, "b2": 0.999, "eps": 1e-8}


# --- The LaTeX update rules the gradient-field page shows, read back as arithmetic -------------------
LATEX_TO_PYTHON = [
    (r"\theta_{t+1}", "theta_new"), (r"\theta_t", "theta"), (r"\hat m", "m_hat"), (r"\hat s", "s_hat"),
    (r"\beta_1", "b1"), (r"\beta_2", "b2"), (r"\beta", "beta"), (r"\eta", "lr"), (r"\epsilon", "eps"),
    ("v_{t+1}", "v_new"), ("m_{t+1}", "m_new"), ("s_{t+1}", "s_new"), ("v_t", "v"), ("m_t", "m"), ("s_t", "s"),
    ("g_t", "g"), ("^{t+1}", "**(t+1)"), ("^2", "**2"), (r"\,", "*"),
]


def latex_to_python(equation: str) -> tuple[str, str]:
    """``lhs = rhs`` in the rules' small LaTeX vocabulary → (name, Python expression)."""
    text = equation
    for latex, python in LATEX_TO_PYTHON:  # symbols first, so \frac and \sqrt hold no nested braces
        text = text.replace(latex, python)
    text = re.sub(r"\\sqrt\{([^{}]*)\}", r"sqrt(\1)", text)
    text = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"((\1)/(\2))", text)
    assert "\\" not in text and "{" not in text, f"untranslated LaTeX in {text!r}"
    lhs, rhs = (part.strip() for part in text.split("=", 1))
    return lhs, rhs


def shown_rule_step(name: str, theta, g, state: dict, t: int, lr: float, hyper: dict) -> tuple[float, dict]:
    """One step of the *shown* rule in float64, evaluated from its LaTeX."""
    env = {"theta": theta, "g": g, "t": t, "lr": lr, "sqrt": np.sqrt, **state, **hyper}
    for equation in optimizers.UPDATE_RULES[name]:
        lhs, rhs = latex_to_python(equation)
        env[lhs] = eval(rhs, {"__builtins__": {}}, env)  # our own fixed strings, never user text
    new_state = {k[:-4]: env[k] for k in ("v_new", "m_new", "s_new") if k in env}
    return env["theta_new"], new_state


@pytest.mark.parametrize("name,hyper", [("sgd", {}), ("momentum", {"beta": 0.7}), ("nesterov", {"beta": 0.7}),
                                        ("adam", {"b1": 0.8, "b2": 0.9, "eps": 1e-3})])
def test_the_shown_update_rule_is_what_the_code_computes(name, hyper):
    """Three steps with different gradients: the LaTeX rule and the implementation agree on every iterate
    (the velocity/moment coefficients and Adam's bias correction included)."""
    lr, theta = 0.1, 1.5
    opt = optimizers.make(name, lr, **hyper)
    params, opt_state = jnp.asarray([theta], jnp.float32), None
    opt_state = opt.init(params)
    state = {"v": 0.0, "m": 0.0, "s": 0.0}
    for t, g in enumerate((0.8, -2.0, 0.3)):
        updates, opt_state = opt.update(jnp.asarray([g], jnp.float32), opt_state, params)
        params = optimizers.apply_updates(params, updates)
        theta, new = shown_rule_step(name, theta, g, state, t, lr, hyper)
        state.update(new)
        assert float(params[0]) == pytest.approx(theta, rel=1e-5, abs=1e-6), (name, t)
