"""Chain rule: layer by layer, forward values and local derivatives multiply; jax.grad of the whole agrees."""

import pandas as pd
import streamlit as st

from calc_core import article, chain
from calc_core.chain_view import ChainView, chain_view
from calc_core.expr import parse_function
from dashboard import ui
from dashboard.figures import derivatives as figs

DEFAULT_LAYERS = ("tanh(x)", "x^2", "sin(x)", "exp(x)")


def layer_controls() -> tuple[bool, tuple, list[str]]:
    """The article's two layers or up to four typed ones; returns ``(article_mode, layers, names)``."""
    mode = st.radio("Layers", ["Article: tanh, then square", "Choose your own"], horizontal=True, key="ch_mode",
                    bind=ui.SHARE)
    if mode.startswith("Article"):
        return True, (article.layer1, article.layer2), ["tanh(x)", "x^2"]
    count = st.select_slider("Number of layers", [1, 2, 3, 4], value=3, key="ch_count", bind=ui.SHARE)
    columns, picked = st.columns(count), []
    for i in range(count):
        with columns[i]:
            layer, _ = ui.formula_input(f"Layer {i + 1}: L{i + 1}(x) =", f"ch_layer{i}", DEFAULT_LAYERS[i])
            picked.append(layer)
    return False, tuple(picked), [layer.text for layer in picked]


def layer_table(view: ChainView, names: list[str]) -> None:
    """Each layer's input, output and local derivative, then y, the product and jax.grad, and whether they agree."""
    result, values, local = view.result, view.values, view.local
    st.dataframe(pd.DataFrame({"layer": [f"L{i + 1}(x) = {n}" for i, n in enumerate(names)],
                               "input v_{i−1}": values[:-1], "output v_i": values[1:],
                               "local derivative L_i′(v_{i−1})": local}), hide_index=True, key="ch_table")
    m1, m2, m3 = st.columns(3)
    m1.metric("y", ui.shown(values[-1], ".6g"))
    m2.metric("Product of local derivatives", ui.shown(result.product, ".6g"))
    m3.metric("jax.grad of the composition", ui.shown(result.autodiff, ".6g"))
    verdict = view.verdict
    if verdict == "not finite":
        st.warning("A layer produced a non-finite value at this x (e.g. log of a negative): move x or change "
                   "the layer.", icon=":material/warning:")
    elif verdict == "agree":
        st.success("They agree: jax.grad applies exactly this chain rule.", icon=":material/check_circle:")


def render() -> None:
    """Layers and x → calc_core.chain.chain_rule → table, chart and jaxpr."""
    st.title("Chain rule")
    st.markdown("A network is a composition of layers. Each layer's derivative at its own input is a *local* "
                "derivative; the chain rule multiplies them, which is what backpropagation does.")
    st.latex(r"y = L_n(\cdots L_2(L_1(x))),\qquad \frac{dy}{dx} = L_n'(v_{n-1}) \cdots L_2'(v_1)\, L_1'(v_0),"
             r"\quad v_0 = x,\; v_i = L_i(v_{i-1})")
    article_mode, layers, names = layer_controls()
    x = st.slider("x", -3.0, 3.0, value=article.CHAIN_X, step=0.05, key="ch_x", bind=ui.SHARE)
    view = chain_view(layers, x)
    layer_table(view, names)
    ui.plotly_chart(figs.chain_figure(view.result, names), key="ch_chart", width="stretch")
    if article_mode:
        st.markdown(f"By hand: $\\frac{{d}}{{dx}}\\tanh^2 x = 2\\tanh x\\,\\operatorname{{sech}}^2 x$, "
                    f"so at $x = 2$ it is $2 \\cdot 0.9640 \\cdot 0.0707 \\approx {article.CHAIN_DERIVATIVE}$.")
    with st.expander("The jaxpr of jax.grad: what autodiff actually runs", icon=":material/account_tree:"):
        st.markdown("`jax.make_jaxpr` traces the gradient into primitive operations: the forward pass, "
                    "then each local derivative multiplied in reverse order.")
        st.code(view.jaxpr, language=None)
    ui.show_source(chain.chain_rule, chain.compose, *((article.composed,) if article_mode else (parse_function,)))


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
