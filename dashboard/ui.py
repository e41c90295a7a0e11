"""Small Streamlit helpers shared by the pages: formulas, last good state, presenter mode, show the code."""

from __future__ import annotations

import contextlib
import functools
import inspect
import math
import os
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit.logger import get_logger

from calc_core import derivatives
from calc_core.expr import ExpressionError, parse_function
from dashboard import lessons, state, view_scripts
from dashboard.figures import style

T = TypeVar("T")
PAGE_SLUG = "_page_slug"  # session key: the slug of the page on screen (set by sidebar_chrome each run)
LAST_GOOD = "_last_good"  # session key: {name: last good value} of :func:`last_good`
LOG = get_logger("calculus_lab")
#: Test-only fault injection: section names added here raise inside :func:`guarded`. Only tests touch it (no URL,
#: widget or environment variable reaches it).
FAULTS: set[str] = set()
#: How much of a user's text an echo shows (the rest is summarised by its length).
ECHO_LIMIT = 120
#: Characters backslash-escaped in echoes (CommonMark lets any ASCII punctuation be escaped; these carry meaning).
WORD_JOINER = "\u2060"
MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|:$~&@=^")
#: ``bind=SHARE`` keeps a widget's value in the page's address, so a copied link opens the same view.
SHARE = "query-params"

PRESENTER_CSS = """
<style>
  html, body, [data-testid="stAppViewContainer"] { font-size: 20px; }
  [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.15rem; }
  [data-testid="stSidebar"] { font-size: 18px; }
</style>
"""


def literal(text: object, limit: int = ECHO_LIMIT) -> str:
    """User text made inert for Markdown (``st.error``, ``st.markdown``, captions): it shows exactly as typed.

    Every character that means something to Markdown, HTML or Streamlit is backslash-escaped and URLs are broken
    by invisible word joiners (no link, autolink, emphasis, tag, entity, ``:icon:`` or ``$math$`` can form),
    line breaks become spaces, and text longer than ``limit`` is cut with its length stated.
    """
    text = str(text)
    cut = f"… ({len(text):,} characters)" if len(text) > limit else ""
    text = " ".join(text[:limit].split())
    return "".join(_inert(ch) for ch in text) + cut


def _inert(ch: str) -> str:
    """One character of an echo: backslash-escaped if Markdown-active; GFM turns bare URLs and e-mail addresses
    into links even when escaped, so an invisible word joiner goes before each '.' and after each ':', '@', '/'."""
    piece = "\\" + ch if ch in MARKDOWN_SPECIAL else ch
    return WORD_JOINER + piece if ch == "." else piece + WORD_JOINER if ch in ":@/" else piece


class guarded:  # noqa: N801 (used like a function: ui.guarded("…"))
    """Run a page section; an unexpected error shows a short reference in the page and logs its traceback.

    Usable as ``with ui.guarded("Gradient field"):`` or as a decorator under ``@st.fragment``. Streamlit's
    own control flow (rerun, stop) passes through; the rest of the page and the app keep working. The test
    hook :data:`FAULTS` fails a section at its start in the decorator form.
    """

    def __init__(self, section: str):
        self.section = section

    def __enter__(self) -> guarded:
        if self.section in FAULTS:  # the test-only hook: fail as the section starts
            raise _InjectedFault(f"fault injected by a test into {self.section!r}")
        return self

    def __exit__(self, kind, error, traceback) -> bool:
        if kind is None or not issubclass(kind, Exception):
            return False
        reference = secrets.token_hex(3)
        LOG.error("unexpected error in section %r (reference %s)", self.section, reference,
                  exc_info=(kind, error, traceback))
        st.error(f"Something went wrong in **{literal(self.section)}**; the rest of the page still works. If it "
                 f"happens again, tell the teacher or maintainer the reference **{reference}**.",
                 icon=":material/bug_report:")
        return True

    def __call__(self, func):
        @functools.wraps(func)
        def section(*args, **kwargs):
            try:
                with self:
                    return func(*args, **kwargs)
            except _InjectedFault as fault:
                self.__exit__(type(fault), fault, fault.__traceback__)

        return section


