"""The chain-rule page's numbers: the layers' forward values and local derivatives at x, their product,
jax.grad of the composition, whether they agree, and the jaxpr autodiff runs.

Named for its concept (the page's name, chain_rule, is :func:`calc_core.chain.chain_rule`'s); the page only
reads controls and draws (see ``dashboard/views/chain_rule.py``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from calc_core import chain
from calc_core.chain import Fn

__all__ = ["ChainView", "chain_view"]


class ChainView(NamedTuple):
    """``result``: :func:`calc_core.chain.chain_rule` at x; ``values``: x, then each layer's output, shape
    ``(n + 1,)``, and ``local``: each layer's derivative at its own input, shape ``(n,)``, both in float64;
    ``verdict``: ``"agree"``, ``"differ"`` or ``"not finite"``; ``jaxpr``: the traced gradient, as text."""

    result: chain.ChainResult
    values: np.ndarray
    local: np.ndarray
    verdict: str
    jaxpr: str


def chain_view(layers: tuple[Fn, ...], x: float) -> ChainView:
    """The chain rule through ``layers`` at ``x`` (one compiled call) and the jaxpr of its gradient."""
    result = chain.chain_rule(layers, x)
    return ChainView(result, np.asarray(result.values, np.float64), np.asarray(result.local, np.float64),
                     chain.agreement(result), chain.gradient_jaxpr(layers, x))
