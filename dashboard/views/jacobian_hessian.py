"""Jacobian and Hessian: jax.jacobian and jax.hessian at a point, checked against finite differences."""

import numpy as np
import streamlit as st

from calc_core import article, surfaces
from calc_core.pages.jacobian_hessian import hessian_view, jacobian_view
from dashboard.figures import jacobian_hessian as figs
from dashboard.kit import chrome, guard, inputs, links
from dashboard.kit.page import PageSpec
from dashboard.kit.script import Values, render_script

XY = ("x", "y")
SPAN = 2.0  # the Hessian contour chart shows the point ± SPAN on both axes


def bmatrix(m: np.ndarray) -> str:
    rows = [" & ".join(f"{v:.4g}" for v in row) for row in np.asarray(m, np.float64)]
    return r"\begin{bmatrix}" + r"\\".join(rows) + r"\end{bmatrix}"


# Each section is a fragment: its formulas and slider rerun (and resend) only that section.
@st.fragment
@guard.guarded("Jacobian")
def jacobian_section(point: np.ndarray) -> None:
    """A typed vector function's Jacobian at ``point`` (shape ``(2,)``), checked, and drawn as a linear map."""
    st.header("Jacobian of a vector function", divider="gray")
    st.latex(r"J_{ij} = \frac{\partial f_i}{\partial x_j}, \qquad "
             r"\mathbf f(\mathbf q) \approx \mathbf f(\mathbf p) + J(\mathbf p)\,(\mathbf q - \mathbf p)")
    c1, c2, c3 = st.columns([2, 2, 1])
    with c1:
        g1, _ = inputs.formula_input("f₁(x, y) =", "jh_f1", article.VECTOR_FORMULAS[0], XY)
    with c2:
        g2, _ = inputs.formula_input("f₂(x, y) =", "jh_f2", article.VECTOR_FORMULAS[1], XY)
    with c3:
        radius = st.slider("grid half-width", 0.05, 1.0, 0.3, step=0.05, key="jh_radius", bind=links.SHARE)
    view = jacobian_view(g1, g2, point, radius)
    jac, jac_fd = view.jac, view.jac_fd
    left, right = st.columns(2)
    left.latex(r"\texttt{jax.jacobian}:\ J = " + bmatrix(jac))
    right.latex(r"\text{finite differences}:\ " + bmatrix(jac_fd))
    gap, close = view.gap, view.close
    if guard.warn_if_not_finite("The Jacobian", jac, jac_fd):
        (st.success if close else st.warning)(
            f"Largest difference between autodiff and finite differences: {gap:.2e}", icon=":material/rule:")
    lm = view.linear_map
    fig = figs.linear_map_figure(lm.grid, lm.image, lm.linear, point, view.value)
    chrome.plotly_chart(fig, key="jh_linear_map", width="stretch")
    st.caption("Near the point, f bends the grid; the Jacobian's linear map (dashed) matches it better the "
               "smaller the grid.")


