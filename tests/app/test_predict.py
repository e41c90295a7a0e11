"""Predict, then reveal: the answer stays hidden until Reveal, then shows beside the guess (closed forms)."""

import re

import pytest

from dashboard import ui
from tests.app.conftest import open_page
from tests.figure_spec import plotly_specs


def reveal(at, key):
    next(b for b in at.button if b.key == f"{key}_reveal").click().run()
    return at


def numbers(text: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+\.\d+", text)]


@pytest.mark.parametrize("x0", [-1.5, 0.0, 1.0, 1.8])
def test_tangent_slope_is_hidden_then_revealed_against_the_closed_form(x0):
    at = open_page("tangent_line", query={"tan_preset": "x³ − 2x", "tan_predict": "true"})
    at.slider(key="tan_x0").set_value(x0).run()
    names = [t.get("name") for t in plotly_specs(at)[0]["data"]]
    assert "tangent, Δx and Δy" not in names and not at.success  # hidden: no tangent, no answer
    at.number_input(key="tan_guess").set_value(0.5).run()
    reveal(at, "tan")
    answer, guess, off = numbers(at.success[0].value)[:3]
    assert answer == pytest.approx(3 * x0**2 - 2, abs=2e-3)  # d/dx (x³ − 2x)
    assert (guess, off) == pytest.approx((0.5, abs(0.5 - answer)), abs=2e-3)
    assert "tangent, Δx and Δy" in [t.get("name") for t in plotly_specs(at)[0]["data"]]


def test_a_new_point_hides_the_answer_again():
    at = open_page("tangent_line", query={"tan_predict": "true"})
    reveal(at, "tan")
    assert at.success
    at.slider(key="tan_x0").set_value(1.0).run()
    assert not at.success


def test_predict_mode_off_shows_the_page_as_before():
    at = open_page("tangent_line")
    assert not at.number_input and "tangent, Δx and Δy" in [t.get("name") for t in plotly_specs(at)[0]["data"]]


@pytest.mark.parametrize(("answer", "guess", "words"), [
    (2.0, 1.5, "Answer: 2.000. Your guess: 1.500, off by 0.500 (25% of the answer)."),
    (0.0, 0.1, "Answer: 0.000. Your guess: 0.100, off by 0.100."),
    (-4.0, None, "Answer: -4.000. (No guess was entered.)"),
])
def test_reveal_text(answer, guess, words):
    assert ui.reveal_text(answer, guess) == words
