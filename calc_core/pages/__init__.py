"""Page models: for each page that makes more than one calc_core call, one function that takes the page's
control values and returns every number and array the page shows, as a typed result (a NamedTuple whose
docstring gives the shapes). ``dashboard/views/<slug>.py`` lays out what ``calc_core/pages/<slug>.py`` computes.

The live pages (linear regression, the network) describe their training as a ``dashboard.kit.live.Trainer``
instead. Procurement's page (``dashboard/views/procurement/``) is several fragments, so its model has one
function per section, computed with :mod:`calc_core.procurement`.
"""

from __future__ import annotations

from calc_core.pages import (
    chain_rule,
    descent_1d,
    extrema,
    gradient_field,
    higher_order,
    jacobian_hessian,
    jit,
    per_example,
    procurement,
    rate_of_change,
    tangent_line,
)

# In the navigation's order.
__all__ = [
    "rate_of_change", "tangent_line", "extrema", "higher_order", "chain_rule",
    "descent_1d", "gradient_field", "jacobian_hessian",
    "jit", "per_example", "procurement",
]
