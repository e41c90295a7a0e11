"""Jacobian and Hessian page: the article's matrices at (1, 2), finite-difference checks, classification."""

from devtools.apptest import open_page
from tests.figure_spec import plotly_specs, trace


def test_article_matrices_at_one_two():
    at = open_page("jacobian_hessian")
    assert not at.exception
    latex = [element.value for element in at.latex]
    jac = r"\begin{bmatrix}2 & 1\\8 & 12\end{bmatrix}"
    hess = r"\begin{bmatrix}6 & 4\\4 & 14\end{bmatrix}"
    assert sum(jac in text for text in latex) == 2  # jax.jacobian and finite differences
    assert sum(hess in text for text in latex) == 2
    assert "Largest difference" in at.success[0].value
    assert "Not a critical point" in at.markdown[0].value or any(
        "Not a critical point" in m.value for m in at.markdown)


def test_saddle_at_the_origin_is_classified_with_its_eigenvectors():
    at = open_page("jacobian_hessian")
    at.number_input(key="jh_x").set_value(0.0).run()
    at.number_input(key="jh_y").set_value(0.0).run()
    at.text_input(key="jh_scalar").set_value("x^2 + 3*x*y + y^2").run()
    assert not at.exception
    assert any("critical point, and it is a **saddle**" in m.value for m in at.markdown)
    hessian_chart = plotly_specs(at)[-1]
    names = [t["name"] for t in hessian_chart["data"]]
    assert any(n.startswith("λ1 = -1") for n in names) and any(n.startswith("λ2 = 5") for n in names)
    assert trace(hessian_chart, "the point")["x"][0] == 0.0


def test_bad_vector_formula_keeps_the_last_good_jacobian():
    at = open_page("jacobian_hessian")
    at.text_input(key="jh_f2").set_value("x*y^").run()
    assert not at.exception and "Still showing the last good formula" in at.error[0].value
    assert any(r"8 & 12" in element.value for element in at.latex)
