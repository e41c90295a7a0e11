"""Calculus Lab's math: pure functions on JAX arrays (no Streamlit, no Plotly).

Import a module and call through it, as the pages do: ``from calc_core import descent`` then
``descent.run(f, x0, "adam", 0.1, 100)``. Each module's ``__all__`` is its public API: the functions and
classes a page, a script or a test may use, then every UPPER_CASE constant the module defines. Every other
name, and every ``_name``, is internal and may change. One name has one meaning across modules; ``Fn`` /
``Objective`` (a scalar function of one array), ``make_data`` and ``train_chunk`` (per model) mean the same
thing wherever they appear. ``tests/unit/test_api.py`` checks all of this.
"""

from __future__ import annotations

from calc_core import (
    article,
    chain,
    cheatsheet,
    compile_cache,
    critical,
    derivatives,
    descent,
    divergence,
    exports,
    expr,
    mlp,
    optimizers,
    pages,
    per_example,
    procurement,
    regression,
    stability,
    surfaces,
    timing,
)

# In the article's order.
__all__ = [
    # Formulas and the article's numbers
    "expr", "article",
    # Derivatives
    "derivatives", "critical", "chain",
    # Optimization: divergence is the one place a run counts as diverged
    "surfaces", "optimizers", "descent", "divergence", "stability",
    # Training
    "regression", "mlp", "per_example", "timing", "cheatsheet",
    # Procurement (a package: price files read, the two-supplier ω, the n-supplier solver, the plan); exports
    "procurement", "exports",
    # Page models: one typed result per page, the numbers it shows (calc_core/pages/<slug>.py)
    "pages",
    # Set-up: JAX's persistent compilation cache (the one module with a side effect, and only when called)
    "compile_cache",
]
