"""Neural network page: Step runs one chunk, lr keeps the run, architecture resets, errors are explained."""

import numpy as np

from calc_core import mlp
from tests.app.conftest import open_page
from tests.figure_spec import plotly_specs, trace


def title(at) -> str:
    return plotly_specs(at)[0]["layout"]["title"]["text"]


def test_step_trains_one_chunk_and_lowers_the_loss():
    at = open_page("neural_network")
    assert not at.exception
    assert title(at) == "sin(x): prediction after 0 steps"
    first_loss = trace(plotly_specs(at)[1], "loss")["y"][-1]
    for _ in range(3):
        at.button(key="nn_step").click().run()
    assert title(at) == f"sin(x): prediction after {3 * mlp.CHUNK} steps"
    loss = trace(plotly_specs(at)[1], "loss")["y"]
    assert len(loss) == 3 * mlp.CHUNK + 1 and loss[-1] < first_loss
    assert len(plotly_specs(at)[2]["data"]) == 16  # hidden units drawn


def test_learning_rate_keeps_training_but_width_resets():
    at = open_page("neural_network")
    at.button(key="nn_step").click().run()
    at.select_slider(key="nn_lr").set_value(0.03).run()
    at.button(key="nn_step").click().run()
    assert title(at).endswith(f"after {2 * mlp.CHUNK} steps")
    at.select_slider(key="nn_width").set_value(16).run()
    assert title(at).endswith("after 0 steps")
    assert at.session_state["nn_params"][0][0].shape == (1, 16)


def test_divergence_stops_training_with_an_explanation():
    at = open_page("neural_network")
    at.select_slider(key="nn_lr").set_value(3.0).run()
    at.button(key="nn_play").click().run()
    assert not at.exception
    assert any("diverged" in e.value for e in at.error)
    assert at.session_state["nn_running"] is False
    assert mlp.is_finite(at.session_state["nn_params"])


def test_typed_target_and_a_bad_formula():
    at = open_page("neural_network")
    at.selectbox(key="nn_target").set_value("typed formula").run()
    at.text_input(key="nn_formula").set_value("x^2/3").run()
    target = trace(plotly_specs(at)[0], "target")
    np.testing.assert_allclose(target["y"], target["x"] ** 2 / 3, rtol=1e-4, atol=1e-5)
    at.text_input(key="nn_formula").set_value("log(x)").run()
    assert not at.exception
    assert any("not finite" in e.value for e in at.error)
    target = trace(plotly_specs(at)[0], "target")
    np.testing.assert_allclose(target["y"], target["x"] ** 2 / 3, rtol=1e-4, atol=1e-5)  # last good data
