"""Linear regression page: Step trains, the reused key gives w = 2.1, divergence is explained, Reset resets."""

import numpy as np

from calc_core import regression
from devtools.apptest import open_page
from tests.vega_spec import title, vega_charts


def fit_title(at) -> str:
    return title(vega_charts(at)[0])


def test_step_trains_and_converges_to_least_squares():
    at = open_page("linear_regression")
    assert not at.exception
    assert fit_title(at) == "y = 0.000x + 0.000 after 0 steps"
    at.button(key="reg_step").click().run()
    assert fit_title(at).endswith("after 1 steps")  # Step: one gradient step
    at.select_slider(key="reg_speed").set_value(20).run()
    at.button(key="reg_play").click().run()  # each run while playing is one tick of 20 steps
    for _ in range(9):
        at.run()
    assert len(at.session_state["reg_losses"]) == 201
    x, y = regression.make_data()
    np.testing.assert_allclose(at.session_state["reg_params"], regression.least_squares(x, y), atol=1e-4)
    fit, loss, params = vega_charts(at)
    assert loss[1]["loss"]["loss"].iloc[-1] < 0.02 < loss[1]["loss"]["loss"].iloc[0]
    w, b = (float(v) for v in at.session_state["reg_params"])
    lines = fit[1]["lines"]
    np.testing.assert_allclose(lines["fit"], w * lines["x"] + b, rtol=1e-5)
    np.testing.assert_allclose(lines["true"], 2 * lines["x"] + 1, rtol=1e-6)
    history = params[1]["history"]
    assert history["step"].iloc[-1] == 201 and history["w"].iloc[0] == 0
    np.testing.assert_allclose(history[["w", "b"]].iloc[-1], [w, b], rtol=1e-6)


def test_reused_key_fits_w_2_1_and_explains_why():
    at = open_page("linear_regression")
    at.toggle(key="reg_reuse").set_value(True).run()
    assert "noise" in at.warning[0].value and "2.100" in at.warning[0].value
    at.select_slider(key="reg_speed").set_value(20).run()
    at.button(key="reg_play").click().run()
    for _ in range(9):
        at.run()
    w, b = at.session_state["reg_params"]
    assert abs(w - 2.1) < 1e-3 and abs(b - 1.0) < 1e-3


def test_divergence_stops_with_an_explanation_and_reset_clears():
    at = open_page("linear_regression")
    at.slider(key="reg_lr").set_value(1.5).run()
    at.select_slider(key="reg_speed").set_value(20).run()
    at.button(key="reg_play").click().run()
    for _ in range(3):
        at.run()
    assert not at.exception
    assert at.session_state["reg_running"] is False
    assert any("Diverged" in e.value for e in at.error)
    assert np.isfinite(np.asarray(at.session_state["reg_params"])).all()
    at.button(key="reg_reset_button").click().run()
    assert fit_title(at).endswith("after 0 steps") and not at.error


def test_play_sets_running_and_trains_one_tick():
    at = open_page("linear_regression")
    at.button(key="reg_play").click().run()
    assert at.session_state["reg_running"] is True
    assert len(at.session_state["reg_losses"]) == 5
    assert at.button(key="reg_play").label == "Pause"
