"""Calculus Lab's math: pure functions on JAX arrays (no Streamlit, no Plotly).

Import a module and call through it, as the pages do: ``from calc_core import descent`` then
``descent.run(f, x0, "adam", 0.1, 100)``. The public modules, in the article's order, and the names a page,
a script or a test may use (besides each module's UPPER_CASE constants). Every other name, and every
``_name``, is internal and may change. One name has one meaning across modules; ``Fn``/``Objective`` (a
scalar function of one array), ``make_data`` and ``train_chunk`` (per model) mean the same thing wherever
they appear.

Formulas and the article
    expr               parse_function, as_vector_function, try_parse, ExpressionError, relu
    article            f_multi, layer1, layer2, composed, vector_fn, scalar_fn, descent_loss
Derivatives
    derivatives        values_and_slopes, secant, difference_errors, nth_derivative, derivative_on, derivatives,
                       derivatives_at, derivatives_at64, taylor, tangent_frames, one_sided, error_order, grid,
                       number_state, value_status, resolved32, highest_order, check_order, CostlyOrder,
                       repeated_grad, taylor_on, program_size   (repeated grad within a budget, else Taylor mode)
    critical           critical_points, classify, role, values64, local_scale, typical_spread, CriticalPoint,
                       EndPoint, Extreme, Extrema
    chain              chain_rule, compose, gradient_jaxpr, ChainResult
Optimization
    surfaces           saddle, bowl, valley, rosenbrock, himmelblau, gradient, hessian, jacobian, hessian_eigen,
                       classify_eigenvalues, classify_critical_point, finite_difference_jacobian,
                       finite_difference_hessian, field, slices, linear_map, stacked, Field, Surface, LinearMap
    optimizers         sgd, momentum, nesterov, adam, make, apply_updates, GradientTransformation
    descent            run, losses, newton, first_diverged_step, compiled_length, compile_count,
                       plain_descent_regime
    descent_1d         descent_view, plot_window, chart_target, zone_curvature, DescentView   (the 1-D page's run)
    divergence         first_diverged_step, finite_prefix, diverged   (the one place a run counts as diverged)
    stability          descent_report, explain_divergence, explain_run_1d, divergence_threshold_1d,
                       derivatives_1d, curvature_of, curvature_at, local_derivatives, quadratic_bound,
                       regression_hessian, regression_bound, Report, Run1D, Curvature
Training
    regression         make_data, predict, mse_loss, least_squares, gd_step, train_chunk, article_loop
    mlp                layer_sizes, init_params, forward, hidden_activations, loss_fn, make_data, article_data,
                       init_opt_state, train_chunk, sgd_step, article_step, is_finite, forward_jit,
                       hidden_activations_jit, loss_jit
    per_example        single_loss, single_grad, per_example_grads, batch_grad, clip, private_mean, outliers,
                       corrupt, loop_grads, time_vmap_vs_loop
    timing             median_time, eager_vs_jit, step_jaxpr, recompile_demo, loop_vs_scan
    cheatsheet         rows, CheatRow
Procurement
    procurement        read_prices, read_price_files, PriceDataError, Reading, PriceTable, is_spreadsheet,
                       check_archive, price_sheets, read_sheet, read_workbook, price_scale, pad, blend,
                       variance_loss, loss_curve, closed_form_omega, grid_omega, projected_descent,
                       bootstrap_omega, omega_curve, omega_chart, grid_lookup, nearest, tradeoff_lambda,
                       bootstrap_prices, bootstrap_interval, blend_frames, OmegaCurve, OmegaChart,
                       min_variance_weights, active_set_step, supplier_stats, price_changes, summary,
                       decision_summary, cap_problem, capped_weights, covariance, ledoit_wolf, shrunk_covariance,
                       sample_covariance, shrink, walk_forward, hindsight_variance, compare_walk, CappedSplit,
                       WalkForward, WalkComparison   (a package: its __init__ re-exports its modules' names)
    exports            csv_text, json_text, json_safe, neutralise
Set-up
    compile_cache      enable   (JAX's persistent compilation cache; the one module with a side effect)

``tests/unit/test_api.py`` checks this map against the modules: every module is listed, every listed name
exists, and no public name is defined with two meanings.
"""

from __future__ import annotations

import importlib

__all__ = [
    "article",
    "chain",
    "cheatsheet",
    "compile_cache",
    "critical",
    "derivatives",
    "descent",
    "descent_1d",
    "divergence",
    "exports",
    "expr",
    "mlp",
    "optimizers",
    "per_example",
    "procurement",
    "regression",
    "stability",
    "surfaces",
    "timing",
]


def __getattr__(name: str):
    """``calc_core.descent`` after a bare ``import calc_core``: a public module is imported on first use."""
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
