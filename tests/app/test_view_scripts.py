"""The "Download a script of this view" button: each page's script runs and prints the numbers the page shows.

Each page is opened from a link with non-default values. The script is the one the button serves: the
test rebuilds it with the same generator from the page's session, and checks that its bytes hash to the
file id in the button's media URL (AppTest drops the media store after a run, so the bytes themselves are
not reachable). The script then runs in a fresh Python process, and every number it prints is compared
with the number the page shows, to the digits the page shows.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from streamlit.runtime.memory_media_file_storage import _calculate_file_id

from dashboard import registry
from dashboard.figures.optimization import OPTIMIZER_LABELS
from dashboard.kit import links, predict
from dashboard.kit import script as view_script
from devtools.apptest import open_page
from tests.figure_spec import plotly_specs, trace

ROOT = Path(__file__).resolve().parents[2]


def served_script(at, slug: str) -> str:
    """The script the page's download button serves (checked against the button's media file id)."""
    buttons = [b for b in at.get("download_button") if b.proto.label == view_script.LABEL]
    assert len(buttons) == 1, "the page has no script download button"
    script = view_script.script_for(registry.page(slug), links.view_lookup(at.session_state, at.query_params))
    file_id = _calculate_file_id(script.encode(), view_script.MIME, view_script.file_name(slug))
    assert buttons[0].proto.url.rsplit("/", 1)[1].split(".")[0] == file_id, "the button serves another script"
    return script


def run_script(script: str) -> dict[str, str]:
    """Run ``script`` in a fresh Python from the repository root; its ``label = value`` lines as a dict."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line.rsplit(" = ", 1) for line in done.stdout.splitlines() if " = " in line]
    return {label: value for label, value in lines}


def shown_matches(value: float, shown: str) -> bool:
    """Does ``shown`` (a number as the page prints it) equal ``value`` to the digits it shows?"""
    shown = shown.replace("−", "-").strip()
    mantissa, _, exponent = shown.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    unit = 10.0 ** (int(exponent or 0) - decimals)
    return abs(value - float(shown)) <= 0.5 * unit * 1.0001 + 2e-6 * abs(value) + 1e-7


def assert_shown(printed: dict[str, str], label: str, shown: str) -> None:
    value = float(printed[label])
    assert shown_matches(value, shown), f"{label}: the script prints {value!r}, the page shows {shown}"


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_descent_1d():
    query = {"d1_formula": "(x - 1)^2 + 0.5*x^4", "d1_lr": "0.05", "d1_x0": "-2.5", "d1_steps": "20"}
    at = open_page("descent_1d", query=query)
    assert not at.exception
    at.button(key="d1_reset").click().run()
    for _ in range(3):
        at.button(key="d1_step").click().run()
    printed = run_script(served_script(at, "descent_1d"))
    assert printed["k"] == "3"
    assert_shown(printed, "x_k", metric(at, "x_k"))
    assert_shown(printed, "f(x_k)", metric(at, "f(x_k)"))
    assert_shown(printed, "curvature f''(x_k)", metric(at, "Curvature λ = f″(x_k)"))
    # an independent float64 oracle: three steps of x ← x − η f′(x) with f′ = 2(x − 1) + 2x³
    x = -2.5
    for _ in range(3):
        x -= 0.05 * (2 * (x - 1) + 2 * x**3)
    assert float(printed["x_k"]) == pytest.approx(x, rel=1e-5)


def test_rate_of_change():
    at = open_page("rate_of_change", query={"roc_formula": "x^3 - x", "roc_range": ["-2.0", "3.0"],
                                            "roc_x0": "1.5", "roc_dx": "0.1"})
    assert not at.exception
    printed = run_script(served_script(at, "rate_of_change"))
    assert_shown(printed, "secant slope dy/dx", metric(at, "Secant slope Δy/Δx"))
    assert_shown(printed, "f'(x0) from jax.grad", metric(at, "f′(x₀) from jax.grad"))
    assert float(printed["f'(x0) from jax.grad"]) == pytest.approx(3 * 1.5**2 - 1, rel=1e-6)  # closed form
    assert float(printed["secant slope dy/dx"]) == pytest.approx(((1.6**3 - 1.6) - (1.5**3 - 1.5)) / 0.1, rel=1e-4)


