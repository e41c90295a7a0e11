"""Issue 9's optimisation and training cases, through the real router, each against a float64 NumPy oracle.

Saddle escape, the regression bound, 1-D runs judged from their iterates, the update rules on screen, the
network's typed target, DP noise, wording (procurement help, Hessian legend, Read more links).
"""

import json

import numpy as np
import pytest

from calc_core import mlp, regression
from devtools.apptest import open_page
from tests.figure_spec import plotly_specs, trace
from tests.vega_spec import vega_charts

SADDLE_HESSIAN = np.array([[2.0, 3.0], [3.0, 2.0]])  # x² + 3xy + y², constant


def spec_titled(at, start):
    return next(s for s in plotly_specs(at) if s["layout"]["title"]["text"].startswith(start))


def messages(at, kind="error") -> str:
    return " ".join(e.value for e in getattr(at, kind))


# --- gradient field ----------------------------------------------------------------------------------
def test_saddle_at_lr_0_1_for_500_steps_is_explained_as_an_escape_not_a_step_size():
    at = open_page("gradient_field")
    at.number_input(key="gf_lr").set_value(0.1).run()
    at.select_slider(key="gf_steps").set_value(500).run()
    assert not at.exception
    lam = np.linalg.eigvalsh(SADDLE_HESSIAN)  # oracle: −1 and 5
    text = next(e.value for e in at.error if e.value.startswith("Gradient descent diverged"))
    assert f"λ_min = {lam[0]:.3g}" in text and "negative curvature" in text and "(0.707, -0.707)" in text
    assert f"2/λ_max = {2 / lam[-1]:.3g}" in text and "not a step-size problem" in text
    assert "needs lr <" not in text
    chart = spec_titled(at, "Gradient descent's lr")
    notes = json.dumps(chart["layout"].get("annotations", []), ensure_ascii=False)
    assert "converges" not in notes and "negative curvature" in chart["layout"]["title"]["text"]
    path = trace(spec_titled(at, "Negative gradient"), "Gradient descent")
    end = np.array([path["x"][-1], path["y"][-1]])
    assert end @ np.array([1.0, -1.0]) > 10 * abs(end @ np.array([1.0, 1.0]))  # it left along (1, −1)


def test_a_bowl_run_that_settles_draws_zones_from_the_minimum_it_reached():
    at = open_page("gradient_field")
    at.selectbox(key="gf_surface").set_value("valley").run()
    assert not at.exception and not at.error
    chart = spec_titled(at, "Gradient descent's lr against 2/λ_max at the minimum")
    lines = sorted(s["x0"] for s in chart["layout"]["shapes"] if s["type"] == "line")
    lam = np.linalg.eigvalsh(np.diag([1.0, 20.0]))  # ½x² + 10y²
    np.testing.assert_allclose(lines, [1 / lam[-1], 2 / lam[-1]], rtol=1e-4)


def test_the_update_rules_racing_are_on_screen_in_latex():
    from calc_core import optimizers

    at = open_page("gradient_field")
    shown = " ".join(latex.value for latex in at.latex)
    for rule in optimizers.UPDATE_RULES.values():
        for equation in rule:
            assert equation.split("=", 1)[1].strip() in shown
    assert "H(\\theta_t)^{-1}" in shown  # Newton


# --- linear regression -------------------------------------------------------------------------------
def test_regression_states_the_true_bound_and_diverges_consistently_at_0_95():
    x, _ = regression.make_data()
    x64 = np.asarray(x, np.float64)
    oracle = 2.0 / np.linalg.eigvalsh(2.0 * np.array([[np.mean(x64 ** 2), np.mean(x64)], [np.mean(x64), 1.0]]))[-1]
    at = open_page("linear_regression")
    caption = " ".join(c.value for c in at.caption)
    assert f"{oracle:.3f}" in caption and "0.883" in caption
    at.slider(key="reg_lr").set_value(0.95).run()
    assert f"2/λ_max ≈ {oracle:.3f}" in messages(at, "warning")  # told before it runs
    at.select_slider(key="reg_speed").set_value(20).run()
    at.button(key="reg_play").click().run()
    for _ in range(4):
        at.run()
    assert not at.exception
    error = messages(at)
    assert "Diverged at learning rate 0.950" in error and f"{oracle:.3f}" in error
    assert "1/\\overline{x^2}" not in error and "1.10" not in error


def test_regression_just_below_the_bound_converges_and_shows_no_warning():
    at = open_page("linear_regression")
    at.slider(key="reg_lr").set_value(0.85).run()
    assert not any("2/λ_max" in w.value for w in at.warning)
    at.select_slider(key="reg_speed").set_value(20).run()
    at.button(key="reg_play").click().run()
    for _ in range(9):
        at.run()
    x, y = regression.make_data()
    assert not at.error
    np.testing.assert_allclose(at.session_state["reg_params"], regression.least_squares(x, y), atol=1e-3)


def test_reused_key_has_no_contradiction_about_noise():
    at = open_page("linear_regression")
    at.toggle(key="reg_reuse").set_value(True).run()
    text = " ".join(m.value for m in at.markdown)
    assert "differs a little" not in text and "no noise is left" in text