class _InjectedFault(RuntimeError):
    """The deliberate error of :data:`FAULTS` (raised in ``__enter__``, so reported by hand)."""


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
    """Rewrite a link's old parameter names (:data:`dashboard.state.RENAMED`) to the current ones, so a link saved
    before a rename opens the same view; True when it did (rerun: the page's widgets then read the new names)."""
    old = [name for name in st.query_params if name in state.RENAMED]
    if not old:
        return False
    current = state.current_names({name: st.query_params.get_all(name) for name in st.query_params})
    for name in old:
        del st.query_params[name]
    for name in {state.current_name(name) for name in old}:
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


def shown(value: float, spec: str = ".4g") -> str:
    """A number formatted with ``spec``, or words when it is not finite (so nobody reads ``inf`` as a result)."""
    value = float(value)
    if math.isfinite(value):
        return format(value, spec)
    return "not a number (NaN)" if math.isnan(value) else f"{'−' if value < 0 else ''}∞ (overflow: not finite)"


def warn_if_not_finite(what: str, *values: Any) -> bool:
    """Warn beside ``what`` when any of ``values`` (numbers or arrays) is inf or NaN; True when all are finite."""
    arrays = [np.asarray(v, np.float64) for v in values]
    if all(np.all(np.isfinite(a)) for a in arrays):
        return True
    kinds = sorted({"NaN" if np.isnan(x) else "∞" for a in arrays for x in a.ravel() if not np.isfinite(x)})
    st.warning(f"{what} is not finite here ({' and '.join(kinds)}): float32 overflowed or the function is not "
               "defined at this point, so these numbers mean nothing. Move the point or change the formula.",
               icon=":material/warning:")
    return False


def seed_input(container, label: str, key: str, default: int, high: int = 10_000) -> int:
    """A whole-number seed box bound to the link; a huge, negative or non-numeric link value falls back.

    It is a float box shown without decimals: Streamlit's integer box crashes on a link value that overflows
    a float (a 5,000-digit seed), while its float box refuses non-finite values.
    """
    value = container.number_input(label, 0.0, float(high), float(default), step=1.0, format="%.0f", key=key,
                                   bind=SHARE)
    return int(round(value))


def last_good(key: str, compute: Callable[[], T], errors: tuple[type[Exception], ...] = (ValueError,)
              ) -> tuple[T | None, str | None]:
    """Run ``compute``; keep its result as the last good state under ``key``.

    Returns ``(value, None)`` on success, or ``(last good value or None, message)`` when ``compute``
    raises one of ``errors``, so a page shows the message and keeps its last valid result on screen.
    """
    store = st.session_state.setdefault(LAST_GOOD, {})
    try:
        value = compute()
    except errors as exc:
        return store.get(key), str(exc)
    store[key] = value
    return value, None


def formula_input(label: str, key: str, default: str, variables: tuple[str, ...] = ("x",),
                  help: str | None = None) -> tuple[Callable, str | None]:
    """A text box for a formula: the parsed function (or the last good one) and an error message or None.

    The error, if any, is shown inline under the box; callers keep drawing with the returned function.
    """
    hint = help or "Numbers, " + ", ".join(variables) + ", + - * / ^, pi, e, sin cos exp log sqrt tanh …"
    text = st.text_input(label, value=default, key=key, help=hint, bind=SHARE)
    function, error = last_good(f"formula:{key}", lambda: parse_function(text, variables),
                                errors=(ExpressionError,))
    if function is None:  # the very first text was bad: fall back to the default formula
        function = parse_function(default, variables)
    if error:
        st.error(f"**{literal(text)}** — {literal(error, limit=400)}. Still showing the last good formula.",
                 icon=":material/error:")
    return function, error


