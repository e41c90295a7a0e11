"""The procurement page's analyst sections: the answer first, caps, shrinkage, the walk-forward, the report.

Streamlit code only (the maths is in ``calc_core.procurement.plan``); the page calls these in order.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from calc_core import procurement as P
from dashboard.figures import procurement as figs
from dashboard.kit import markup
from dashboard.views.procurement import report

ESTIMATORS = {"sample": "sample", "Ledoit–Wolf shrunk (constant correlation)": "constant-correlation",
              "Ledoit–Wolf shrunk (identity)": "identity"}


@dataclass(frozen=True)
class Answer:
    """What the answer block shows, kept for the walk-forward and the report."""

    weights: np.ndarray | None  # None when the caps are infeasible
    lower: np.ndarray
    upper: np.ndarray
    estimator: str
    delta: float
    binding: list[str]
    blend_std: float
    best_name: str
    best_std: float
    notes: list[str]


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
        lower.append(low.number_input(f"min % {name}", 0.0, 100.0, 0.0, 5.0, key=f"cap_min_{sig}_{i}",
                                      label_visibility="collapsed"))
        upper.append(high.number_input(f"max % {name}", 0.0, 100.0, 100.0, 5.0, key=f"cap_max_{sig}_{i}",
                                       label_visibility="collapsed"))
    return np.array(lower) / 100.0, np.array(upper) / 100.0


def _binding(names: list[str], split: P.CappedSplit, lower: np.ndarray, upper: np.ndarray) -> list[str]:
    """One phrase per cap that holds a share where it is, with what relaxing it by 1 point is worth."""
    out = []
    for i, name in enumerate(names):
        worth = abs(split.multipliers[i]) * 0.01
        if split.at_max[i] and upper[i] < 1:
            out.append(f"{name}'s maximum {upper[i]:.0%} (1 point more would lower the variance by ≈{worth:,.3g})")
        elif split.at_min[i] and lower[i] > 0:
            out.append(f"{name}'s minimum {lower[i]:.0%} (1 point less would lower the variance by ≈{worth:,.3g})")
    return out


def answer_section(series: pd.DataFrame, basis: str) -> Answer:
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
    cov, delta = _covariance(values, estimator)
    sample, _ = P.covariance(values, "sample")
    stds = np.sqrt(np.diag(sample))
    best = int(np.argmin(stds))
    notes = []
    if len(values) < 3 * len(names):
        notes.append(f"Only {len(values)} periods for {len(names)} suppliers (fewer than 3 × {len(names)} = "
                     f"{3 * len(names)}): the covariance, and so the split, is an unreliable estimate.")
    problem = P.cap_problem(names, lower, upper)
    with box:
        if problem:
            st.error(f"These caps cannot all hold. {problem}", icon=":material/block:")
            return Answer(None, lower, upper, estimator, delta, [], np.nan, names[best], float(stds[best]), notes)
        split = P.capped_weights(cov, lower, upper)
        weights = split.weights
        blend_std = float(np.sqrt(max(weights @ sample @ weights, 0.0)))
        binding = _binding(names, split, lower, upper)
        _show_answer(names, weights, blend_std, names[best], float(stds[best]), len(values), basis)
        if binding:
            st.markdown("Binding caps: " + "; ".join(markup.name(b) for b in binding) + ".")
        if estimator != "sample":
            plain = P.capped_weights(sample, lower, upper).weights
            st.markdown(f"Ledoit–Wolf intensity δ = **{delta:.3f}** (0 = the sample covariance, 1 = the target); "
                        f"the split moved by up to **{100 * np.abs(weights - plain).max():.1f} points** "
                        "against the sample covariance's.")
        for note in notes:
            st.warning(note, icon=":material/warning:")
    return Answer(weights, lower, upper, estimator, delta, binding, blend_std, names[best], float(stds[best]), notes)


def _versus_steadiest(pct: float) -> str:
    """The blend's change in std against the steadiest supplier, in % (never "−0.0%": small ones get digits)."""
    change = -pct
    return f"{change:+.1f}% vs the steadiest supplier" if abs(change) >= 0.05 else f"{change:+.2g}% vs the steadiest supplier"


def _show_answer(names: list[str], weights: np.ndarray, blend_std: float, best_name: str, best_std: float,
                 periods: int, basis: str) -> None:
    st.markdown("**Order this split** (minimum variance of the blended " + markup.name(basis) + ")")
    per_row = 5
    for start in range(0, len(names), per_row):
        cols = st.columns(per_row)
        for col, name, w in zip(cols, names[start:start + per_row], weights[start:start + per_row], strict=False):
            col.metric(markup.name(name), f"{w:.1%}")
    saving = best_std - blend_std
    saving = 0.0 if abs(saving) <= 1e-9 * max(best_std, 1e-300) else saving
    pct = 100 * saving / best_std if best_std > 0 else 0.0
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


def walk_forward_section(series: pd.DataFrame, answer: Answer) -> report.WalkSummary | None:
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
    labels = [str(v.date()) if isinstance(v, pd.Timestamp) else str(v) for v in series.index[result.starts]]
    hindsight = P.hindsight_variance(series.to_numpy(np.float64), result.starts, horizon, answer.weights)
    compared = P.compare_walk(result, hindsight, names)
    series_std = {name: np.sqrt(np.maximum(v, 0)) for name, v in zip(compared.names, compared.variances,
                                                                       strict=True)}
    st.plotly_chart(figs.walk_forward_figure(labels, series_std), key="walk_forward_chart", width="stretch")
    rows = list(zip(compared.names, compared.mean_variance.tolist(), compared.typical_std.tolist(),
                    compared.versus_split_pct.tolist(), strict=True))
    table = pd.DataFrame({"mean realised variance": compared.mean_variance, "typical std": compared.typical_std,
                          "variance vs the walk-forward split (%)": compared.versus_split_pct,
                          "windows where the split was steadier (%)": compared.split_steadier_pct},
                         index=pd.Index(compared.names, name="strategy"))
    st.dataframe(table.style.format("{:,.4g}"), key="walk_forward_table")
    base, steadiest = rows[0][1], min(rows[3:], key=lambda r: r[1])
    st.markdown(f"Over **{len(result.starts)}** test windows the walk-forward split's mean realised variance was "
                f"{_versus(base, steadiest[1])} the steadiest single supplier's out of sample "
                f"({markup.name(steadiest[0])}) and {_versus(base, rows[1][1])} the equal split's.")
    if not result.converged.all():
        st.caption(f"{int((~result.converged).sum())} window(s) were solved by the exact NumPy fallback.")
    return report.WalkSummary(window, horizon, labels, series_std, rows, warning)


def _versus(value: float, other: float) -> str:
    """'**12.3% lower** than' style comparison of two variances."""
    if other <= 0:
        return "**equal to**" if value <= 0 else "**higher** than"
    pct = 100 * (value - other) / other
    return f"**{abs(pct):.1f}% {'lower' if pct < 0 else 'higher'}** than"


def report_section(series: pd.DataFrame, answer: Answer, walk: report.WalkSummary | None, info: dict,
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
        walk=walk, notes=answer.notes)
    page = report.decision_report(data, dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))
    st.markdown("One page with the split, the caps, the walk-forward check (its chart inline) and where the data "
                "came from; open it in a browser and print it, or save it as PDF.")
    st.download_button("Download the decision report (HTML)", page, "procurement_report.html", "text/html",
                       key="download_report", icon=":material/description:")