# --- 1-D descent: judged from the run ------------------------------------------------------------------
def one_d(formula: str, x0: float):
    at = open_page("descent_1d")
    at.text_input(key="d1_formula").set_value(formula).run()
    at.number_input(key="d1_x0").set_value(x0).run()
    assert not at.exception
    return at


def test_exp_says_there_is_no_minimum():
    at = one_d("exp(x)", 0.0)
    text = messages(at, "warning")
    assert "No minimum ahead" in text and "smooth slide" not in messages(at, "info")
    x_last = float(at.session_state["d1_iterate"])
    assert np.all(np.exp(np.linspace(x_last - 20, x_last, 1001)) > 0)  # oracle: f′ = eˣ > 0 on the range named


def test_x_cubed_from_one_heads_to_an_inflection_point_not_a_minimum():
    at = one_d("x^3", 1.0)
    text = messages(at, "warning")
    assert "inflection point, not a minimum" in text and "x ≈ 0" in text
    xs, x = [1.0], 1.0
    for _ in range(50):  # float64 oracle of the run: x ← x − 0.1·3x²
        x -= 0.1 * 3 * x * x
        xs.append(x)
    assert float(at.session_state["d1_iterate"]) == pytest.approx(xs[-1], rel=1e-4)
    assert not any("smooth slide" in i.value for i in at.info)


def test_x_to_the_fourth_from_two_overshoots_on_step_one():
    at = one_d("x^4", 2.0)
    x1 = 2.0 - 0.1 * 4 * 2.0**3  # oracle: −1.2, past the minimum at 0
    text = messages(at, "info")
    assert "flat minimum" in text and f"Step 1 jumped over the minimum (x went from 2 to {x1:.4g})" in text
    assert "smooth slide" not in text


# --- network: a bad typed formula keeps training on the last good one ----------------------------------
def test_bad_typed_target_keeps_the_training_and_the_last_good_formula():
    at = open_page("neural_network")
    at.selectbox(key="nn_target").set_value("typed formula").run()
    at.text_input(key="nn_formula").set_value("x^2/3").run()
    at.button(key="nn_step").click().run()
    at.button(key="nn_step").click().run()
    assert len(at.session_state["nn_losses"]) == 2
    at.text_input(key="nn_formula").set_value("x^2/").run()
    assert not at.exception
    assert any("Still showing the last good formula" in e.value for e in at.error)
    assert len(at.session_state["nn_losses"]) == 2  # not reset
    at.button(key="nn_step").click().run()
    assert len(at.session_state["nn_losses"]) == 3  # and it keeps training
    curves = vega_charts(at)[0][1]["curves"]
    np.testing.assert_allclose(curves["target"], curves["x"] ** 2 / 3, rtol=1e-4, atol=1e-5)
    assert vega_charts(at)[0][1]["title"]["text"].iloc[0] == f"x^2/3: prediction after {3 * mlp.CHUNK:,} steps"


def test_network_text_uses_the_real_point_count_noise_and_no_sgd_label():
    at = open_page("neural_network")
    intro = next(m.value for m in at.markdown if "The article's network" in m.value)
    assert "200 points without noise (σ = 0)" in intro and "noisy" not in intro
    at.select_slider(key="nn_points").set_value(50).run()
    at.slider(key="nn_noise").set_value(0.1).run()
    intro = next(m.value for m in at.markdown if "The article's network" in m.value)
    assert "50 points with Gaussian noise σ = 0.1" in intro
    assert at.selectbox(key="nn_optimizer").value == "sgd"
    assert "gradient descent" in at.selectbox(key="nn_optimizer").options


def test_old_links_naming_sgd_still_work():
    at = open_page("neural_network", query={"nn_optimizer": "sgd"})
    assert not at.exception and at.selectbox(key="nn_optimizer").value == "sgd"
    at = open_page("gradient_field", query={"gf_optimizers": ["SGD", "Adam"]})
    assert not at.exception and at.multiselect(key="gf_optimizers").value == ["sgd", "adam"]


# --- per-example: noise is the privacy ------------------------------------------------------------------
def test_per_example_page_adds_gaussian_noise_and_says_clipping_alone_is_not_private():
    at = open_page("per_example")
    text = " ".join(m.value for m in at.markdown)
    assert "Clipping alone gives no privacy" in text and "the differential-privacy step" not in text
    table = at.dataframe[0].value
    clipped, noisy = (table.iloc[i, 1:].astype(float).to_numpy() for i in (2, 3))
    assert np.linalg.norm(noisy - clipped) > 0  # σ = 1 by default: noise is added
    at.slider(key="pe_sigma").set_value(0.0).run()
    table = at.dataframe[0].value
    np.testing.assert_allclose(table.iloc[3, 1:].astype(float), table.iloc[2, 1:].astype(float), rtol=1e-5)


# --- wording -------------------------------------------------------------------------------------------
def test_procurement_help_does_not_claim_projected_descent_diverges():
    at = open_page("procurement")
    help_text = at.slider(key="gd_step").help
    assert "overshoots and diverges" not in help_text and "stays in [0, 1]" in help_text


def test_home_links_the_jax_documentation():
    at = open_page("home")
    text = " ".join(m.value for m in at.markdown)
    for name in ("grad", "jit", "vmap", "jacfwd", "jacrev", "hessian"):
        assert f"https://jax.readthedocs.io/en/latest/_autosummary/jax.{name}.html" in text
