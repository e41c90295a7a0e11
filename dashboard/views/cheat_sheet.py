"""Cheat sheet: each calculus concept, its math, its JAX call, run live beside the analytic answer."""

import numpy as np
import pandas as pd
import streamlit as st

from calc_core import cheatsheet
from dashboard.kit import chrome
from dashboard.kit.page import PageSpec
from dashboard.kit.script import Values, render_script


def formatted(values: np.ndarray) -> str:
    return np.array2string(np.asarray(values, dtype=np.float64), precision=4, suppress_small=True,
                           separator=", ")


def row_card(row: cheatsheet.CheatRow) -> None:
    """One concept: its math, the JAX call and example, the live result and the analytic answer."""
    with st.container(border=True):
        concept, call, live, analytic = st.columns([2, 3, 3, 3], vertical_alignment="center")
        concept.markdown(f"**{row.concept}**")
        concept.latex(row.math)
        call.code(row.jax_call, language="python")
        call.latex(r"\begin{gathered}" + row.example + r"\end{gathered}")
        live.caption("Live result from JAX")
        live.code(formatted(row.live), language=None)
        analytic.caption("Analytic answer · " + (":green[:material/check_circle: agrees]" if row.agrees
                                                 else ":red[:material/cancel: differs]"))
        analytic.latex(row.analytic_latex)


def render() -> None:
    """calc_core.cheatsheet.rows() → a card per concept → the summary table."""
    st.title("Cheat sheet: calculus → JAX")
    st.markdown("Each row runs its JAX call on a small example every time this page loads, and shows the result "
                "beside the answer worked out by hand.")
    rows = cheatsheet.rows()
    for row in rows:
        row_card(row)
    st.subheader("Checked live")
    table = pd.DataFrame({
        "Concept": [row.concept for row in rows],
        "JAX call": [row.jax_call for row in rows],
        "Live result": [formatted(row.live) for row in rows],
        "Analytic answer": [formatted(row.analytic) for row in rows],
        "Agrees": [row.agrees for row in rows],
    })
    st.dataframe(table, hide_index=True, key="cheat_table")
    chrome.show_source(PAGE, cheatsheet)


def script(v: Values) -> str:
    """The view as a script (``PageSpec.script``)."""
    return render_script(PAGE, {}, """
import numpy as np

from calc_core import cheatsheet
""", """
for row in cheatsheet.rows():  # each concept's JAX call on a small example, beside the answer by hand
    for i, (live, analytic) in enumerate(zip(np.ravel(row.live), np.ravel(row.analytic))):
        print(f"{row.concept} [{i}], JAX =", float(live))
        print(f"{row.concept} [{i}], by hand =", float(analytic))
""")


PAGE = PageSpec(
    slug="cheat_sheet",
    title="Cheat sheet",
    icon="menu_book",
    blurb="Each calculus concept, its math and its JAX call, run live.",
    prefixes=("cheat",),
    script=script,
)


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
