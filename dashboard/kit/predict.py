"""Predict first: the page hides an answer until a guess is entered and Reveal pressed."""

from __future__ import annotations

import streamlit as st

from dashboard.kit.links import SHARE
from dashboard.kit.page import PageSpec
from dashboard.kit.state import known_params


def answer_hidden(spec: PageSpec, state) -> bool:
    """Is a "Predict first" switch of the page ``spec`` on with its answer not yet revealed? (A script would
    tell.)"""
    bound = known_params(spec)
    return any(key.endswith("_predict") and bound.fullmatch(key) and state[key]
               and not state.get(key.removesuffix("_predict") + "_revealed", False) for key in list(state))


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
