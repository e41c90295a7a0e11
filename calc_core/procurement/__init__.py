"""Procurement: read supplier price files, find the minimum-variance split, check it walking forward.

The one door for pages, scripts and tests: ``from calc_core import procurement as P`` then
``P.read_price_files(files)``, ``P.omega_curve(a, b)``, ``P.capped_weights(cov, lower, upper)``. The modules:

- ``table``: what the readers share (:class:`PriceDataError`, :class:`Reading`, :class:`PriceTable`,
  limits, the rules that read prices and dates); ``csv_files``: CSV files; ``excel``: workbooks; ``read``:
  several files merged on their dates.
- ``scale``: one unit for prices of any size; ``two_suppliers``: the article's ω; ``solver``: the exact
  n-supplier split; ``summaries``: its tables; ``plan``: caps, Ledoit–Wolf shrinkage and the walk-forward.

Imports run one way: table ← csv_files ← excel ← read, and scale ← two_suppliers, solver ← plan.
"""

from __future__ import annotations

from calc_core.procurement import csv_files, excel, plan, read, scale, solver, summaries, table, two_suppliers
from calc_core.procurement.csv_files import read_prices
from calc_core.procurement.excel import (
    EXTENSIONS,
    check_archive,
    is_spreadsheet,
    price_sheets,
    read_sheet,
    read_workbook,
)
from calc_core.procurement.plan import (
    SHRINKAGE_TARGETS,
    CappedSplit,
    WalkComparison,
    WalkForward,
    cap_problem,
    capped_weights,
    compare_walk,
    covariance,
    hindsight_variance,
    ledoit_wolf,
    sample_covariance,
    shrink,
    shrunk_covariance,
    walk_forward,
)
from calc_core.procurement.read import read_price_files
from calc_core.procurement.scale import price_scale
from calc_core.procurement.solver import active_set_step, min_variance_weights, tradeoff_lambda
from calc_core.procurement.summaries import decision_summary, price_changes, summary, supplier_stats
from calc_core.procurement.table import (
    MAX_BYTES,
    MAX_ROWS,
    MAX_SUPPLIERS,
    PRICE_RANGE,
    PriceDataError,
    PriceTable,
    Reading,
)
from calc_core.procurement.two_suppliers import (
    FRAME_OMEGAS,
    OMEGA_GRID,
    OmegaChart,
    OmegaCurve,
    blend,
    blend_frames,
    bootstrap_interval,
    bootstrap_omega,
    bootstrap_prices,
    closed_form_omega,
    grid_lookup,
    grid_omega,
    loss_curve,
    nearest,
    omega_chart,
    omega_curve,
    pad,
    projected_descent,
    variance_loss,
)

__all__ = [
    # modules
    "table", "csv_files", "excel", "read", "scale", "two_suppliers", "solver", "summaries", "plan",
    # reading price files
    "MAX_BYTES", "MAX_ROWS", "MAX_SUPPLIERS", "PRICE_RANGE", "EXTENSIONS", "PriceDataError", "PriceTable",
    "Reading", "read_prices", "read_price_files", "is_spreadsheet", "check_archive", "price_sheets",
    "read_sheet", "read_workbook",
    # two suppliers
    "OMEGA_GRID", "FRAME_OMEGAS", "price_scale", "pad", "blend", "variance_loss", "loss_curve",
    "closed_form_omega", "grid_omega", "projected_descent", "bootstrap_omega", "OmegaCurve", "omega_curve",
    "nearest", "grid_lookup", "OmegaChart", "omega_chart", "bootstrap_prices", "bootstrap_interval",
    "blend_frames",
    # n suppliers
    "tradeoff_lambda", "active_set_step", "min_variance_weights", "supplier_stats", "price_changes",
    "summary", "decision_summary",
    # the analyst's plan
    "SHRINKAGE_TARGETS", "cap_problem", "CappedSplit", "capped_weights", "ledoit_wolf", "shrunk_covariance",
    "sample_covariance", "shrink", "covariance", "walk_forward", "hindsight_variance", "compare_walk",
    "WalkForward", "WalkComparison",
]
