"""Gradient descent in 1-D, run through the real router: the article's 50 steps, step/reset, divergence."""

import numpy as np

from devtools.apptest import open_page
from tests.figure_spec import plotly_specs, trace


def metrics(at) -> list[str]:
    return [m.value for m in at.metric]


def test_opens_on_the_article_run_reaching_three():
    at = open_page("descent_1d")
    assert not at.exception
    assert metrics(at)[:2] == ["50 of 50", "3.0000"]
    curve, against_step, _ = plotly_specs(at)
    xs = trace(against_step, "x_k")["y"]
    np.testing.assert_allclose(xs, 3.0 - 3.0 * 0.8 ** np.arange(51), atol=1e-4)
    assert len(trace(curve, "iterates")["x"]) == 51
    assert "converges" not in " ".join(e.value for e in at.error)


def test_step_and_reset_keep_the_iterate_in_session_state():
    at = open_page("descent_1d")
    at.button(key="d1_reset").click().run()
    assert metrics(at)[0] == "0 of 50" and at.session_state["d1_iterate"] == 0.0
    at.button(key="d1_step").click().run()
    at.button(key="d1_step").click().run()
    assert metrics(at)[0] == "2 of 50"
    np.testing.assert_allclose(at.session_state["d1_iterate"], 0.6 + 0.8 * 0.6 * 1.0, rtol=1e-5)  # 1.08
    assert len(trace(plotly_specs(at)[0], "iterates")["x"]) == 3


def test_oscillation_and_divergence_are_explained():
    at = open_page("descent_1d")
    at.button(key="d1_preset_oscillate").click().run()
    assert "1/λ < η < 2/λ" in at.info[0].value
    at.button(key="d1_preset_diverge").click().run()
    assert not at.exception
    message = at.error[0].value
    assert "Diverged at step 38" in message and "2/λ = 1" in message
    xs = trace(plotly_specs(at)[1], "x_k")["y"]
    assert len(xs) == 38 and np.all(np.isfinite(xs))  # the chart stops; no NaN spikes


def test_bad_formula_keeps_the_last_good_one():
    at = open_page("descent_1d")
    at.text_input(key="d1_formula").set_value("(x - 1)^2").run()
    assert metrics(at)[1] == "1.0000"
    at.text_input(key="d1_formula").set_value("(x - 1)^").run()
    assert not at.exception and "Still showing the last good formula" in at.error[0].value
    assert metrics(at)[1] == "1.0000"
