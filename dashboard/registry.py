"""Every page of Calculus Lab, grouped as the article is. The router, the home page and the tests read this."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

VIEWS_DIR = Path(__file__).parent / "views"


@dataclass(frozen=True)
class PageSpec:
    slug: str  # url path and view file name (views/<slug>.py)
    title: str
    icon: str  # a Material Symbols name, shown as :material/<icon>:
    blurb: str  # one line for the home page card

    @property
    def file(self) -> str:
        """The page script, relative to ``dashboard/app.py`` (what ``st.Page`` and AppTest take)."""
        return f"views/{self.slug}.py"

    @property
    def path(self) -> Path:
        return VIEWS_DIR / f"{self.slug}.py"


HOME = PageSpec("home", "Home", "home", "What Calculus Lab is and how to use it in class.")

GROUPS: dict[str, tuple[PageSpec, ...]] = {
    "Derivatives": (
        PageSpec("rate_of_change", "Rate of change", "speed",
                 "Secant to tangent: Δy/Δx as Δx → 0, and why finite differences break down."),
        PageSpec("tangent_line", "Tangent line and tan θ", "show_chart",
                 "A tangent sliding along the curve: slope = tan θ = f′(x)."),
        PageSpec("extrema", "Minima and maxima", "landscape",
                 "Every critical point on an interval: f′ = 0, classified by f″."),
        PageSpec("higher_order", "Higher-order derivatives", "stacked_line_chart",
                 "Differentiate again and again; Taylor polynomials and their error."),
        PageSpec("chain_rule", "Chain rule", "link",
                 "Composed layers: local derivatives multiply; jax.grad agrees."),
    ),
    "Optimization": (
        PageSpec("descent_1d", "Gradient descent in 1-D", "trending_down",
                 "Step downhill: convergence, oscillation and divergence by learning rate."),
        PageSpec("gradient_field", "Partial derivatives and gradient field", "explore",
                 "∂f/∂x, ∂f/∂y, negative-gradient arrows and optimizers racing on a surface."),
        PageSpec("jacobian_hessian", "Jacobian and Hessian", "grid_on",
                 "The Jacobian as a linear map, the Hessian's curvature and its eigenvectors."),
    ),
    "Training": (
        PageSpec("linear_regression", "Linear regression", "scatter_plot",
                 "Fit y = wx + b live; what reusing one PRNG key does to the data."),
        PageSpec("jit", "jit speed", "bolt",
                 "The same training step eager and compiled, timed live on this server."),
        PageSpec("per_example", "vmap per-example gradients", "call_split",
                 "One gradient per example in one call; clipping plus Gaussian noise for differential privacy."),
        PageSpec("neural_network", "Neural network on sin(x)", "hub",
                 "A 1→32→32→1 network learning sin(x) live with jit-compiled steps."),
    ),
    "Applications": (
        PageSpec("procurement", "Procurement split", "local_shipping",
                 "Upload supplier prices; find the minimum-variance split ω."),
    ),
    "Class": (
        PageSpec("lesson", "Lesson", "playlist_play",
                 "Plan a sequence of views, step through it in class with a clicker, share it as a file."),
    ),
    "Reference": (
        PageSpec("cheat_sheet", "Cheat sheet", "menu_book",
                 "Each calculus concept, its math and its JAX call, run live."),
    ),
}


def all_pages() -> list[PageSpec]:
    """Home first, then every page in navigation order."""
    return [HOME, *(page for pages in GROUPS.values() for page in pages)]


def page(slug: str) -> PageSpec:
    return next(p for p in all_pages() if p.slug == slug)