def test_extrema():
    at = open_page("extrema", query={"ext_preset": "sin(x)", "ext_formula_3": "sin(x) + 0.3*x",
                                     "ext_range_3": ["-4.0", "5.0"]})
    assert not at.exception
    printed = run_script(served_script(at, "extrema"))
    table = at.dataframe[0].value
    assert len(table) >= 2
    for i, row in enumerate(table.itertuples(index=False)):
        assert float(printed[f"critical point {i}: x"]) == pytest.approx(row[0], rel=1e-5, abs=1e-6)
        assert float(printed[f"critical point {i}: f(x)"]) == pytest.approx(row[1], rel=1e-5, abs=1e-6)
        assert printed[f"critical point {i}: kind"] == row[3]
        assert math.cos(float(printed[f"critical point {i}: x"])) == pytest.approx(-0.3, abs=1e-4)  # f′ = 0
    assert f"critical point {len(table)}: x" not in printed
    sentences = {m.value.split()[0]: m.value for m in at.markdown if re.match(r"(Smallest|Largest) f on", m.value)}
    low, high = (re.search(r"at x = ([-+\d.e]+?)\.?(?: \(|$)", sentences[w]).group(1) for w in ("Smallest", "Largest"))
    assert printed["smallest and largest sure"] == "True"
    assert_shown(printed, "smallest f at x", low)
    assert_shown(printed, "largest f at x", high)


def test_higher_order():
    at = open_page("higher_order", query={"ho_formula": "exp(-x^2)", "ho_order": "4", "ho_point": "0.7",
                                          "ho_center": "0.5", "ho_degree": "5"})
    assert not at.exception
    printed = run_script(served_script(at, "higher_order"))
    values = at.dataframe[0].value.iloc[:, 1].to_numpy()
    assert len(values) == 5
    for k, value in enumerate(values):
        assert float(printed[f"f^({k})(POINT)"]) == pytest.approx(value, rel=1e-5, abs=1e-6)
    x = 0.7  # closed forms of the first two derivatives of exp(−x²)
    assert float(printed["f^(1)(POINT)"]) == pytest.approx(-2 * x * math.exp(-x * x), rel=1e-5)
    assert float(printed["f^(2)(POINT)"]) == pytest.approx((4 * x * x - 2) * math.exp(-x * x), rel=1e-5)
    caption = next(c.value for c in at.caption if c.value.startswith("Coefficients"))
    shown = caption.split(": ", 1)[1].split(" (k!")[0].split(", ")
    assert len(shown) == 6
    for k, text in enumerate(shown):
        assert_shown(printed, f"Taylor coefficient {k}, f^({k})(CENTRE)/{k}!", text)


def test_chain_rule():
    query = {"ch_mode": "Choose your own", "ch_count": "3", "ch_layer0": "sin(x)", "ch_layer1": "x^2 + 1",
             "ch_layer2": "log(x)", "ch_x": "0.8"}
    at = open_page("chain_rule", query=query)
    assert not at.exception
    printed = run_script(served_script(at, "chain_rule"))
    assert_shown(printed, "y", metric(at, "y"))
    assert_shown(printed, "product of local derivatives", metric(at, "Product of local derivatives"))
    assert_shown(printed, "jax.grad of the composition", metric(at, "jax.grad of the composition"))
    s = math.sin(0.8)  # d/dx log(sin²x + 1) = 2 sin x cos x / (sin²x + 1)
    assert float(printed["jax.grad of the composition"]) == pytest.approx(2 * s * math.cos(0.8) / (s * s + 1), rel=1e-5)


def test_gradient_field():
    query = {"gf_surface": "Round bowl", "gf_px": "0.5", "gf_py": "-1.0", "gf_sx": "2.0", "gf_sy": "-1.5",
             "gf_lr": "0.2", "gf_steps": "100", "gf_optimizers": ["SGD", "Adam", "Newton"]}
    at = open_page("gradient_field", query=query)
    assert not at.exception
    printed = run_script(served_script(at, "gradient_field"))
    caption = next(c.value for c in at.caption if c.value.startswith("jax.grad gives"))
    gx, gy = re.search(r"jax.grad gives \[(\S+), (\S+)\]", caption).groups()
    assert_shown(printed, "df/dx at POINT", gx)
    assert_shown(printed, "df/dy at POINT", gy)
    assert float(printed["df/dx at POINT"]) == pytest.approx(1.0) and float(printed["df/dy at POINT"]) == -2.0
    field = next(s for s in plotly_specs(at) if s["layout"]["title"]["text"].startswith("Negative gradient"))
    names = [name for name in OPTIMIZER_LABELS if f"{name}: end x" in printed]
    assert names == ["sgd", "adam", "newton"]
    for name in names:
        path = trace(field, OPTIMIZER_LABELS[name])
        assert float(printed[f"{name}: end x"]) == pytest.approx(float(path["x"][-1]), rel=1e-5, abs=1e-6)
        assert float(printed[f"{name}: end y"]) == pytest.approx(float(path["y"][-1]), rel=1e-5, abs=1e-6)
    assert float(printed["sgd: end x"]) == pytest.approx(2.0 * 0.6**100, abs=1e-6)  # x ← (1 − 2·0.2) x
    assert float(printed["Hessian eigenvalue 1 at START"]) == pytest.approx(2.0)


