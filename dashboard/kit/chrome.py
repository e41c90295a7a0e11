"""What frames every page: presenter mode, the sidebar notes, charts in the app's look, the code behind a view,
its script download, the replica footer, and the notes a page shows when it holds back."""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable

import streamlit as st

from calc_core import derivatives
from dashboard.figures import style
from dashboard.kit import script as view_script
from dashboard.kit.links import SHARE, current_query, view_lookup
from dashboard.kit.page import PageSpec
from dashboard.kit.predict import answer_hidden
from dashboard.kit.state import PAGE_SLUG

PRESENTER_CSS = """
<style>
  html, body, [data-testid="stAppViewContainer"] { font-size: 20px; }
  [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.15rem; }
  [data-testid="stSidebar"] { font-size: 18px; }
</style>
"""


def plotly_chart(fig, **kwargs):
    """``st.plotly_chart`` in the app's look: in presenter mode, thicker lines and larger text."""
    if st.session_state.get("presenter"):
        style.for_projector(fig)
    return st.plotly_chart(fig, **kwargs)


def show_source(page: PageSpec, *objects: object, label: str = "Show the code behind this") -> None:
    """An expander with the exact source of the calc_core functions behind a chart, and the script of the view
    of ``page`` (the calling page's ``PAGE``)."""
    with st.expander(label, icon=":material/code:"):
        for obj in objects:
            st.code(inspect.getsource(obj), language="python")
    script_download(page)


def script_download(spec: PageSpec) -> None:
    """A download of a short script that recomputes this view's numbers with calc_core (pages that have one)."""
    if spec.script is None:
        return
    if answer_hidden(spec, st.session_state):
        st.caption("A script of this view can be downloaded once the answer is revealed.")
        return
    script = view_script.script_for(spec, view_lookup(st.session_state, current_query()))
    if script:
        st.download_button(view_script.LABEL, script, file_name=view_script.file_name(spec.slug),
                           mime=view_script.MIME, on_click="ignore", icon=":material/download:",
                           key="view_script", help="A standalone Python script with this view's values that "
                           "prints its numbers, computed with calc_core. Run it from the Calculus Lab folder.")


def sidebar_chrome(slug: str) -> None:
    """Presenter mode (bigger type for a projector, kept in the URL) and a note on sharing."""
    st.session_state[PAGE_SLUG] = slug
    with st.sidebar:
        presenter = st.toggle("Presenter mode", key="presenter", bind=SHARE,
                              help="Larger text for a projector. The setting is kept in the page's link.")
        st.caption("Share the address in your browser's bar: students open the same page with the same "
                   "settings (functions, sliders, learning rates are kept in the link).")
    if presenter:
        st.html(PRESENTER_CSS)


def replica_footer() -> None:
    """Behind nginx (``make run REPLICAS=N``) the launcher numbers each replica: say which one serves us."""
    replica = os.environ.get("CALCULUS_LAB_REPLICA")
    if replica:
        st.container(key="replica_footer").caption(f"Served by replica {replica}")


def coming_next(title: str, what: str) -> None:
    """The note a page that is not built yet shows."""
    st.title(title)
    st.info(f"Coming next: {what}", icon=":material/construction:")


def capped_order(f: Callable, order: int, room: int = 0, what: str = "order") -> int:
    """``order``, lowered when needed so that orders up to ``order + room`` stay within what ``f``'s derivative
    programs may cost (:func:`calc_core.derivatives.highest_order`). The page says what it did not compute and,
    for the main call (``room`` 0), when the higher orders come from Taylor mode instead of repeated ``jax.grad``.
    """
    top = derivatives.highest_order(f)
    capped = order if order + room <= top or top >= derivatives.MAX_ORDER else max(min(order, top - room), 0)
    if top < derivatives.MAX_ORDER and room == 0:
        st.info(f"Derivatives above order {top} are not computed for this formula: their program would be too "
                "large to compile in reasonable time (while it compiles, everyone's page waits).",
                icon=":material/hourglass_disabled:")
    if capped < order:
        st.info(f"Showing {what} {capped} instead of {order}: this formula's derivatives stop at order {top}.",
                icon=":material/hourglass_disabled:")
    elif room == 0 and capped >= 2 and not derivatives.by_repeated_grad(f, capped):
        st.caption("For this formula, repeated jax.grad would build a program too large to compile quickly, so "
                   "its higher derivatives come from Taylor mode (jax.experimental.jet), which finds every order "
                   "in one pass.")
    return capped
