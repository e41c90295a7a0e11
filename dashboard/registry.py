"""Every page of Calculus Lab, grouped as the article is: one line per page, its spec read from the page module.

The router, the home page, the lesson tools, the warm start, the tests and the benchmarks read the pages from
here. Adding a page: a new module in ``views/`` that ends with ``PAGE = PageSpec(...)``, and its line below.
Home (``dashboard/home.py``) and Lesson (``dashboard/classroom/lesson_page.py``) present this list: they import
it, so they stand above it, outside ``views/``, and their specs are declared here.
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
    jacobian_hessian,
    jit,
    linear_regression,
    neural_network,
    per_example,
    rate_of_change,
    tangent_line,
)
from dashboard.views.procurement import page as procurement

HOME = PageSpec("home", "Home", "home", "What Calculus Lab is and how to use it in class.", file="home.py")
LESSON = PageSpec("lesson", "Lesson", "playlist_play",
                  "Plan a sequence of views, step through it in class with a clicker, share it as a file.",
                  prefixes=("lesson",),  # shared with the sidebar's lesson tools (dashboard.classroom.teacher)
                  file="classroom/lesson_page.py")

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
        LESSON,
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


def prefixes() -> dict[str, tuple[str, ...]]:
    """Page slug -> the prefixes of its session keys (each page's ``PageSpec.prefixes``)."""
    return {spec.slug: spec.prefixes for spec in all_pages()}


def live_pages() -> dict[str, tuple[str, tuple[str, ...]]]:
    """The live pages: slug -> (prefix, the fields of its live.Trainer, kept as ``<prefix>_<field>``)."""
    return {spec.slug: (spec.prefixes[0], spec.live_fields) for spec in all_pages() if spec.live_fields}
