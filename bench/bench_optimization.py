"""Optimization pages: the optimizer race, the gradient-field figure, and the article's 1-D loop against run()."""

from __future__ import annotations

import jax
import numpy as np

from bench.common import Row, alternating_medians, below, faster, median_seconds
from calc_core import article, descent, surfaces
from dashboard.figures import optimization as figs

START = surfaces.PRESETS["saddle"].start


def race(steps: int) -> dict[str, np.ndarray]:
    """Five optimizers from one start on the article's saddle (one compiled run each)."""
    rates = {"adam": 0.05, "newton": 1.0}
    return {name: np.asarray(descent.run(surfaces.saddle, START, name, rates.get(name, 0.02), steps))
            for name in descent.OPTIMIZER_NAMES}


def field_page_figure() -> str:
    """What the page does for the race chart: field (40×40 arrows, 160×160 shading), five 100-step runs,
    the figure with its frames, serialised to JSON (as Streamlit sends it)."""
    box = ((-3.0, 3.0), (-3.0, 3.0))
    fld = surfaces.field(surfaces.saddle, *box, n=40)
    shade = surfaces.field(surfaces.saddle, *box, n=160).z
    fig = figs.field_figure(fld, race(100), START, z_fine=shade)
    return fig.to_json()


def article_loop() -> float:
    """The article's 1-D descent as printed: 50 un-jitted ``jax.grad`` calls in a Python loop."""
    grad_loss = jax.grad(article.descent_loss)
    x = article.DESCENT_X0
    for _ in range(article.DESCENT_STEPS):
        x = x - article.DESCENT_LR * grad_loss(x)
    return float(x)


def one_dim(p):
    return (p[0] - 3.0) ** 2 + 1.0


def compiled_run() -> float:
    xs = descent.run(one_dim, [article.DESCENT_X0], "sgd", article.DESCENT_LR, article.DESCENT_STEPS)
    return float(xs[-1, 0])


def run() -> list[Row]:
    rows = []
    race(500)  # compile once per optimizer
    rows.append(below("optimization: 5 optimizers x 500 steps, warm", median_seconds(lambda: race(500), 10) * 1e3,
                      "ms", 50))
    size = len(field_page_figure())
    rows.append(below("optimization: field 40x40 + 5 paths + frames, built and serialised, warm",
                      median_seconds(field_page_figure, 10) * 1e3, "ms", 150))
    rows.append(below("optimization: gradient-field figure JSON", size / 1e3, "KB", 500))
    assert abs(article_loop() - compiled_run()) < 1e-4
    loop, scan = alternating_medians(article_loop, compiled_run, repeats=5)
    rows.append(faster("optimization: 1-D descent, 50 steps, descent.run (one lax.scan)", scan * 1e3, "ms",
                       "article's un-jitted loop", loop / scan, 100))
    return rows
