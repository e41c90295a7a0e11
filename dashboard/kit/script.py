"""A short runnable Python script of the current view: its key numbers recomputed with calc_core, printed.

No Streamlit here. :func:`script_for` takes a page slug and a lookup ``get(key)`` of the page's widget
values (what the page's bound widgets hold, or their link text) and returns the script's text, or None
for a page without a script. The values are untrusted: numbers go through ``float``/``int`` and range
checks and are written with ``repr``; a formula is written (as a string literal) only if
``calc_core.expr.parse_function`` accepts it, and the script parses it again with ``parse_function``.
Anything else falls back to the page's default. Defaults come from ``calc_core.article`` and from the
views' own constants (read from their source with ``ast.literal_eval``, never imported or run).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from functools import cache

from calc_core import article, descent, mlp, regression, surfaces
from calc_core.derivatives import MAX_ORDER
from calc_core.expr import ExpressionError, parse_function
from dashboard.figures.optimization import OPTIMIZER_LABELS
from dashboard.registry import page

Lookup = Callable[[str], object]
MIME = "text/x-python"
LABEL = "Download a script of this view (.py)"

HEADER = '''"""Calculus Lab, {title}: the numbers of the view you saved, recomputed with calc_core.

Run it from the Calculus Lab folder (where calc_core/ is):  python {file_name}
"""
import os
import sys

sys.path.insert(0, os.getcwd())  # calc_core from the folder you run this in

'''


def file_name(slug: str) -> str:
    return f"calculus_lab_{slug}.py"


@cache
def view_constant(slug: str, name: str) -> object:
    """A literal constant ``name = …`` at the top of the view ``slug``'s file (read, never run)."""
    tree = ast.parse(page(slug).path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise LookupError(f"views/{slug}.py has no literal constant {name}")


class Values:
    """Validated reads of a page's widget values; anything unusable gives the page's default."""

    def __init__(self, get: Lookup):
        self.get = get

    def number(self, key: str, default: float, low: float = -math.inf, high: float = math.inf) -> float:
        value = _float(self.get(key))
        return value if value is not None and low <= value <= high else float(default)

    def integer(self, key: str, default: int, low: int, high: int) -> int:
        value = _float(self.get(key))
        return int(value) if value is not None and value.is_integer() and low <= value <= high else int(default)

    def choice(self, key: str, options: tuple, default: object) -> object:
        """One of ``options`` (numbers compared as numbers, text as text)."""
        raw = self.get(key)
        for option in options:
            if isinstance(option, str) and isinstance(raw, str) and raw == option:
                return option
            if not isinstance(option, str) and _float(raw) == float(option):
                return option
        return default

    def flag(self, key: str, default: bool = False) -> bool:
        raw = self.get(key)
        if isinstance(raw, bool):
            return raw
        return {"true": True, "false": False}.get(str(raw).lower(), default) if raw is not None else default

    def pair(self, key: str, default: tuple[float, float], low: float, high: float) -> tuple[float, float]:
        """A range slider's ``(a, b)``: two finite numbers in ``[low, high]``."""
        raw = self.get(key)
        if isinstance(raw, (list, tuple)) and len(raw) == 2:
            a, b = _float(raw[0]), _float(raw[1])
            if a is not None and b is not None and low <= a <= b <= high:
                return a, b
        return float(default[0]), float(default[1])

    def formula(self, key: str, default: str, variables: tuple[str, ...] = ("x",)) -> str:
        """The typed formula if ``parse_function`` accepts it, else ``default``."""
        raw = self.get(key)
        if isinstance(raw, str):
            try:
                parse_function(raw, variables)
            except ExpressionError:
                return default
            return raw
        return default

    def names(self, key: str, options: tuple[str, ...], default: tuple[str, ...]) -> tuple[str, ...]:
        """A multiselect's values: those of ``options`` it holds, in the options' order."""
        raw = self.get(key)
        if raw is None:
            return default
        chosen = {raw} if isinstance(raw, str) else set(raw) if isinstance(raw, (list, tuple)) else set()
        return tuple(o for o in options if o in chosen)


def _float(raw: object) -> float | None:
    """A finite float from a number or its text, else None (bools are not numbers here)."""
    if isinstance(raw, bool) or raw is None:
        return None
    try:
        value = float(raw) if isinstance(raw, (int, float, str)) else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


def _render(slug: str, constants: dict[str, object], imports: str, body: str) -> str:
    """Header, imports, the view's values as Python literals (repr), then the body."""
    values = "\n".join(f"{name} = {value!r}" for name, value in constants.items())
    return (HEADER.format(title=page(slug).title, file_name=file_name(slug)) + imports.strip() + "\n\n"
            + "# The view's values\n" + values + "\n\n" + body.strip() + "\n")


# --- Derivatives -------------------------------------------------------------------------------------
def rate_of_change(v: Values) -> str:
    a, b = v.pair("roc_range", article.DISTANCE_RANGE, -10.0, 10.0)
    if b <= a:
        b = a + 1.0
    x0 = min(max(v.number("roc_x0", 1.0), a), b)
    return _render("rate_of_change", {
        "FORMULA": v.formula("roc_formula", article.DISTANCE_FORMULA), "X0": x0,
        "DX": v.choice("roc_dx", view_constant("rate_of_change", "STEPS"), 1.0)}, """
from calc_core import derivatives as d
from calc_core.expr import parse_function
""", """
f = parse_function(FORMULA)
sec = d.secant(f, X0, DX)  # the secant through x0 and x0 + dx, and jax.grad(f)(x0)
print("secant slope dy/dx =", float(sec.slope))
print("f'(x0) from jax.grad =", float(sec.derivative))
print("secant - tangent =", float(sec.slope) - float(sec.derivative))
""")


def preset_values(v: Values, slug: str, prefix: str) -> tuple[str, float, float]:
    """``ui.preset_function``'s formula and range: ``(formula, a, b)`` with ``b - a >= 0.1``."""
    presets = view_constant(slug, "PRESETS")
    preset = v.choice(f"{prefix}_preset", tuple(presets), next(iter(presets)))
    text, (low, high) = presets[preset]
    slot = list(presets).index(preset)
    formula = v.formula(f"{prefix}_formula_{slot}", text)
    a, b = v.pair(f"{prefix}_range_{slot}", (round(low, 2), round(high, 2)), -10.0, 10.0)
    return formula, a, max(b, a + 0.1)


def extrema(v: Values) -> str:
    formula, a, b = preset_values(v, "extrema", "ext")
    return _render("extrema", {"FORMULA": formula, "A": a, "B": b}, """
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


def higher_order(v: Values) -> str:
    a, b = v.pair("ho_range", (-6.3, 6.3), -10.0, 10.0)
    b = max(b, a + 0.1)
    return _render("higher_order", {
        "FORMULA": v.formula("ho_formula", "sin(x)"), "A": a, "B": b,
        "ORDER": v.integer("ho_order", 3, 1, MAX_ORDER), "POINT": v.number("ho_point", article.SIN_POINT),
        "CENTRE": min(max(v.number("ho_center", article.SIN_POINT), a), b),
        "DEGREE": v.integer("ho_degree", 3, 0, MAX_ORDER)}, """
from calc_core import derivatives as d
from calc_core.expr import parse_function
""", """
f = parse_function(FORMULA)
top = d.highest_order(f)  # a large formula's high orders would compile for too long: the page stops there too
if ORDER > top or DEGREE > top:
    print(f"orders above {top} are not computed for this formula (their program would be too large)")
at_point = d.derivatives_at(f, min(ORDER, top), [POINT])[:, 0]  # f, f', ...: repeated jax.grad or Taylor mode
for k, value in enumerate(at_point):
    print(f"f^({k})(POINT) =", float(value))
result = d.taylor(f, CENTRE, min(DEGREE, top), d.grid(A, B))
for k, c in enumerate(result.coefficients):
    print(f"Taylor coefficient {k}, f^({k})(CENTRE)/{k}! =", float(c))
""")


def chain_rule(v: Values) -> str:
    article_mode = v.choice("ch_mode", ("Article: tanh, then square", "Choose your own"),
                            "Article: tanh, then square").startswith("Article")
    defaults = view_constant("chain_rule", "DEFAULT_LAYERS")
    count = v.integer("ch_count", 3, 1, 4)
    layers = ["tanh(x)", "x^2"] if article_mode else [v.formula(f"ch_layer{i}", defaults[i]) for i in range(count)]
    return _render("chain_rule", {"LAYERS": layers, "X": v.number("ch_x", article.CHAIN_X, -3.0, 3.0)}, """
from calc_core import chain
from calc_core.expr import parse_function
""", """
result = chain.chain_rule(tuple(parse_function(text) for text in LAYERS), X)
print("y =", float(result.values[-1]))
for i, (value, local) in enumerate(zip(result.values[1:], result.local)):
    print(f"layer {i + 1} output =", float(value))
    print(f"layer {i + 1} local derivative =", float(local))
print("product of local derivatives =", float(result.product))
print("jax.grad of the composition =", float(result.autodiff))
""")


# --- Optimization ------------------------------------------------------------------------------------
def descent_1d(v: Values) -> str:
    steps = v.choice("d1_steps", view_constant("descent_1d", "STEP_CHOICES"), article.DESCENT_STEPS)
    return _render("descent_1d", {
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


# Most of this function (and of procurement below) is the text of the script it writes.
def gradient_field(v: Values) -> str:
    titles = {s.title: key for key, s in surfaces.PRESETS.items()} | {surfaces.TYPED_DEFAULT.title: "typed"}
    by_title = Values(lambda key: titles.get(raw, raw) if isinstance(raw := v.get(key), str) else raw)
    choice = by_title.choice("gf_surface", (*surfaces.PRESETS, "typed"), "saddle")  # a link names the title
    preset = surfaces.PRESETS.get(choice, surfaces.TYPED_DEFAULT)
    (x_lo, x_hi), (y_lo, y_hi) = preset.x_range, preset.y_range
    constants: dict[str, object] = {"SURFACE": choice}
    if choice == "typed":
        constants["FORMULA"] = v.formula("gf_formula", "sin(x)*cos(y) + 0.1*(x^2 + y^2)", ("x", "y"))
    labels = {label: name for name, label in OPTIMIZER_LABELS.items()}  # a link holds the labels
    raw = v.get("gf_optimizers")
    raw = [labels.get(r, r) for r in raw] if isinstance(raw, (list, tuple)) else labels.get(raw, raw)
    names = Values(lambda key: raw).names("gf_optimizers", descent.OPTIMIZER_NAMES, descent.OPTIMIZER_NAMES)
    constants |= {
        "POINT": (v.number("gf_px", 1.0, x_lo, x_hi), v.number("gf_py", 2.0, y_lo, y_hi)),
        "START": (v.number("gf_sx", preset.start[0], x_lo, x_hi), v.number("gf_sy", preset.start[1], y_lo, y_hi)),
        "LR": v.number("gf_lr", preset.lr, 1e-5, 2.0), "ADAM_LR": v.number("gf_adam_lr", preset.adam_lr, 1e-4, 2.0),
        "STEPS": v.choice("gf_steps", view_constant("gradient_field", "STEP_CHOICES"), preset.steps),
        "OPTIMIZERS": names}
    make_f = ("f = as_vector_function(parse_function(FORMULA, ('x', 'y')), 2)" if choice == "typed"
              else "f = surfaces.PRESETS[SURFACE].f")
    return _render("gradient_field", constants, """
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


def jacobian_hessian(v: Values) -> str:
    xy = ("x", "y")
    return _render("jacobian_hessian", {
        "POINT": (v.number("jh_x", article.JH_POINT[0], -10.0, 10.0), v.number("jh_y", article.JH_POINT[1], -10.0, 10.0)),
        "F1": v.formula("jh_f1", article.VECTOR_FORMULAS[0], xy), "F2": v.formula("jh_f2", article.VECTOR_FORMULAS[1], xy),
        "SCALAR": v.formula("jh_scalar", article.SCALAR_FORMULA, xy)}, """
import numpy as np

from calc_core import surfaces
from calc_core.expr import as_vector_function, parse_function
""", """
point = np.array(POINT, np.float32)
vector_f = surfaces.stacked(parse_function(F1, ("x", "y")), parse_function(F2, ("x", "y")))
J = np.asarray(surfaces.jacobian(vector_f, point))  # jax.jacobian: shape (2, 2)
for i in range(2):
    for j in range(2):
        print(f"J[{i}][{j}] =", float(J[i, j]))
scalar_f = as_vector_function(parse_function(SCALAR, ("x", "y")), 2)
H = np.asarray(surfaces.hessian(scalar_f, point))  # jax.hessian: shape (2, 2)
for i in range(2):
    for j in range(2):
        print(f"H[{i}][{j}] =", float(H[i, j]))
lam, _ = surfaces.hessian_eigen(scalar_f, point)
print("Hessian eigenvalue 1 =", float(lam[0]))
print("Hessian eigenvalue 2 =", float(lam[1]))
print("curved like a =", surfaces.classify_eigenvalues(lam))
""")


# --- Training ----------------------------------------------------------------------------------------
def linear_regression(v: Values) -> str:
    losses = v.get("reg_losses")
    return _render("linear_regression", {
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


def per_example(v: Values) -> str:
    return _render("per_example", {
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


def neural_network(v: Values) -> str:
    target = v.choice("nn_target", (*mlp.TARGETS, "typed formula"), next(iter(mlp.TARGETS)))
    losses = v.get("nn_losses")
    steps = sum(len(chunk) for chunk in losses) if isinstance(losses, list) else 0
    return _render("neural_network", {
        "TARGET": target if target != "typed formula" else v.formula("nn_formula", "x*cos(x)"),
        "TYPED": target == "typed formula", "NOISE": v.number("nn_noise", 0.0, 0.0, 0.5),
        "SEED": v.integer("nn_seed", article.MLP_SEED, 0, 10_000),
        "POINTS": v.choice("nn_points", mlp.POINTS, article.MLP_POINTS),
        "WIDTH": v.choice("nn_width", mlp.WIDTHS, 32), "DEPTH": v.choice("nn_depth", mlp.DEPTHS, 2),
        "ACTIVATION": v.choice("nn_activation", tuple(mlp.ACTIVATIONS), next(iter(mlp.ACTIVATIONS))),
        "OPTIMIZER": v.choice("nn_optimizer", mlp.OPTIMIZER_CHOICES, mlp.OPTIMIZER_CHOICES[0]),
        "LEARNING_RATE": v.choice("nn_lr", view_constant("neural_network", "LEARNING_RATES"), article.MLP_LR),
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


# --- Applications ------------------------------------------------------------------------------------
def procurement(v: Values) -> str:
    uploads = v.get("price_files")
    files = [name for f in uploads if isinstance(name := getattr(f, "name", None), str)] \
        if isinstance(uploads, (list, tuple)) else []
    supplier_a, supplier_b = (v.get(key) for key in ("supplier_a", "supplier_b"))
    text = [s if isinstance(s, str) and len(s) <= 200 else None for s in (supplier_a, supplier_b)]
    return _render("procurement", {
        "PRICE_FILES": files,
        "BASIS": v.choice("basis", ("price levels", "period-to-period changes"), "price levels"),
        "SUPPLIER_A": text[0] or "Supplier A", "SUPPLIER_B": text[1] or "Supplier B",
        "OMEGA0": v.number("gd_start", 0.2, 0.0, 1.0), "STEP": v.number("gd_step", 0.5, 0.1, 2.5),
        "TRADEOFF": v.number("tradeoff", 0.0, 0.0, 1.0)}, """
from pathlib import Path

import jax.numpy as jnp
import numpy as np
import pandas as pd

from calc_core import procurement as P
from calc_core.article import PRICES_A, PRICES_B
""", """
if PRICE_FILES:  # your uploaded files, read from the folder you run this in
    prices = P.read_price_files({name: Path(name).read_bytes() for name in PRICE_FILES})
else:  # the article's ten periods
    prices = pd.DataFrame({"Supplier A": PRICES_A, "Supplier B": PRICES_B}, index=pd.RangeIndex(1, 11, name="period"))
series = prices if BASIS == "price levels" else P.price_changes(prices)
pa, mask = P.pad(series[SUPPLIER_A].to_numpy())
pb, _ = P.pad(series[SUPPLIER_B].to_numpy())
unconstrained, optimum = (float(w) for w in P.closed_form_omega(pa, pb, mask))
print("omega* (closed form, clipped to [0, 1]) =", optimum)
print("omega (closed form, unclipped) =", unconstrained)
path = P.projected_descent(jnp.float32(OMEGA0), jnp.float32(STEP), pa, pb, mask)
print("projected descent steps =", len(path) - 1)
print("omega after projected descent =", float(path[-1]))
_, grad = P.loss_curve(jnp.linspace(0.0, 1.0, P.OMEGA_GRID, dtype=jnp.float32), pa, pb, mask)
print("omega on the article's grid, smallest |dL/domega| =", P.grid_omega(np.asarray(grad)))
spread = float(series.mean().max() - series.mean().min())
lam = TRADEOFF * 4.0 * float(series.var(ddof=0).max()) / max(spread, 1e-9)  # the price's weight
for name, weight in zip(series.columns, P.min_variance_weights(series, price_weight=lam)):
    print(f"minimum-variance weight of {name} =", float(weight))
""")


# --- Reference ---------------------------------------------------------------------------------------
def cheat_sheet(v: Values) -> str:
    return _render("cheat_sheet", {}, """
import numpy as np

from calc_core import cheatsheet
""", """
for row in cheatsheet.rows():  # each concept's JAX call on a small example, beside the answer by hand
    for i, (live, analytic) in enumerate(zip(np.ravel(row.live), np.ravel(row.analytic))):
        print(f"{row.concept} [{i}], JAX =", float(live))
        print(f"{row.concept} [{i}], by hand =", float(analytic))
""")


SCRIPTS: dict[str, Callable[[Values], str]] = {
    "descent_1d": descent_1d, "rate_of_change": rate_of_change, "extrema": extrema,
    "higher_order": higher_order, "gradient_field": gradient_field, "jacobian_hessian": jacobian_hessian,
    "chain_rule": chain_rule, "linear_regression": linear_regression, "per_example": per_example,
    "procurement": procurement, "neural_network": neural_network, "cheat_sheet": cheat_sheet,
}


def script_for(slug: str, get: Lookup) -> str | None:
    """The script of page ``slug`` with the values ``get(key)`` gives, or None if the page has none."""
    build = SCRIPTS.get(slug)
    return build(Values(get)) if build else None
