"""Links and lessons saved before a setting was renamed (``lr_*`` → ``reg_*``) open the same view."""

import json

import numpy as np
import pytest

from dashboard.classroom import lessons
from dashboard.kit import state
from devtools.apptest import open_page
from tests.vega_spec import vega_charts

OLD = {"lr_lr": "0.3", "lr_noise": "0.8", "lr_n": "500", "lr_seed": "7", "lr_reuse": "true"}


def view(at) -> dict:
    """What the page shows: its controls and the data of its fit chart."""
    controls = {"lr": at.slider(key="reg_lr").value, "noise": at.slider(key="reg_noise").value,
                "n": at.select_slider(key="reg_n").value, "seed": at.number_input(key="reg_seed").value,
                "reuse": at.toggle(key="reg_reuse").value}
    return controls | {"points": vega_charts(at)[0][1]["points"]}


def test_an_old_link_opens_the_same_view_as_its_new_names():
    old = open_page("linear_regression", query=OLD)
    new = open_page("linear_regression", query={state.current_name(k): v for k, v in OLD.items()})
    assert not old.exception and not new.exception
    shown_old, shown_new = view(old), view(new)
    assert shown_old["lr"] == pytest.approx(0.3) and shown_old["noise"] == pytest.approx(0.8)
    assert (shown_old["n"], shown_old["seed"], shown_old["reuse"]) == (500, 7, True)
    assert len(shown_old["points"]) == 500
    np.testing.assert_array_equal(shown_old.pop("points").to_numpy(), shown_new.pop("points").to_numpy())
    assert shown_old == shown_new
    assert not any("link asked for" in w.value for w in old.warning)  # nothing reported as unusable
    assert not any(name.startswith("lr_") for name in old.query_params)


def test_an_old_name_beside_its_new_name_loses():
    at = open_page("linear_regression", query={"lr_lr": "0.3", "reg_lr": "0.5"})
    assert not at.exception
    assert at.slider(key="reg_lr").value == pytest.approx(0.5)


def test_a_lesson_saved_with_old_names_imports_under_the_new_ones_and_opens():
    data = json.dumps({"format": lessons.FORMAT, "version": lessons.VERSION, "title": "Old",
                       "steps": [{"title": "Fit", "page": "linear_regression", "params": {"lr_lr": "0.3", "lr_seed": "7"}}]})
    (step,) = lessons.lesson_from_json(data).steps
    assert step.params == {"reg_lr": "0.3", "reg_seed": "7"}  # the seed too (inputs.seed_input binds it)
    at = open_page("linear_regression", query=step.params)
    assert at.slider(key="reg_lr").value == pytest.approx(0.3) and at.number_input(key="reg_seed").value == 7
