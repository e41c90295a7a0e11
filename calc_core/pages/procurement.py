"""The procurement page's numbers: one model per section that makes more than one calc_core call.

:func:`data_view` is the data on the chosen basis, :func:`answer_view` the recommended split under caps,
:func:`tradeoff_view` the all-supplier split with its price trade-off, and :func:`walk_view` the walk-forward
check against the other strategies. The page's Streamlit caches stay in the view, so :func:`answer_view` takes
the covariance and :func:`walk_view` the walk-forward the view has cached (see ``dashboard/views/procurement/``).
The two-supplier ω section's numbers are one call already (``procurement.omega_curve``, ``omega_chart``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from calc_core import procurement as P

__all__ = ["DataView", "AnswerView", "TradeoffView", "WalkView", "basis_series", "data_view", "binding_caps",
           "answer_view", "tradeoff_view", "walk_view", "BASES"]

BASES = ("price levels", "period-to-period changes")  # what the split minimises the variance of


class DataView(NamedTuple):
    """The price table on a basis: ``series`` ``(T, n)`` (prices, or their T − 1 changes), ``stats``: each
    supplier's mean and std (rows ``(n,)``), ``corr``: their correlations ``(n, n)``."""

    series: pd.DataFrame
    stats: pd.DataFrame
    corr: pd.DataFrame


class AnswerView(NamedTuple):
    """The recommended split of ``n`` suppliers over ``periods`` periods, caps ``lower``, ``upper`` (``(n,)``,
    fractions) and the covariance ``estimator`` (Ledoit–Wolf intensity ``delta``, 0 for the sample).

    ``sample``: the sample covariance ``(n, n)``; ``stds``: each supplier's std from it ``(n,)``; ``best_name``,
    ``best_std``: the steadiest supplier; ``short_history``: fewer than 3n periods; ``problem``: why the caps
    cannot all hold (None when they can). With a problem ``split`` and ``weights`` are None, ``blend_std``,
    ``saving`` and ``saving_pct`` NaN and ``binding`` empty. Otherwise ``split``: the capped split on the chosen
    covariance, ``weights`` its shares ``(n,)``; ``blend_std``: the blend's std under the sample covariance;
    ``binding``: one phrase per binding cap; ``saving``: ``best_std − blend_std`` (0 within rounding) and
    ``saving_pct`` that in % of ``best_std``; ``sample_weights``: the split on the sample covariance when the
    estimator is another (else None) and ``moved``: the largest change against it, in points (else 0).
    """

    names: list[str]
    periods: int
    lower: np.ndarray
    upper: np.ndarray
    estimator: str
    delta: float
    sample: np.ndarray
    stds: np.ndarray
    best_name: str
    best_std: float
    short_history: bool
    problem: str | None
    split: P.CappedSplit | None
    weights: np.ndarray | None
    blend_std: float
    binding: list[str]
    saving: float
    saving_pct: float
    sample_weights: np.ndarray | None
    moved: float


class TradeoffView(NamedTuple):
    """The long-only minimum-variance split of ``n`` suppliers with the average price weighted by ``lam``.

    ``weights``: shape ``(n,)``; ``table``: mean, std and variance of each supplier and the blend (``n + 1``
    rows, the blend last); ``variances``: the suppliers' variances ``(n,)``; ``blend_variance``: the blend's;
    ``record``: the decision as plain data (the JSON download).
    """

    lam: float
    weights: np.ndarray
    table: pd.DataFrame
    variances: np.ndarray
    blend_variance: float
    record: dict


class WalkView(NamedTuple):
    """A walk-forward's K test windows against the other strategies (``compared``: S strategies, the
    walk-forward split, the equal split, hindsight, then each supplier).

    ``labels``: each window's first period ``(K,)``; ``stds``: strategy → realised std per window ``(K,)``;
    ``rows``: per strategy (name, mean variance, typical std, % vs the split); ``table``: the summary table
    (S rows); ``steadiest``: the single supplier with the lowest mean variance out of sample;
    ``versus_steadiest``, ``versus_equal``: the split's mean variance against theirs in % (None when theirs
    is 0); ``fallbacks``: windows the exact NumPy solver finished.
    """

    result: P.WalkForward
    labels: list[str]
    compared: P.WalkComparison
    stds: dict[str, np.ndarray]
    rows: list[tuple[str, float, float, float]]
    table: pd.DataFrame
    steadiest: str
    versus_steadiest: float | None
    versus_equal: float | None
    fallbacks: int

    @property
    def split_variance(self) -> float:
        """The walk-forward split's mean realised variance."""
        return self.rows[0][1]


def basis_series(prices: pd.DataFrame, basis: str) -> pd.DataFrame:
    """``prices`` ``(T, n)`` on ``basis`` (one of :data:`BASES`): the prices, or their period-to-period changes."""
    return prices if basis == BASES[0] else P.price_changes(prices)


def data_view(prices: pd.DataFrame, basis: str) -> DataView:
    """The table on ``basis``, its per-supplier statistics and correlations."""
    series = basis_series(prices, basis)
    return DataView(series, P.supplier_stats(series), series.corr())


