"""The cheat sheet's live JAX results, read off the page, match answers worked out here by hand."""

import re

import numpy as np

from devtools.apptest import open_page


def parse_array(text: str) -> np.ndarray:
    return np.array([float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", text)])


def analytic_answers() -> dict[str, np.ndarray]:
    t = np.tanh(2.0)
    x, y = 1.0, 2.0
    xs, ys = np.array([1.0, 2.0, 3.0]), np.array([2.0, 3.0, 5.0])
    residual = 1.0 * xs + 0.0 - ys
    return {
        "Derivative": np.array([3 * 2.0**2]),                              # d/dx x^3 at 2
        "Gradient": np.array([2 * x + 3 * y, 3 * x + 2 * y]),               # [8, 7]
        "Jacobian": np.array([2 * x, 1.0, y**3, 3 * x * y**2]),              # [[2, 1], [8, 12]]
        "Hessian": np.array([6 * x, 2 * y, 2 * y, 2 * x + 6 * y]),           # [[6, 4], [4, 14]]
        "Chain rule": np.array([2 * t * (1 - t**2)]),                       # 0.1313
        "Per-example grad": np.stack([2 * residual * xs, 2 * residual], 1).ravel(),
        "JIT compilation": np.array([2 * (0.0 - 3.0)]),                     # -6
    }


def test_every_row_live_result_matches_the_analytic_value():
    at = open_page("cheat_sheet")
    assert not at.exception
    table = at.dataframe[0].value
    answers = analytic_answers()
    assert list(table["Concept"]) == list(answers)
    for concept, live in zip(table["Concept"], table["Live result"], strict=True):
        np.testing.assert_allclose(parse_array(live), answers[concept], rtol=1e-3, atol=1e-4,
                                   err_msg=concept)
    assert table["Agrees"].all()


def test_rows_show_their_math_in_latex():
    at = open_page("cheat_sheet")
    latex = " ".join(element.value for element in at.latex)
    for fragment in [r"f'(x)", r"\nabla_\theta L", r"\partial \mathbf{f}", r"\partial^2 f", r"\nabla_\theta \ell_i"]:
        assert fragment in latex
