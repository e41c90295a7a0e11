"""A short runnable Python script of the current view: its key numbers recomputed with calc_core, printed.

No Streamlit here. :func:`script_for` takes a page slug and a lookup ``get(key)`` of the page's widget
values (what the page's bound widgets hold, or their link text) and returns the script's text, or None
for a page without a script. The values are untrusted: numbers go through ``float``/``int`` and range
checks and are written with ``repr``; a formula is written (as a string literal) only if
``calc_core.expr.parse_function`` accepts it, and the script parses it again with ``parse_function``.
Anything else falls back to the page's default. Defaults come from ``calc_core.article`` and from the
views' own constants. Each page writes its own script (``def script(v: Values) -> str`` beside the page,
declared as ``PageSpec.script``); this module holds what they share.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from calc_core.expr import ExpressionError, parse_function
from dashboard.kit.page import PageSpec

Lookup = Callable[[str], object]
MIME = "text/x-python"
LABEL = "Download a script of this view (.py)"

HEADER = '''"""Calculus Lab, {title}: the numbers of the view you saved, recomputed with calc_core.

Run it from the Calculus Lab folder (where calc_core/ is):  python {file_name}
"""
import os
import sys

sys.path.insert(0, os.getcwd())  # calc_core from the folder you run this in

'''


def file_name(slug: str) -> str:
    return f"calculus_lab_{slug}.py"


class Values:
    """Validated reads of a page's widget values; anything unusable gives the page's default."""

    def __init__(self, get: Lookup):
        self.get = get

    def number(self, key: str, default: float, low: float = -math.inf, high: float = math.inf) -> float:
        value = _float(self.get(key))
        return value if value is not None and low <= value <= high else float(default)

    def integer(self, key: str, default: int, low: int, high: int) -> int:
        value = _float(self.get(key))
        return int(value) if value is not None and value.is_integer() and low <= value <= high else int(default)

    def choice(self, key: str, options: tuple, default: object) -> object:
        """One of ``options`` (numbers compared as numbers, text as text)."""
        raw = self.get(key)
        for option in options:
            if isinstance(option, str) and isinstance(raw, str) and raw == option:
                return option
            if not isinstance(option, str) and _float(raw) == float(option):
                return option
        return default

    def flag(self, key: str, default: bool = False) -> bool:
        raw = self.get(key)
        if isinstance(raw, bool):
            return raw
        return {"true": True, "false": False}.get(str(raw).lower(), default) if raw is not None else default

    def pair(self, key: str, default: tuple[float, float], low: float, high: float) -> tuple[float, float]:
        """A range slider's ``(a, b)``: two finite numbers in ``[low, high]``."""
        raw = self.get(key)
        if isinstance(raw, (list, tuple)) and len(raw) == 2:
            a, b = _float(raw[0]), _float(raw[1])
            if a is not None and b is not None and low <= a <= b <= high:
                return a, b
        return float(default[0]), float(default[1])

    def formula(self, key: str, default: str, variables: tuple[str, ...] = ("x",)) -> str:
        """The typed formula if ``parse_function`` accepts it, else ``default``."""
        raw = self.get(key)
        if isinstance(raw, str):
            try:
                parse_function(raw, variables)
            except ExpressionError:
                return default
            return raw
        return default

    def names(self, key: str, options: tuple[str, ...], default: tuple[str, ...]) -> tuple[str, ...]:
        """A multiselect's values: those of ``options`` it holds, in the options' order."""
        raw = self.get(key)
        if raw is None:
            return default
        chosen = {raw} if isinstance(raw, str) else set(raw) if isinstance(raw, (list, tuple)) else set()
        return tuple(o for o in options if o in chosen)


def _float(raw: object) -> float | None:
    """A finite float from a number or its text, else None (bools are not numbers here)."""
    if isinstance(raw, bool) or raw is None:
        return None
    try:
        value = float(raw) if isinstance(raw, (int, float, str)) else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


def render_script(spec: PageSpec, constants: dict[str, object], imports: str, body: str) -> str:
    """Header, imports, the view's values as Python literals (repr), then the body."""
    values = "\n".join(f"{name} = {value!r}" for name, value in constants.items())
    return (HEADER.format(title=spec.title, file_name=file_name(spec.slug)) + imports.strip() + "\n\n"
            + "# The view's values\n" + values + "\n\n" + body.strip() + "\n")


def preset_values(v: Values, presets: Mapping[str, tuple[str, tuple[float, float]]], prefix: str
                  ) -> tuple[str, float, float]:
    """``inputs.preset_function``'s formula and range: ``(formula, a, b)`` with ``b - a >= 0.1``."""
    preset = v.choice(f"{prefix}_preset", tuple(presets), next(iter(presets)))
    text, (low, high) = presets[preset]
    slot = list(presets).index(preset)
    formula = v.formula(f"{prefix}_formula_{slot}", text)
    a, b = v.pair(f"{prefix}_range_{slot}", (round(low, 2), round(high, 2)), -10.0, 10.0)
    return formula, a, max(b, a + 0.1)


def script_for(spec: PageSpec, get: Lookup) -> str | None:
    """The script of the page ``spec`` with the values ``get(key)`` gives, or None if the page has none."""
    build = spec.script
    return build(Values(get)) if build else None