@st.fragment
@guard.guarded("Hessian")
def hessian_section(point: np.ndarray) -> None:
    """A typed scalar function's Hessian at ``point``, checked, with its eigen-directions on the contours."""
    st.header("Hessian of a scalar function", divider="gray")
    st.latex(r"H_{ij} = \frac{\partial^2 f}{\partial x_i\, \partial x_j}")
    g, _ = inputs.formula_input("f(x, y) =", "jh_scalar", article.SCALAR_FORMULA, XY)
    view = hessian_view(g, point, SPAN)
    hess, hess_fd, lam, vectors, grad = view.hess, view.hess_fd, view.lam, view.vectors, view.grad
    left, right = st.columns(2)
    left.latex(r"\texttt{jax.hessian}:\ H = " + bmatrix(hess))
    right.latex(r"\text{finite differences}:\ " + bmatrix(hess_fd))
    if guard.warn_if_not_finite("The Hessian or the gradient", hess, hess_fd, lam, grad):
        kind, norm, critical = view.kind, view.norm, view.critical
        st.markdown(f"Eigenvalues $\\lambda_1 = {lam[0]:.4g}$, $\\lambda_2 = {lam[1]:.4g}$; "
                    f"$|\\nabla f| = {norm:.4g}$. " +
                    (f"This is a critical point, and it is a **{kind}**." if critical else
                     f"Not a critical point ($\\nabla f \\neq 0$), but the surface is curved like a **{kind}** here."))
    fig = figs.hessian_contour_figure(view.field, point, lam, vectors)
    chrome.plotly_chart(fig, key="jh_hessian_chart", width="stretch")
    st.markdown(r"The eigenvectors are the directions of pure curvature: along each, $f$ bends like "
                r"$\tfrac{\lambda}{2}t^2$. Both $\lambda > 0$: a bowl (minimum); both $< 0$: a cap (maximum); "
                r"mixed signs: a saddle; a zero eigenvalue: the second-derivative test cannot decide.")


def render() -> None:
    """The point → two fragments: the Jacobian of a typed vector function, the Hessian of a typed scalar one."""
    st.title("Jacobian and Hessian")
    a, b = st.columns(2)
    px = a.number_input("point x", value=article.JH_POINT[0], step=0.1, key="jh_x",
                        bind=links.SHARE, min_value=-10.0, max_value=10.0)
    py = b.number_input("point y", value=article.JH_POINT[1], step=0.1, key="jh_y",
                        bind=links.SHARE, min_value=-10.0, max_value=10.0)
    point = np.array([px, py], np.float32)
    jacobian_section(point)
    hessian_section(point)
    chrome.show_source(PAGE, surfaces.jacobian, surfaces.hessian, surfaces.classify_eigenvalues)


def script(v: Values) -> str:
    """The view as a script (``PageSpec.script``)."""
    xy = ("x", "y")
    return render_script(PAGE, {
        "POINT": (v.number("jh_x", article.JH_POINT[0], -10.0, 10.0), v.number("jh_y", article.JH_POINT[1], -10.0, 10.0)),
        "F1": v.formula("jh_f1", article.VECTOR_FORMULAS[0], xy), "F2": v.formula("jh_f2", article.VECTOR_FORMULAS[1], xy),
        "SCALAR": v.formula("jh_scalar", article.SCALAR_FORMULA, xy)}, """
import numpy as np

from calc_core import surfaces
from calc_core.expr import as_vector_function, parse_function
""", """
point = np.array(POINT, np.float32)
vector_f = surfaces.stacked(parse_function(F1, ("x", "y")), parse_function(F2, ("x", "y")))
J = np.asarray(surfaces.jacobian(vector_f, point))  # jax.jacobian: shape (2, 2)
for i in range(2):
    for j in range(2):
        print(f"J[{i}][{j}] =", float(J[i, j]))
scalar_f = as_vector_function(parse_function(SCALAR, ("x", "y")), 2)
H = np.asarray(surfaces.hessian(scalar_f, point))  # jax.hessian: shape (2, 2)
for i in range(2):
    for j in range(2):
        print(f"H[{i}][{j}] =", float(H[i, j]))
lam, _ = surfaces.hessian_eigen(scalar_f, point)
print("Hessian eigenvalue 1 =", float(lam[0]))
print("Hessian eigenvalue 2 =", float(lam[1]))
print("curved like a =", surfaces.classify_eigenvalues(lam))
""")


PAGE = PageSpec(
    slug="jacobian_hessian",
    title="Jacobian and Hessian",
    icon="grid_on",
    blurb="The Jacobian as a linear map, the Hessian's curvature and its eigenvectors.",
    prefixes=("jh",),
    links=("jh_scalar", "jh_x", "jh_y", "jh_f1", "jh_f2", "jh_radius"),
    script=script,
)


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
