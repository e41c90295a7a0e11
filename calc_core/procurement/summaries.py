"""Tables of a split: each supplier's statistics, the blend's, and the decision as plain data (for JSON)."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["supplier_stats", "price_changes", "summary", "decision_summary"]


def supplier_stats(prices: pd.DataFrame) -> pd.DataFrame:
    """Mean and population std of each supplier (rows), from ``prices`` of shape ``(T, n)``."""
    return pd.DataFrame({"mean": prices.mean(), "std": prices.std(ddof=0)})


def price_changes(prices: pd.DataFrame) -> pd.DataFrame:
    """Period-to-period changes ``p[t] − p[t−1]`` (one row fewer), for the variance of changes."""
    return prices.diff().iloc[1:]


def summary(prices: pd.DataFrame, weights: np.ndarray) -> pd.DataFrame:
    """Mean, std and variance (population) of each supplier and of the blend with ``weights`` (shape (n,))."""
    blended = prices.to_numpy(dtype=np.float64) @ np.asarray(weights, dtype=np.float64)
    table = pd.DataFrame({"weight": np.append(weights, 1.0),
                          "mean": np.append(prices.mean().to_numpy(), blended.mean()),
                          "std": np.append(prices.std(ddof=0).to_numpy(), blended.std()),
                          "variance": np.append(prices.var(ddof=0).to_numpy(), blended.var())},
                         index=[*map(str, prices.columns), "blend"])
    return table


def decision_summary(prices: pd.DataFrame, weights: np.ndarray, *, basis: str, price_weight: float,
                     rows_dropped: int, sources: list[str]) -> dict:
    """The decision as plain data (for JSON): weights, blend and supplier statistics, rows, sources."""
    table = summary(prices, weights)
    return {
        "weights": {name: float(w) for name, w in zip(map(str, prices.columns), weights, strict=True)},
        "blend": {"mean": float(table.loc["blend", "mean"]), "variance": float(table.loc["blend", "variance"])},
        "suppliers": {name: {"mean": float(table.loc[name, "mean"]), "variance": float(table.loc[name, "variance"])}
                      for name in map(str, prices.columns)},
        "variance_of": basis, "price_weight_lambda": float(price_weight),
        "rows_used": int(len(prices)), "rows_dropped": int(rows_dropped), "sources": list(sources),
    }