def preset_function(prefix: str, presets: dict[str, tuple[str, tuple[float, float]]], range_label: str,
                    step: float = 0.01) -> tuple[Callable, float, float]:
    """Preset picker, formula box and x-range slider in one row: ``(f, a, b)`` with ``b - a >= 0.1``.

    ``presets`` maps a label to ``(formula, (low, high))``; each preset keeps its own formula box and range,
    so switching presets and back restores what the user typed.
    """
    c1, c2, c3 = st.columns([2, 3, 3])
    preset = c1.selectbox("Preset", list(presets), key=f"{prefix}_preset", bind=SHARE)
    text, (low, high) = presets[preset]
    slot = list(presets).index(preset)
    with c2:
        f, _ = formula_input("f(x) =", f"{prefix}_formula_{slot}", text)
    with c3:
        a, b = st.slider(range_label, -10.0, 10.0, step=step, value=(round(low, 2), round(high, 2)),
                         key=f"{prefix}_range_{slot}", bind=SHARE)
    if b - a < 0.1:
        st.warning(f"{range_label} is too narrow: widened to 0.1.", icon=":material/warning:")
        b = a + 0.1
    return f, a, b


def plotly_chart(fig, **kwargs):
    """``st.plotly_chart`` in the app's look: in presenter mode, thicker lines and larger text."""
    if st.session_state.get("presenter"):
        style.for_projector(fig)
    return st.plotly_chart(fig, **kwargs)


def show_source(*objects: object, label: str = "Show the code behind this") -> None:
    """An expander with the exact source of the calc_core functions behind a chart, and the view's script."""
    with st.expander(label, icon=":material/code:"):
        for obj in objects:
            st.code(inspect.getsource(obj), language="python")
    script_download()


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


def answer_hidden(slug: str, state) -> bool:
    """Is a "Predict first" switch of page ``slug`` on with its answer not yet revealed? (A script would tell.)"""
    bound = lessons.known_params(slug)
    return any(key.endswith("_predict") and bound.fullmatch(key) and state[key]
               and not state.get(key.removesuffix("_predict") + "_revealed", False) for key in list(state))


def current_query() -> dict[str, str | list[str]]:
    """The page's bound widget values as the address holds them (lists for multi-valued ones)."""
    params = st.query_params
    return {name: (values if len(values := params.get_all(name)) > 1 else values[0])
            for name in params if name != "presenter" and params.get_all(name)}


def script_download() -> None:
    """A download of a short script that recomputes this view's numbers with calc_core (pages that have one)."""
    slug = st.session_state.get(PAGE_SLUG)
    if slug not in view_scripts.SCRIPTS:
        return
    if answer_hidden(slug, st.session_state):
        st.caption("A script of this view can be downloaded once the answer is revealed.")
        return
    script = view_scripts.script_for(slug, view_lookup(st.session_state, current_query()))
    if script:
        st.download_button(view_scripts.LABEL, script, file_name=view_scripts.file_name(slug),
                           mime=view_scripts.MIME, on_click="ignore", icon=":material/download:",
                           key="view_script", help="A standalone Python script with this view's values that "
                           "prints its numbers, computed with calc_core. Run it from the Calculus Lab folder.")


def sidebar_chrome(slug: str) -> None:
    """Presenter mode (bigger type for a projector, kept in the URL) and a note on sharing."""
    st.session_state[PAGE_SLUG] = slug
    with st.sidebar:
        presenter = st.toggle("Presenter mode", key="presenter", bind=SHARE,
                              help="Larger text for a projector. The setting is kept in the page's link.")
        st.caption("Share the address in your browser's bar: students open the same page with the same "
                   "settings (functions, sliders, learning rates are kept in the link).")
    if presenter:
        st.html(PRESENTER_CSS)


