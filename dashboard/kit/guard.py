"""The error guard: a failing page section shows a short reference and the rest of the page keeps working."""

from __future__ import annotations

import functools
import secrets
from typing import Any

import numpy as np
import streamlit as st
from streamlit.logger import get_logger

from dashboard.kit.markup import literal

LOG = get_logger("calculus_lab")
#: Test-only fault injection: section names added here raise inside :func:`guarded`. Only tests touch it (no URL,
#: widget or environment variable reaches it).
FAULTS: set[str] = set()


class guarded:  # noqa: N801 (used like a function: guard.guarded("…"))
    """Run a page section; an unexpected error shows a short reference in the page and logs its traceback.

    Usable as ``with guard.guarded("Gradient field"):`` or as a decorator under ``@st.fragment``. Streamlit's
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
