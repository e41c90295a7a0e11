"""Every page of Calculus Lab, grouped as the article is: one line per page, its spec read from the page module.

The router, the home page, the session-state map, the warm start, the lesson import, the script download, the
tests and the benchmarks read the pages from here. Adding a page: a new module in ``views/`` that ends with
``PAGE = PageSpec(...)``, and its line below.
"""

from __future__ import annotations

from dashboard.kit.page import PageSpec
from dashboard.views import (
    chain_rule,
    cheat_sheet,
    descent_1d,
    extrema,
    gradient_field,
    higher_order,
    home,
    jacobian_hessian,
    jit,
    lesson,
    linear_regression,
    neural_network,
    per_example,
    rate_of_change,
    tangent_line,
)
from dashboard.views.procurement import page as procurement

HOME = home.PAGE

GROUPS: dict[str, tuple[PageSpec, ...]] = {
    "Derivatives": (
        rate_of_change.PAGE,
        tangent_line.PAGE,
        extrema.PAGE,
        higher_order.PAGE,
        chain_rule.PAGE,
    ),
    "Optimization": (
        descent_1d.PAGE,
        gradient_field.PAGE,
        jacobian_hessian.PAGE,
    ),
    "Training": (
        linear_regression.PAGE,
        jit.PAGE,
        per_example.PAGE,
        neural_network.PAGE,
    ),
    "Applications": (
        procurement.PAGE,
    ),
    "Class": (
        lesson.PAGE,
    ),
    "Reference": (
        cheat_sheet.PAGE,
    ),
}


def all_pages() -> list[PageSpec]:
    """Home first, then every page in navigation order."""
    return [HOME, *(page for pages in GROUPS.values() for page in pages)]


def page(slug: str) -> PageSpec:
    return next(p for p in all_pages() if p.slug == slug)
