"""Neural network page: Step runs one chunk, lr keeps the run, architecture resets, errors are explained.

The three charts are Vega-Lite specs; their numbers are read from the datasets the page sends.
"""

import numpy as np

from calc_core import mlp
from devtools.apptest import open_page
from tests.vega_spec import vega_charts


def title(at) -> str:
    return vega_charts(at)[0][1]["title"]["text"].iloc[0]


def data(at, chart: int, name: str):
    return vega_charts(at)[chart][1][name]


def test_step_trains_one_chunk_and_lowers_the_loss():
    at = open_page("neural_network")
    assert not at.exception
    assert title(at) == "sin(x): prediction after 0 steps"
    first_loss = data(at, 1, "loss")["loss"].iloc[-1]
    first_prediction = data(at, 0, "curves")["network"].to_numpy()
    for _ in range(3):
        at.button(key="nn_step").click().run()
    assert title(at) == f"sin(x): prediction after {3 * mlp.CHUNK} steps"
    loss = data(at, 1, "loss")
    assert len(loss) == 3 * mlp.CHUNK + 1 and loss["step"].iloc[-1] == 3 * mlp.CHUNK
    assert loss["loss"].iloc[-1] < first_loss
    curves = data(at, 0, "curves")
    np.testing.assert_allclose(curves["network"], np.ravel(mlp.forward_jit(at.session_state["nn_params"], mlp.GRID,
                                                                           "relu")), rtol=1e-5, atol=1e-6)
    assert not np.allclose(curves["network"], first_prediction)
    np.testing.assert_allclose(curves["target"], np.sin(curves["x"]), atol=1e-6)
    assert data(at, 2, "acts").shape == (200, 17)  # x and 16 hidden units drawn


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
    target = data(at, 0, "curves")
    np.testing.assert_allclose(target["target"], target["x"] ** 2 / 3, rtol=1e-4, atol=1e-5)
    at.text_input(key="nn_formula").set_value("log(x)").run()
    assert not at.exception
    assert any("not finite" in e.value for e in at.error)
    target = data(at, 0, "curves")
    np.testing.assert_allclose(target["target"], target["x"] ** 2 / 3, rtol=1e-4, atol=1e-5)  # last good data