def test_jacobian_hessian():
    query = {"jh_x": "0.5", "jh_y": "-1.5", "jh_f1": "x*y", "jh_f2": "sin(x) + y^2", "jh_scalar": "x^2*y + y^3"}
    at = open_page("jacobian_hessian", query=query)
    assert not at.exception
    printed = run_script(served_script(at, "jacobian_hessian"))
    x, y = 0.5, -1.5
    jac = np.array([[y, x], [math.cos(x), 2 * y]])  # closed forms, float64
    hess = np.array([[2 * y, 2 * x], [2 * x, 6 * y]])
    for i in range(2):
        for j in range(2):
            assert float(printed[f"J[{i}][{j}]"]) == pytest.approx(jac[i, j], rel=1e-5)
            assert float(printed[f"H[{i}][{j}]"]) == pytest.approx(hess[i, j], rel=1e-5)
    lam = np.linalg.eigvalsh(hess)
    assert [float(printed[f"Hessian eigenvalue {k}"]) for k in (1, 2)] == pytest.approx(lam, rel=1e-5)
    page_text = " ".join(m.value for m in at.markdown)
    shown = re.search(r"\\lambda_1 = (\S+)\$, \$\\lambda_2 = (\S+)\$", page_text).groups()
    assert_shown(printed, "Hessian eigenvalue 1", shown[0])
    assert_shown(printed, "Hessian eigenvalue 2", shown[1])
    assert printed["curved like a"] in page_text


def test_linear_regression():
    at = open_page("linear_regression", query={"reg_seed": "7", "reg_n": "500", "reg_noise": "0.8", "reg_lr": "0.3"})
    assert not at.exception
    for _ in range(4):
        at.button(key="reg_step").click().run()
    printed = run_script(served_script(at, "linear_regression"))
    assert printed["steps"] == metric(at, "Steps") == "4"
    assert_shown(printed, "w", metric(at, "w"))
    assert_shown(printed, "b", metric(at, "b"))
    assert_shown(printed, "loss", metric(at, "Loss"))
    text = next(m.value for m in at.markdown if "Exact least squares" in m.value)
    w, b = re.search(r"\$w = (\S+)\$, \$b = (\S+)\$", text).groups()
    assert_shown(printed, "least squares w", w)
    assert_shown(printed, "least squares b", b)


@pytest.mark.parametrize("hostile", ["__import__('os').system('id')", "x'''); import os; os.system('id'); ('",
                                     "x\nimport os", "open('/etc/passwd')", "x.__class__"])
def test_a_hostile_formula_in_the_link_never_reaches_the_script(hostile):
    at = open_page("descent_1d", query={"d1_formula": hostile})
    assert not at.exception
    script = served_script(at, "descent_1d")
    assert hostile not in script and repr(hostile) not in script
    assert "FORMULA = '(x - 3)^2 + 1'" in script  # the page's default, which the page also draws


def test_hostile_values_are_validated_by_the_generator():
    bad = {"d1_formula": "x^2') or exec('1", "d1_x0": "1e400", "d1_lr": "0.1; import os", "d1_steps": "7",
           "d1_k": "__import__"}
    script = view_script.script_for(registry.page("descent_1d"), bad.get)
    assert "; import os" not in script and "exec" not in script and "__import__" not in script
    constants = dict(line.split(" = ", 1) for line in script.split("# The view's values\n")[1].split("\n\n")[0]
                     .splitlines())
    assert constants == {"FORMULA": "'(x - 3)^2 + 1'", "X0": "0.0", "LEARNING_RATE": "0.1", "STEPS": "50",
                         "SHOWN_STEP": "50"}
    accepted = view_script.script_for(registry.page("descent_1d"), {"d1_formula": "sin(x) + 'x'"}.get)
    assert "sin(x) + 'x'" not in accepted  # parse_function refuses it, so it is not written


def test_pages_without_a_script_show_no_button():
    at = open_page("jit")
    assert not at.exception
    assert not [b for b in at.get("download_button") if b.proto.label == view_script.LABEL]


