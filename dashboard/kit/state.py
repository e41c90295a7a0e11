"""Session state with a map: which key prefix belongs to which page, and which keys the app creates itself.

A page's keys in ``st.session_state`` (widget keys and plain ones) are ``<prefix>_<name>`` with a prefix of
its own from :data:`PREFIXES`, so two pages never share a key. A widget created with ``bind=ui.SHARE`` also
uses its key as its name in the page's link (``/linear_regression?reg_lr=0.3``), and lesson files store the
same names: such a key is a public name. Renaming one would break teachers' saved links and lessons, so the
old name goes into :data:`RENAMED`; the router rewrites old names in a link before the page runs
(:func:`dashboard.ui.follow_renamed_link`) and the lesson import reads them (:mod:`dashboard.lessons`).

No Streamlit here (the lesson import uses it too).

>>> current_names({"lr_lr": "0.3", "nn_lr": "0.03"})
{'reg_lr': '0.3', 'nn_lr': '0.03'}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

V = TypeVar("V")

#: Page slug -> the prefixes of its session keys.
PREFIXES: dict[str, tuple[str, ...]] = {
    "home": (),
    "rate_of_change": ("roc",),
    "tangent_line": ("tan",),
    "extrema": ("ext",),
    "higher_order": ("ho",),
    "chain_rule": ("ch",),
    "descent_1d": ("d1",),
    "gradient_field": ("gf",),
    "jacobian_hessian": ("jh",),
    "linear_regression": ("reg",),  # "lr_" until issue 11: it read as "learning rate" (see RENAMED)
    "jit": ("jit",),
    "per_example": ("pe",),
    "neural_network": ("nn",),
    "procurement": ("proc", "gd", "cap", "wf"),  # and its older unprefixed keys, PROCUREMENT_UNPREFIXED
    "lesson": ("lesson",),  # shared with the sidebar's lesson tools (dashboard.classroom)
    "cheat_sheet": ("cheat",),
}

#: The procurement page's keys without a prefix (from before this map); ``basis`` and ``tradeoff`` are in links.
PROCUREMENT_UNPREFIXED = ("basis", "tradeoff", "date_order", "decimal_mark", "price_files", "supplier_a",
                          "supplier_b", "estimator")

#: Keys of the app itself, on every page: name -> what it holds.
APP_KEYS: dict[str, str] = {
    "presenter": "the Presenter mode switch (bound: in every link)",
    "view_script": "the 'Download a script of this view' button",
    "join_qr": "the 'Join by QR code' button",
    "_page_slug": "the slug of the page on screen (dashboard.ui.PAGE_SLUG)",
    "_last_good": "{name: last good value} of dashboard.ui.last_good (formulas, the network's data)",
}

#: What :mod:`dashboard.live` keeps for a live page, as ``<prefix>_<name>``: name -> what it holds.
LIVE_KEYS: dict[str, str] = {
    "play": "the Play/Pause button",
    "step": "the Step button",
    "reset_button": "the Reset button",
    "speed": "the speed control (steps or chunks per tick)",
    "running": "True while playing: the fragment ticks",
    "refused": "set once when Play found the server's live trainers all taken; the page says why",
    "pending": "Step presses not trained yet",
    "reset": "set by Reset until the next run restarts the training",
    "config": "the settings of the run shown; a change restarts it",
    "error": "why the run diverged, shown until Reset or a settings change",
}

#: The live pages: slug -> (prefix, the fields of its live.Trainer, kept as ``<prefix>_<field>``). Their charts
#: are drawn in containers keyed ``<prefix>_<chart>`` (reg_fit, reg_loss, reg_params; nn_prediction, nn_loss,
#: nn_activations): element keys that e2e tests select as ``.st-key-<key>``, not session state (so the chart
#: ``reg_params`` and the field ``reg_params`` do not collide).
LIVE_PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "linear_regression": ("reg", ("params", "history", "losses")),
    "neural_network": ("nn", ("params", "opt_state", "losses", "rate")),
}

#: Names that links and lesson files made before a rename still use: old name -> current name.
RENAMED: dict[str, str] = {f"lr_{name}": f"reg_{name}" for name in ("n", "noise", "lr", "seed", "reuse")}


def current_name(name: str) -> str:
    """The current name of a link parameter (itself unless it was renamed)."""
    return RENAMED.get(name, name)


def current_names(params: Mapping[str, V]) -> dict[str, V]:
    """``params`` (a link's or a lesson step's) under their current names, in their order; where an old and a
    current name both appear, the current name's value wins."""
    result: dict[str, V] = {}
    for name, value in params.items():
        new = current_name(name)
        if new not in result or name == new:
            result[new] = value
    return result
