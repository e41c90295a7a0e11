"""Session state with a map: which key prefix belongs to which page, and which keys the app creates itself.

A page's keys in ``st.session_state`` (widget keys and plain ones) are ``<prefix>_<name>`` with a prefix of
its own, declared in its ``PageSpec.prefixes`` (:func:`dashboard.registry.prefixes` gathers them), so two pages never share a
key. A widget created with ``bind=links.SHARE`` also uses its key as its name in the page's link
(``/linear_regression?reg_lr=0.3``), and lesson files store the same names: such a key is a public name,
declared in the page's ``PageSpec.links`` (:func:`known_params`). Renaming one would break teachers' saved
links and lessons, so the old name goes into :data:`RENAMED`; the router rewrites old names in a link before
the page runs (:func:`dashboard.kit.links.follow_renamed_link`) and the lesson import reads them
(:mod:`dashboard.classroom.lessons`).

No Streamlit here (the lesson import uses it too).

>>> current_names({"lr_lr": "0.3", "nn_lr": "0.03"})
{'reg_lr': '0.3', 'nn_lr': '0.03'}
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import TypeVar

from dashboard.kit.page import PageSpec

V = TypeVar("V")

PAGE_SLUG = "_page_slug"  # session key: the slug of the page on screen (set by chrome.sidebar_chrome)
LAST_GOOD = "_last_good"  # session key: {name: last good value} of :func:`dashboard.kit.inputs.last_good`
#: Parameters every page binds to its address (the Presenter mode switch of :mod:`dashboard.kit.chrome`).
GLOBAL_PARAMS = ("presenter",)

#: Keys of the app itself, on every page: name -> what it holds.
APP_KEYS: dict[str, str] = {
    "presenter": "the Presenter mode switch (bound: in every link)",
    "view_script": "the 'Download a script of this view' button",
    "join_qr": "the 'Join by QR code' button",
    PAGE_SLUG: "the slug of the page on screen (PAGE_SLUG)",
    LAST_GOOD: "{name: last good value} of dashboard.kit.inputs.last_good (formulas, the network's data)",
}

#: What :mod:`dashboard.kit.live` keeps for a live page, as ``<prefix>_<name>``: name -> what it holds.
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

#: A live page (its ``PageSpec.live_fields``) keeps its live.Trainer's fields as ``<prefix>_<field>``. Its
#: charts are drawn in containers keyed ``<prefix>_<chart>`` (reg_fit, reg_loss, reg_params; nn_prediction, nn_loss,
#: nn_activations): element keys that e2e tests select as ``.st-key-<key>``, not session state (so the chart
#: ``reg_params`` and the field ``reg_params`` do not collide).

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


@cache
def known_params(spec: PageSpec) -> re.Pattern[str]:
    """One regex matching every parameter name the page ``spec`` binds to its address (its ``PageSpec.links``
    and :data:`GLOBAL_PARAMS`)."""
    patterns = [*spec.links, *(re.escape(p) for p in GLOBAL_PARAMS)]
    return re.compile("|".join(f"(?:{p})" for p in patterns))
