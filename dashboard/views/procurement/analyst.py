"""The procurement page's analyst sections: the answer first, caps, shrinkage, the walk-forward, the report.

Streamlit code only (the numbers come from ``calc_core.pages.procurement``); the page calls these in order.
"""

from __future__ import annotations

import datetime as dt
import zlib

import numpy as np
import pandas as pd
import streamlit as st

from calc_core import procurement as P
from calc_core.pages import procurement as model
from dashboard.figures import procurement as figs
from dashboard.kit import markup
from dashboard.views.procurement import report

ESTIMATORS = {"sample": "sample", "Ledoit–Wolf shrunk (constant correlation)": "constant-correlation",
              "Ledoit–Wolf shrunk (identity)": "identity"}


@st.cache_data(max_entries=32, show_spinner=False)
def _covariance(values: np.ndarray, estimator: str) -> tuple[np.ndarray, float]:
    return P.covariance(values, estimator)


def _caps(names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Min/max share inputs (percent) per supplier; keys carry a signature of the supplier names."""
    sig = zlib.crc32("\x1f".join(names).encode()) & 0xFFFF
    st.markdown("**Share caps** (percent of the order; leave 0 and 100 for no cap)")
    lower, upper = [], []
    for i, name in enumerate(names):
        label, low, high = st.columns([2, 1, 1])
        label.markdown(markup.name(name))
        # the raw name: the label is hidden, and Streamlit copies it into the input's aria-label, where
        # Markdown escapes would be read aloud
        lower.append(low.number_input(f"min % {name}", 0.0, 100.0, 0.0, 5.0, key=f"cap_min_{sig}_{i}",
                                      label_visibility="collapsed"))
        upper.append(high.number_input(f"max % {name}", 0.0, 100.0, 100.0, 5.0, key=f"cap_max_{sig}_{i}",
                                       label_visibility="collapsed"))
    return np.array(lower) / 100.0, np.array(upper) / 100.0


def answer_notes(answer: model.AnswerView) -> list[str]:
    """The answer's warnings (shown under it and in the report): a history too short for its suppliers."""
    n, periods = len(answer.names), answer.periods
    if not answer.short_history:
        return []
    return [f"Only {periods} periods for {n} suppliers (fewer than 3 × {n} = {3 * n}): the covariance, and so "
            "the split, is an unreliable estimate."]


def answer_section(series: pd.DataFrame, basis: str) -> model.AnswerView:
    """The recommended split at the top of the page, with its settings (caps, estimator) just below it."""
    names = [str(c) for c in series.columns]
    values = series.to_numpy(np.float64)
    st.header("The answer")
    box = st.container(border=True)
    with st.expander("Share caps and covariance estimate"):
        lower, upper = _caps(names)
        choice = st.radio("Covariance estimate", list(ESTIMATORS), horizontal=True, key="estimator",
                          help="Ledoit–Wolf shrinks the sample covariance towards a structured target; short "
                               "histories give noisy sample covariances and splits that disappoint later.")
    estimator = ESTIMATORS[choice]
    answer = model.answer_view(values, names, lower, upper, estimator, _covariance(values, estimator))
    with box:
        if answer.problem:
            st.error(f"These caps cannot all hold. {answer.problem}", icon=":material/block:")
            return answer
        _show_answer(answer, basis)
        if answer.binding:
            st.markdown("Binding caps: " + "; ".join(markup.name(b) for b in answer.binding) + ".")
        if answer.sample_weights is not None:
            st.markdown(f"Ledoit–Wolf intensity δ = **{answer.delta:.3f}** (0 = the sample covariance, 1 = the "
                        f"target); the split moved by up to **{answer.moved:.1f} points** "
                        "against the sample covariance's.")
        for note in answer_notes(answer):
            st.warning(note, icon=":material/warning:")
    return answer


def _versus_steadiest(pct: float) -> str:
    """The blend's change in std against the steadiest supplier, in % (never "−0.0%": small ones get digits)."""
    change = -pct
    return f"{change:+.1f}% vs the steadiest supplier" if abs(change) >= 0.05 else f"{change:+.2g}% vs the steadiest supplier"


def _show_answer(answer: model.AnswerView, basis: str) -> None:
    """The split's shares, its std against the steadiest supplier's, and the sentence that compares them."""
    names, weights, periods = answer.names, answer.weights, answer.periods
    blend_std, best_name, best_std, saving = answer.blend_std, answer.best_name, answer.best_std, answer.saving
    st.markdown("**Order this split** (minimum variance of the blended " + markup.name(basis) + ")")
    per_row = 5
    for start in range(0, len(names), per_row):
        cols = st.columns(per_row)
        for col, name, w in zip(cols, names[start:start + per_row], weights[start:start + per_row], strict=False):
            col.metric(markup.name(name), f"{w:.1%}")
    pct = answer.saving_pct
    blend, single, rows = st.columns(3)
    blend.metric("Blend std", f"{blend_std:,.4g}", _versus_steadiest(pct) if saving else None, delta_color="inverse")
    single.metric(f"Steadiest single supplier: {markup.name(best_name)}", f"{best_std:,.4g}")
    rows.metric("Periods", f"{periods:,}")
    if saving == 0.0:
        st.markdown(f"Over **{periods:,}** periods no blend is steadier than {markup.name(best_name)} alone "
                    f"(standard deviation **{best_std:,.4g}**): order everything from it, within the caps.")
        return
    st.markdown(f"Over **{periods:,}** periods the blend's standard deviation is **{blend_std:,.4g}**, against "
                f"**{best_std:,.4g}** for {markup.name(best_name)}, the steadiest single supplier: "
                f"**{saving:,.4g} "
                f"{'lower' if saving > 0 else 'higher'} ({abs(pct):.1f}%)**.")


@st.cache_data(max_entries=16, show_spinner="Walking forward through the history ...")
def _walk(values: np.ndarray, window: int, horizon: int, lower: np.ndarray, upper: np.ndarray,
          estimator: str) -> P.WalkForward:
    return P.walk_forward(values, window, horizon, lower, upper, estimator)


def _walk_inputs(t: int, n: int, names: tuple[str, ...]) -> tuple[int, int, str | None]:
    """W and H for ``t`` periods of ``n`` suppliers (reset when the data change), and a warning for a short W."""
    signature = (t, n, names)
    if st.session_state.get("wf_data") != signature:  # new data: W and H start again from their defaults
        st.session_state["wf_data"] = signature
        for key in ("wf_window", "wf_horizon"):
            st.session_state.pop(key, None)
    left, right = st.columns(2)
    window = int(left.number_input("W: fit on this many periods", 2, t - 2, max(2, min(max(3 * n, 12), t // 2)),
                                   key="wf_window"))
    horizon = int(right.number_input("H: then order the split for this many", 2, max(2, t - window),
                                     min(max(2, t // 10), max(2, t - window)), key="wf_horizon"))
    warning = None
    if window < 3 * n:
        warning = (f"W = {window} periods for {n} suppliers (fewer than 3 × {n} = {3 * n}): each fit is an "
                   "unreliable estimate.")
        st.warning(warning, icon=":material/warning:")
    return window, horizon, warning


def walk_forward_section(series: pd.DataFrame, answer: model.AnswerView) -> report.WalkSummary | None:
    """"Would this split have worked?": W and H inputs, the chart over time and the summary table."""
    st.header("Would this split have worked?")
    st.markdown("Fit the split on **W** periods, order it for the next **H**, then move on by H and refit: "
                "every test window is judged on prices the fit never saw.")
    names = [str(c) for c in series.columns]
    t, n = series.shape
    if answer.weights is None:
        st.info("Fix the caps above to run the check.", icon=":material/info:")
        return None
    if t < 6:
        st.info(f"{t} periods are too few for a walk-forward (need W + H ≥ 6).", icon=":material/info:")
        return None
    window, horizon, warning = _walk_inputs(t, n, tuple(names))
    try:
        result = _walk(series.to_numpy(np.float64), window, horizon, answer.lower, answer.upper, answer.estimator)
    except ValueError as exc:
        st.error(str(exc), icon=":material/error:")
        return None
    walk = model.walk_view(series, result, horizon, answer.weights)
    st.plotly_chart(figs.walk_forward_figure(walk.labels, walk.stds), key="walk_forward_chart", width="stretch")
    st.dataframe(walk.table.style.format("{:,.4g}"), key="walk_forward_table")
    st.markdown(f"Over **{len(result.starts)}** test windows the walk-forward split's mean realised variance was "
                f"{_versus(walk.split_variance, walk.versus_steadiest)} the steadiest single supplier's out of "
                f"sample ({markup.name(walk.steadiest)}) and {_versus(walk.split_variance, walk.versus_equal)} the "
                "equal split's.")
    if walk.fallbacks:
        st.caption(f"{walk.fallbacks} window(s) were solved by the exact NumPy fallback.")
    return report.WalkSummary(window, horizon, walk.labels, walk.stds, walk.rows, warning)


def _versus(value: float, pct: float | None) -> str:
    """'**12.3% lower** than' style comparison of a variance ``value``, ``pct`` % off the other (None: the
    other is 0)."""
    if pct is None:
        return "**equal to**" if value <= 0 else "**higher** than"
    return f"**{abs(pct):.1f}% {'lower' if pct < 0 else 'higher'}** than"


def report_section(series: pd.DataFrame, answer: model.AnswerView, walk: report.WalkSummary | None, info: dict,
                   basis: str) -> None:
    """The one-page HTML decision report as a download."""
    st.header("Decision report")
    if answer.weights is None:
        st.info("Fix the caps above to build the report.", icon=":material/info:")
        return
    data = report.ReportData(
        names=[str(c) for c in series.columns], weights=answer.weights, lower=answer.lower, upper=answer.upper,
        binding=answer.binding, blend_std=answer.blend_std, best_name=answer.best_name, best_std=answer.best_std,
        periods=len(series), basis=basis,
        estimator=next(k for k, v in ESTIMATORS.items() if v == answer.estimator), delta=answer.delta,
        sources=list(info.get("sources", [])), sheets=dict(info.get("sheets", {})),
        rows_read=int(info.get("rows_read", len(series))), rows_dropped=int(info.get("rows_dropped", 0)),
        walk=walk, notes=answer_notes(answer))
    page = report.decision_report(data, dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))
    st.markdown("One page with the split, the caps, the walk-forward check (its chart inline) and where the data "
                "came from; open it in a browser and print it, or save it as PDF.")
    st.download_button("Download the decision report (HTML)", page, "procurement_report.html", "text/html",
                       key="download_report", icon=":material/description:")
