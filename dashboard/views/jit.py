"""jit speed: the regression step eager and compiled, timed live; its jaxpr; recompilation; lax.scan chunks."""

import threading

import pandas as pd
import streamlit as st

from calc_core import article, regression, timing
from calc_core.pages.jit import JitTimings, jit_jaxpr, jit_timings
from dashboard.figures.training import timing_figure
from dashboard.kit import chrome, links
from dashboard.kit.page import PageSpec, WarmUp


@st.cache_resource(show_spinner=False)
def shared_timings() -> dict[int, JitTimings]:
    """Timings per data size, shared by every session of this server process.

    A class moving the slider at once would otherwise run many timing loops together, which slows the
    server and distorts each other's medians; "Time again" measures anew for everyone.
    """
    return {}


@st.cache_resource(show_spinner=False)
def timing_lock() -> threading.Lock:
    """One timing at a time per server: a class moving to a new size waits for one measurement, not 30."""
    return threading.Lock()


@st.cache_data(show_spinner=False)
def jaxpr_text(n: int) -> str:
    """The traced step for data size ``n`` (the same text for every session)."""
    return jit_jaxpr(n)


@st.cache_resource(show_spinner=False)
def recompile_table() -> pd.DataFrame:
    rows = timing.recompile_demo()
    return pd.DataFrame({"Call": [r[0] for r in rows], "Traced and compiled?": [r[1] for r in rows]})


def measured(n: int, again: bool) -> JitTimings:
    """This server's timings for data size ``n``, measured once per server (or anew on "Time again")."""
    timings = shared_timings()
    if again or n not in timings:
        with st.spinner("Timing on this server..."), timing_lock():
            if again or n not in timings:  # another session may have timed this size while we waited
                timings[n] = jit_timings(n, article.REGRESSION_LR)
    return timings[n]


def step_times(t: JitTimings, n: int) -> None:
    """Eager against jitted step, tracing and compile time, and the chart of all four medians."""
    st.caption(f"Measured on this server at {t.at} (server time) and shared by everyone on it; press "
               "**Time again** to measure anew.")
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Eager step (median)", f"{t.eager * 1e3:.2f} ms")
    m2.metric("Jitted step (median)", f"{t.jit * 1e6:.1f} µs", f"{t.speedup:,.0f}x faster",
              delta_color="off")
    m3.metric("Tracing (once)", f"{t.trace * 1e3:.1f} ms")
    m4.metric("XLA compile (once)", f"{t.compile * 1e3:.1f} ms")
    chrome.plotly_chart(timing_figure(["eager step", "jitted step", "200 steps: loop of jit", "200 steps: one scan"],
                                  [t.eager, t.jit, t.loop, t.scan],
                                  f"Median times on this server (n = {n})"), key="jit_times", width="stretch")
    st.caption(f"Compilation costs about {t.break_even:,.0f} eager "
               "steps' worth of time and is paid once per input shape; every later call gains the difference.")


def render() -> None:
    """Data size → this server's timings (calc_core.timing) → metrics, chart, jaxpr, recompilation, scan."""
    st.title("jit speed")
    st.markdown("JAX's `jit` **traces** a Python function once with abstract values (only shapes and dtypes), "
                "records the operations as a *jaxpr*, and hands that to **XLA**, which fuses them into one compiled "
                "program. Later calls with the same shapes skip Python entirely. Below, the article's "
                "`training_step` for linear regression runs both ways on this server, now.")
    st.latex(r"(w, b) \leftarrow (w, b) - \eta\, \nabla L(w, b), \qquad "
             r"L = \tfrac{1}{n}\textstyle\sum_i (w x_i + b - y_i)^2")
    n_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
    n = n_col.select_slider("Data size n", options=regression.SIZES, value=article.REGRESSION_SIZE, key="jit_n",
                            bind=links.SHARE)
    again = button_col.button("Time again", icon=":material/timer:", key="jit_again", width="stretch")
    t = measured(n, again)
    step_times(t, n)
    st.subheader("The jaxpr: what jit traced")
    st.markdown("Shapes are in the types (`f32[100]`): a new data size is a new program.")
    st.code(jaxpr_text(n), language="text", height=300)
    st.subheader("When does a jitted function recompile?")
    st.markdown("A Python `print` (or any side effect) inside the function runs only while tracing, so it counts "
                "compilations: new **shapes**, **dtypes** or **static arguments** recompile; new values never do.")
    st.dataframe(recompile_table(), key="jit_recompile", hide_index=True, width="stretch")
    st.subheader("Many steps in one call: `lax.scan`")
    st.markdown(f"A Python loop calls the jitted step 200 times ({t.loop * 1e3:.2f} ms): each call pays the "
                f"dispatch overhead. `jax.lax.scan` puts the loop *inside* the compiled program: one call, "
                f"{t.scan * 1e3:.3f} ms, **{t.scan_speedup:,.0f}x** faster. Same answer: loop "
                f"w = {float(t.loop_params[0]):.5f}, scan w = {float(t.scan_params[0]):.5f}.")
    chrome.show_source(PAGE, regression.gd_step, regression.train_chunk, timing.eager_vs_jit)


PAGE = PageSpec(
    slug="jit",
    title="jit speed",
    icon="bolt",
    blurb="The same training step eager and compiled, timed live on this server.",
    prefixes=("jit",),
    links=("jit_n",),
    warm_up=WarmUp(sweep="jit_n"),
)


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