def test_per_example():
    at = open_page("per_example", query={"pe_w": "1.5", "pe_b": "-0.5", "pe_corrupt": "6", "pe_clip": "3.5"})
    assert not at.exception
    printed = run_script(served_script(at, "per_example"))
    table = at.dataframe[0].value  # its last row, the noisy DP-SGD mean, is a random draw the script skips
    for row, what in zip(list(table.itertuples(index=False))[:3], ("mean of per-example gradients",
                                                                   "batch gradient", "mean after clipping"),
                         strict=True):
        assert float(printed[f"{what}: dL/dw"]) == pytest.approx(row[1], rel=1e-5, abs=1e-6)
        assert float(printed[f"{what}: dL/db"]) == pytest.approx(row[2], rel=1e-5, abs=1e-6)
    text = next(m.value for m in at.markdown if "outliers" in m.value)
    outliers, longer = re.search(r"\*\*(\d+)\*\* outliers.*\*\*(\d+)\*\* gradients are longer", text).groups()
    assert (printed["outliers"], printed["gradients longer than C"]) == (outliers, longer)


def test_procurement():
    query = {"basis": "period-to-period changes", "gd_start": "0.7", "gd_step": "1.5", "tradeoff": "0.4"}
    at = open_page("procurement", query=query)
    assert not at.exception
    printed = run_script(served_script(at, "procurement"))
    omega = metric(at, "Closed form, clipped to [0, 1]")
    assert_shown(printed, "omega* (closed form, clipped to [0, 1])", omega.removeprefix("ω* = "))
    descent = next(m for m in at.metric if m.label.startswith("Projected descent"))
    assert descent.label == f"Projected descent, {printed['projected descent steps']} steps"
    assert_shown(printed, "omega after projected descent", descent.value.removeprefix("ω = "))
    grid = metric(at, "Article's grid: smallest |dL/dω|")
    assert_shown(printed, "omega on the article's grid, smallest |dL/domega|", grid.removeprefix("ω = "))
    summary = next(d.value for d in at.dataframe if "blend" in d.value.index)
    for name in ("Supplier A", "Supplier B"):
        assert float(printed[f"minimum-variance weight of {name}"]) == pytest.approx(
            summary.loc[name].iloc[0], abs=1e-6)
    # an independent float64 oracle: ω* = (σ_B² − σ_AB) / (σ_A² + σ_B² − 2σ_AB) on the price changes
    from calc_core.article import PRICES_A, PRICES_B

    a, b = np.diff(np.asarray(PRICES_A, np.float64)), np.diff(np.asarray(PRICES_B, np.float64))
    cov = np.cov(a, b, bias=True)
    unclipped = (cov[1, 1] - cov[0, 1]) / (cov[0, 0] + cov[1, 1] - 2 * cov[0, 1])
    assert float(printed["omega (closed form, unclipped)"]) == pytest.approx(unclipped, rel=1e-4)
    assert float(printed["omega* (closed form, clipped to [0, 1])"]) == pytest.approx(min(max(unclipped, 0), 1),
                                                                                       rel=1e-4, abs=1e-6)


def test_neural_network():
    query = {"nn_target": "typed formula", "nn_formula": "x*cos(x)", "nn_noise": "0.1", "nn_seed": "3",
             "nn_points": "50", "nn_width": "16", "nn_depth": "1", "nn_activation": "tanh",
             "nn_optimizer": "adam", "nn_lr": "0.01"}
    at = open_page("neural_network", query=query)
    assert not at.exception
    for _ in range(2):
        at.button(key="nn_step").click().run()
    printed = run_script(served_script(at, "neural_network"))
    assert printed["steps"] == metric(at, "Steps").replace(",", "") == "200"
    assert_shown(printed, "loss (MSE)", metric(at, "Loss (MSE)"))


def test_cheat_sheet():
    at = open_page("cheat_sheet")
    assert not at.exception
    printed = run_script(served_script(at, "cheat_sheet"))
    table = at.dataframe[0].value
    for concept, live, analytic in zip(table["Concept"], table["Live result"], table["Analytic answer"], strict=True):
        for column, shown in (("JAX", live), ("by hand", analytic)):
            numbers = re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", shown)
            assert numbers, shown
            for i, text in enumerate(numbers):
                assert_shown(printed, f"{concept} [{i}], {column}", text)


def test_no_script_while_a_predict_first_answer_is_hidden():
    assert predict.answer_hidden(registry.page("tangent_line"), {"tan_predict": True})
    assert not predict.answer_hidden(registry.page("tangent_line"), {"tan_predict": True, "tan_revealed": True})
    assert not predict.answer_hidden(registry.page("tangent_line"), {"tan_predict": False})
    assert not predict.answer_hidden(registry.page("descent_1d"), {"tan_predict": True})  # another page's switch, left over
