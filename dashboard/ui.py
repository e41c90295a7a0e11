"""Small Streamlit helpers shared by the pages: formulas, last good state, presenter mode, show the code."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from calc_core.expr import ExpressionError, parse_function
from dashboard import classroom, lessons, view_scripts

T = TypeVar("T")
PAGE_SLUG = "_page_slug"  # session key: the slug of the page on screen (set by sidebar_chrome each run)
LAST_GOOD = "_last_good"  # session key: {name: last good value} of :func:`last_good`
#: ``bind=SHARE`` keeps a widget's value in the page's address, so a copied link opens the same view.
SHARE = "query-params"

PRESENTER_CSS = """
<style>
  html, body, [data-testid="stAppViewContainer"] { font-size: 20px; }
  [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.15rem; }
  [data-testid="stSidebar"] { font-size: 18px; }
</style>
"""


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
        st.error(f"**{text}** — {error}. Still showing the last good formula.", icon=":material/error:")
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


def script_download() -> None:
    """A download of a short script that recomputes this view's numbers with calc_core (pages that have one)."""
    slug = st.session_state.get(PAGE_SLUG)
    if slug not in view_scripts.SCRIPTS:
        return
    if answer_hidden(slug, st.session_state):
        st.caption("A script of this view can be downloaded once the answer is revealed.")
        return
    script = view_scripts.script_for(slug, view_lookup(st.session_state, classroom.current_query()))
    if script:
        st.download_button(view_scripts.LABEL, script, file_name=view_scripts.file_name(slug),
                           mime=view_scripts.MIME, on_click="ignore", icon=":material/download:",
                           key="view_script", help="A standalone Python script with this view's values that "
                           "prints its numbers, computed with calc_core. Run it from the Calculus Lab folder.")


def sidebar_chrome(slug: str) -> None:
    """Presenter mode (bigger type for a projector, kept in the URL), sharing, and the lesson controls."""
    st.session_state[PAGE_SLUG] = slug
    with st.sidebar:
        presenter = st.toggle("Presenter mode", key="presenter", bind=SHARE,
                              help="Larger text for a projector. The setting is kept in the page's link.")
        st.caption("Share the address in your browser's bar: students open the same page with the same "
                   "settings (functions, sliders, learning rates are kept in the link).")
        classroom.join_button(slug)
        classroom.lesson_sidebar(slug)
    if presenter:
        st.html(PRESENTER_CSS)


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
    guess cleared.
    """
    revealed_key, asked_key = f"{key}_revealed", f"{key}_asked"
    if st.session_state.get(asked_key) != question_id:
        st.session_state[asked_key] = question_id
        st.session_state[revealed_key] = False
        st.session_state.pop(f"{key}_guess", None)
    guess_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
    guess = guess_col.number_input(question, value=None, key=f"{key}_guess", format="%.4f",
                                   placeholder="Your guess")
    if button_col.button("Reveal", key=f"{key}_reveal", type="primary", icon=":material/visibility:"):
        st.session_state[revealed_key] = True
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
