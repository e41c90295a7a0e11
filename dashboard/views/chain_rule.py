"""Chain rule: layer by layer, forward values and local derivatives multiply; jax.grad of the whole agrees."""

import pandas as pd
import streamlit as st

from calc_core import article, chain
from calc_core.expr import parse_function
from calc_core.pages.chain_rule import ChainView, chain_view
from dashboard.figures import derivatives as figs
from dashboard.kit import chrome, inputs, links, markup
from dashboard.kit.page import PageSpec
from dashboard.kit.script import Values, render_script

DEFAULT_LAYERS = ("tanh(x)", "x^2", "sin(x)", "exp(x)")


def layer_controls() -> tuple[bool, tuple, list[str]]:
    """The article's two layers or up to four typed ones; returns ``(article_mode, layers, names)``."""
    mode = st.radio("Layers", ["Article: tanh, then square", "Choose your own"], horizontal=True, key="ch_mode",
                    bind=links.SHARE)
    if mode.startswith("Article"):
        return True, (article.layer1, article.layer2), ["tanh(x)", "x^2"]
    count = st.select_slider("Number of layers", [1, 2, 3, 4], value=3, key="ch_count", bind=links.SHARE)
    columns, picked = st.columns(count), []
    for i in range(count):
        with columns[i]:
            layer, _ = inputs.formula_input(f"Layer {i + 1}: L{i + 1}(x) =", f"ch_layer{i}",
                                            DEFAULT_LAYERS[i])
            picked.append(layer)
    return False, tuple(picked), [layer.text for layer in picked]


def layer_table(view: ChainView, names: list[str]) -> None:
    """Each layer's input, output and local derivative, then y, the product and jax.grad, and whether they agree."""
    result, values, local = view.result, view.values, view.local
    st.dataframe(pd.DataFrame({"layer": [f"L{i + 1}(x) = {n}" for i, n in enumerate(names)],
                               "input v_{i−1}": values[:-1], "output v_i": values[1:],
                               "local derivative L_i′(v_{i−1})": local}), hide_index=True, key="ch_table")
    m1, m2, m3 = st.columns(3)
    m1.metric("y", markup.shown(values[-1], ".6g"))
    m2.metric("Product of local derivatives", markup.shown(result.product, ".6g"))
    m3.metric("jax.grad of the composition", markup.shown(result.autodiff, ".6g"))
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
    x = st.slider("x", -3.0, 3.0, value=article.CHAIN_X, step=0.05, key="ch_x", bind=links.SHARE)
    view = chain_view(layers, x)
    layer_table(view, names)
    chrome.plotly_chart(figs.chain_figure(view.result, names), key="ch_chart", width="stretch")
    if article_mode:
        st.markdown(f"By hand: $\\frac{{d}}{{dx}}\\tanh^2 x = 2\\tanh x\\,\\operatorname{{sech}}^2 x$, "
                    f"so at $x = 2$ it is $2 \\cdot 0.9640 \\cdot 0.0707 \\approx {article.CHAIN_DERIVATIVE}$.")
    with st.expander("The jaxpr of jax.grad: what autodiff actually runs", icon=":material/account_tree:"):
        st.markdown("`jax.make_jaxpr` traces the gradient into primitive operations: the forward pass, "
                    "then each local derivative multiplied in reverse order.")
        st.code(view.jaxpr, language=None)
    chrome.show_source(PAGE, chain.chain_rule, chain.compose, *((article.composed,) if article_mode else (parse_function,)))


def script(v: Values) -> str:
    """The view as a script (``PageSpec.script``)."""
    article_mode = v.choice("ch_mode", ("Article: tanh, then square", "Choose your own"),
                            "Article: tanh, then square").startswith("Article")
    defaults = DEFAULT_LAYERS
    count = v.integer("ch_count", 3, 1, 4)
    layers = ["tanh(x)", "x^2"] if article_mode else [v.formula(f"ch_layer{i}", defaults[i]) for i in range(count)]
    return render_script(PAGE, {"LAYERS": layers, "X": v.number("ch_x", article.CHAIN_X, -3.0, 3.0)}, """
from calc_core import chain
from calc_core.expr import parse_function
""", """
result = chain.chain_rule(tuple(parse_function(text) for text in LAYERS), X)
print("y =", float(result.values[-1]))
for i, (value, local) in enumerate(zip(result.values[1:], result.local)):
    print(f"layer {i + 1} output =", float(value))
    print(f"layer {i + 1} local derivative =", float(local))
print("product of local derivatives =", float(result.product))
print("jax.grad of the composition =", float(result.autodiff))
""")


PAGE = PageSpec(
    slug="chain_rule",
    title="Chain rule",
    icon="link",
    blurb="Composed layers: local derivatives multiply; jax.grad agrees.",
    prefixes=("ch",),
    links=("ch_mode", "ch_count", "ch_x", "ch_layer[A-Za-z0-9_]+"),
    script=script,
)


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
