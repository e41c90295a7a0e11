"""Predict, then reveal: the answer stays hidden until Reveal, then shows beside the guess (closed forms)."""

import re

import numpy as np
import pytest

from calc_core import article
from dashboard.kit import predict
from devtools.apptest import open_page
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
    assert predict.reveal_text(answer, guess) == words


@pytest.mark.parametrize(("formula", "x0", "curvature"), [("(x - 3)^2 + 1", 0.0, 2.0),
                                                         ("x^4 - 2*x^2", 2.0, 8.0),  # minimum at 1: 12 − 4
                                                         ("cosh(x)", 1.0, 1.0)])
def test_descent_threshold_is_hidden_then_revealed_as_two_over_the_curvature(formula, x0, curvature):
    at = open_page("descent_1d", query={"d1_formula": formula, "d1_x0": str(x0), "d1_predict": "true"})
    assert not at.get("plotly_chart") or all("η" not in (s["layout"]["title"]["text"] or "")
                                               for s in plotly_specs(at))  # no stability chart yet
    assert any("Predict first" in i.value for i in at.info)
    reveal(at, "d1")
    assert numbers(at.success[0].value)[0] == pytest.approx(2 / curvature, abs=2e-3)
    assert any("η against" in s["layout"]["title"]["text"] for s in plotly_specs(at))


def test_descent_without_a_minimum_says_there_is_nothing_to_predict():
    at = open_page("descent_1d", query={"d1_formula": "exp(x)", "d1_predict": "true"})
    assert any("no learning rate threshold" in i.value for i in at.info)


@pytest.mark.parametrize(("formula", "where"), [("(x - 0.7)^2 + 1", 0.7), ("x^3 - 2*x", -2.0),  # an end
                                                ("abs(x + 0.5)", -0.5)])  # a corner
def test_extrema_minimum_location_is_hidden_then_revealed(formula, where):
    at = open_page("extrema", query={"ext_formula_0": formula, "ext_predict": "true"})
    assert not at.dataframe and any("Predict first" in i.value for i in at.info)  # no table, no answer
    reveal(at, "ext")
    assert numbers(at.success[0].value)[0] == pytest.approx(where, abs=2e-3)
    assert at.dataframe or "No critical point" in " ".join(i.value for i in at.info)


def test_procurement_omega_is_hidden_everywhere_then_revealed_on_the_articles_boundary():
    at = open_page("procurement", query={"proc_predict": "true"})
    titles = [s["layout"].get("title", {}).get("text", "") for s in plotly_specs(at)]
    assert not any("ω" in t for t in titles) and not any(h.value == "The answer" for h in at.header)
    at.number_input(key="proc_guess").set_value(0.5).run()
    reveal(at, "proc")
    answer, guess = numbers(at.success[0].value)[:2]
    a, b = np.array(article.PRICES_A, float), np.array(article.PRICES_B, float)  # closed form, clipped to [0, 1]
    cov = np.cov(a, b, bias=True)
    unclipped = (cov[1, 1] - cov[0, 1]) / (cov[0, 0] + cov[1, 1] - 2 * cov[0, 1])
    assert unclipped == pytest.approx(1.012, abs=1e-3)
    assert (answer, guess) == pytest.approx((min(max(unclipped, 0.0), 1.0), 0.5), abs=1e-3)
    assert any(h.value == "The answer" for h in at.header)


def test_presenter_mode_draws_thicker_lines_and_larger_text():
    plain = plotly_specs(open_page("descent_1d"))[0]
    projected = plotly_specs(open_page("descent_1d", query={"presenter": "true"}))[0]
    assert projected["layout"]["font"]["size"] > plain["layout"]["font"]["size"]
    assert projected["data"][0]["line"]["width"] > plain["data"][0]["line"]["width"]
