"""A page's link: widgets bound to the address (:data:`SHARE`), old names followed, refused values reported."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard.kit.markup import literal
from dashboard.kit.state import LAST_GOOD, RENAMED, current_name, current_names

#: ``bind=SHARE`` keeps a widget's value in the page's address, so a copied link opens the same view.
SHARE = "query-params"


def _same(raw: list[str], value: Any) -> bool:
    """Whether a link's raw value(s) ``raw`` name the widget value ``value`` (numbers, flags, text, lists)."""
    if isinstance(value, list | tuple):
        return len(raw) == len(value) and all(_same([r], v) for r, v in zip(raw, value, strict=True))
    text = raw[-1] if raw else ""
    if isinstance(value, bool):
        return text.lower() == str(value).lower()
    if isinstance(value, int | float):
        try:
            return math.isclose(float(text), float(value), rel_tol=1e-9, abs_tol=1e-12)
        except ValueError:
            return False
    return text.strip().lower() == str(value).strip().lower()


#: Widgets whose link value is a label (``format_func``), not the option itself: key -> option -> label.
LINK_LABELS: dict[str, Callable[[Any], object]] = {}


def labelled(key: str, format_func: Callable[[Any], object]) -> Callable[[Any], object]:
    """``format_func`` for the widget ``key``, remembered so the link report can read its labels."""
    LINK_LABELS[key] = format_func
    return format_func


def _names_value(key: str, raw: list[str], value: Any) -> bool:
    """Whether the link's ``raw`` names the widget's ``value``, directly or by the label shown for it."""
    if _same(raw, value):
        return True
    label = LINK_LABELS.get(key)
    if label is None:
        return False
    shown = [label(v) for v in value] if isinstance(value, list | tuple) else label(value)
    return _same(raw, shown)


def follow_renamed_link() -> bool:
    """Rewrite a link's old parameter names (:data:`dashboard.kit.state.RENAMED`) to the current ones, so a link saved
    before a rename opens the same view; True when it did (rerun: the page's widgets then read the new names)."""
    old = [name for name in st.query_params if name in RENAMED]
    if not old:
        return False
    current = current_names({name: st.query_params.get_all(name) for name in st.query_params})
    for name in old:
        del st.query_params[name]
    for name in {current_name(name) for name in old}:
        with contextlib.suppress(StreamlitAPIException):  # a widget on screen holds this name: its value stays
            st.query_params[name] = current[name]
    return True


def link_snapshot() -> dict[str, list[str]]:
    """The address's query parameters now (call before the page runs; compare with :func:`report_link`)."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def report_link(before: dict[str, list[str]], slot) -> list[str]:
    """Say, in ``slot``, which values of the link the page refused or adjusted; returns the keys concerned.

    A bound widget drops from the address a value it cannot use (not a number, not finite, out of range,
    unknown option) or one equal to its default, and rewrites one it clamps. A dropped value that names the
    widget's value was a default; any other change is reported.
    """
    notes, keys = [], []
    for key, raw in before.items():
        now = st.query_params.get_all(key) if key in st.query_params else []
        if now == raw or key not in st.session_state or (not now and _names_value(key, raw, st.session_state[key])):
            continue
        shown = literal(raw[-1] if raw else "", limit=40)
        fate = "was adjusted to fit the control" if now else "could not be used"
        notes.append(f"**{literal(key)}** = {shown} {fate}")
        keys.append(key)
    if notes:
        slot.warning("This link asked for values the page cannot show: " + "; ".join(notes)
                     + ". The page uses its own values there.", icon=":material/link_off:")
    return keys


def view_lookup(state, query) -> Callable[[str], object]:
    """``get(key)``: a widget's value as the page uses it, from session ``state``, else the link ``query``.

    A formula box gives its last good formula (what the page draws), not a typo that failed to parse.
    """
    good = state.get(LAST_GOOD, {})

    def get(key: str) -> object:
        if (function := good.get(f"formula:{key}")) is not None and isinstance(getattr(function, "text", None), str):
            return function.text
        return state[key] if key in state else query.get(key)

    return get


def current_query() -> dict[str, str | list[str]]:
    """The page's bound widget values as the address holds them (lists for multi-valued ones)."""
    params = st.query_params
    return {name: (values if len(values := params.get_all(name)) > 1 else values[0])
            for name in params if name != "presenter" and params.get_all(name)}