def replica_footer() -> None:
    """Behind nginx (``make run REPLICAS=N``) the launcher numbers each replica: say which one serves us."""
    replica = os.environ.get("CALCULUS_LAB_REPLICA")
    if replica:
        st.container(key="replica_footer").caption(f"Served by replica {replica}")


def coming_next(title: str, what: str) -> None:
    """The note a page that is not built yet shows."""
    st.title(title)
    st.info(f"Coming next: {what}", icon=":material/construction:")


def predict_mode(key: str) -> bool:
    """The page's "Predict first" switch, kept in the link: pair it with :func:`guess_and_reveal`."""
    return st.toggle("Predict first", key=f"{key}_predict", bind=SHARE,
                     help="Hide the answer until each student has entered a guess and pressed Reveal. "
                          "On the projector, the teacher presses Reveal for the room.")


def guess_and_reveal(key: str, question: str, answer: float, question_id: object, fmt: str) -> bool:
    """A guess box and a Reveal button; once revealed, the answer beside the guess and how far off it was.

    Returns whether the answer has been revealed; until then the page hides it. ``question_id`` names
    the question (e.g. the function and the point): when it changes, the answer is hidden again and the
    guess cleared. Reveal sets ``<key>_revealed`` in a callback, so parts of the page drawn above the
    question can read it in the same run.
    """
    revealed_key, asked_key = f"{key}_revealed", f"{key}_asked"
    if st.session_state.get(asked_key) != question_id:
        st.session_state[asked_key] = question_id
        st.session_state[revealed_key] = False
        st.session_state.pop(f"{key}_guess", None)
    guess_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
    guess = guess_col.number_input(question, value=None, key=f"{key}_guess", format="%.4f",
                                   placeholder="Your guess")
    button_col.button("Reveal", key=f"{key}_reveal", type="primary", icon=":material/visibility:",
                      on_click=st.session_state.__setitem__, args=(revealed_key, True))  # before the page runs
    if st.session_state[revealed_key]:
        st.success(reveal_text(answer, guess, fmt), icon=":material/check_circle:")
    return st.session_state[revealed_key]


def reveal_text(answer: float, guess: float | None, fmt: str = "{:.3f}") -> str:
    """'Answer: …; your guess: …, off by … (…%)' in words."""
    text = f"Answer: {fmt.format(answer)}."
    if guess is None:
        return text + " (No guess was entered.)"
    off = abs(guess - answer)
    relative = f" ({off / abs(answer):.0%} of the answer)" if abs(answer) > 1e-12 else ""
    return text + f" Your guess: {fmt.format(guess)}, off by {fmt.format(off)}{relative}."


def capped_order(f: Callable, order: int, room: int = 0, what: str = "order") -> int:
    """``order``, lowered when needed so that orders up to ``order + room`` stay within what ``f``'s derivative
    programs may cost (:func:`calc_core.derivatives.highest_order`). The page says what it did not compute and,
    for the main call (``room`` 0), when the higher orders come from Taylor mode instead of repeated ``jax.grad``.
    """
    top = derivatives.highest_order(f)
    capped = order if order + room <= top or top >= derivatives.MAX_ORDER else max(min(order, top - room), 0)
    if top < derivatives.MAX_ORDER and room == 0:
        st.info(f"Derivatives above order {top} are not computed for this formula: their program would be too "
                "large to compile in reasonable time (while it compiles, everyone's page waits).",
                icon=":material/hourglass_disabled:")
    if capped < order:
        st.info(f"Showing {what} {capped} instead of {order}: this formula's derivatives stop at order {top}.",
                icon=":material/hourglass_disabled:")
    elif room == 0 and capped >= 2 and not derivatives.by_repeated_grad(f, capped):
        st.caption("For this formula, repeated jax.grad would build a program too large to compile quickly, so "
                   "its higher derivatives come from Taylor mode (jax.experimental.jet), which finds every order "
                   "in one pass.")
    return capped