def binding_caps(names: list[str], split: P.CappedSplit, lower: np.ndarray, upper: np.ndarray) -> list[str]:
    """One phrase per cap that holds a share where it is, with what relaxing it by 1 point is worth."""
    out = []
    for i, name in enumerate(names):
        worth = abs(split.multipliers[i]) * 0.01
        if split.at_max[i] and upper[i] < 1:
            out.append(f"{name}'s maximum {upper[i]:.0%} (1 point more would lower the variance by ≈{worth:,.3g})")
        elif split.at_min[i] and lower[i] > 0:
            out.append(f"{name}'s minimum {lower[i]:.0%} (1 point less would lower the variance by ≈{worth:,.3g})")
    return out


def _saving(best_std: float, blend_std: float) -> tuple[float, float]:
    """``(best_std − blend_std, that in % of best_std)``, a difference within rounding read as 0."""
    saving = best_std - blend_std
    saving = 0.0 if abs(saving) <= 1e-9 * max(best_std, 1e-300) else saving
    return saving, 100 * saving / best_std if best_std > 0 else 0.0


def answer_view(values: np.ndarray, names: list[str], lower: np.ndarray, upper: np.ndarray, estimator: str,
                estimate: tuple[np.ndarray, float] | None = None) -> AnswerView:
    """The capped minimum-variance split of ``values`` ``(T, n)`` on the ``estimator``'s covariance.

    ``estimate``: that covariance ``(n, n)`` and its intensity δ when the caller has them (a cache), else
    ``procurement.covariance(values, estimator)``.
    """
    cov, delta = estimate if estimate is not None else P.covariance(values, estimator)
    sample, _ = P.covariance(values, "sample")
    stds = np.sqrt(np.diag(sample))
    best = int(np.argmin(stds))
    common = (names, len(values), lower, upper, estimator, delta, sample, stds, names[best], float(stds[best]),
              len(values) < 3 * len(names))
    problem = P.cap_problem(names, lower, upper)
    if problem:
        return AnswerView(*common, problem, None, None, np.nan, [], np.nan, np.nan, None, 0.0)
    split = P.capped_weights(cov, lower, upper)
    weights = split.weights
    blend_std = float(np.sqrt(max(weights @ sample @ weights, 0.0)))
    plain = P.capped_weights(sample, lower, upper).weights if estimator != "sample" else None
    moved = 100 * float(np.abs(weights - plain).max()) if plain is not None else 0.0
    return AnswerView(*common, None, split, weights, blend_std, binding_caps(names, split, lower, upper),
                      *_saving(float(stds[best]), blend_std), plain, moved)


def tradeoff_view(series: pd.DataFrame, share: float, basis: str, rows_dropped: int,
                  sources: list[str]) -> TradeoffView:
    """The split of ``series`` ``(T, n)`` with the average price counting ``share`` ∈ [0, 1] of the trade-off,
    its table, and the decision record (``basis``, ``rows_dropped`` and ``sources`` go into it)."""
    lam = P.tradeoff_lambda(series, share)
    weights = P.min_variance_weights(series, price_weight=lam)
    table = P.summary(series, weights)
    record = P.decision_summary(series, weights, basis=basis, price_weight=lam, rows_dropped=rows_dropped,
                                sources=sources)
    return TradeoffView(lam, weights, table, table["variance"].to_numpy()[:-1],
                        float(table.loc["blend", "variance"]), record)


def _percent(value: float, other: float) -> float | None:
    """``100·(value − other)/other``, None when ``other`` ≤ 0."""
    return None if other <= 0 else 100 * (value - other) / other


def _period_label(value: object) -> str:
    """A period as the page names it: a date for a timestamp, else its text."""
    return str(value.date()) if isinstance(value, pd.Timestamp) else str(value)


def walk_view(series: pd.DataFrame, result: P.WalkForward, horizon: int, weights: np.ndarray) -> WalkView:
    """``result`` (the walk-forward of ``series`` ``(T, n)`` with test windows of ``horizon`` periods) against
    the equal split, the split ``weights`` ``(n,)`` fitted on all periods, and each single supplier."""
    values = series.to_numpy(np.float64)
    labels = [_period_label(v) for v in series.index[result.starts]]
    hindsight = P.hindsight_variance(values, result.starts, horizon, weights)
    compared = P.compare_walk(result, hindsight, [str(c) for c in series.columns])
    stds = {name: np.sqrt(np.maximum(v, 0)) for name, v in zip(compared.names, compared.variances, strict=True)}
    rows = list(zip(compared.names, compared.mean_variance.tolist(), compared.typical_std.tolist(),
                    compared.versus_split_pct.tolist(), strict=True))
    table = pd.DataFrame({"mean realised variance": compared.mean_variance, "typical std": compared.typical_std,
                          "variance vs the walk-forward split (%)": compared.versus_split_pct,
                          "windows where the split was steadier (%)": compared.split_steadier_pct},
                         index=pd.Index(compared.names, name="strategy"))
    base, steadiest = rows[0][1], min(rows[3:], key=lambda r: r[1])
    return WalkView(result, labels, compared, stds, rows, table, steadiest[0], _percent(base, steadiest[1]),
                    _percent(base, rows[1][1]), int((~result.converged).sum()))
