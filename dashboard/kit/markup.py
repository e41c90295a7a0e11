"""Text made safe to show: user text inert for Markdown (:func:`literal`, the one escaper), numbers in words."""

from __future__ import annotations

import math

#: How much of a user's text an echo shows (the rest is summarised by its length).
ECHO_LIMIT = 120
#: Characters backslash-escaped in echoes (CommonMark lets any ASCII punctuation be escaped; these carry meaning).
WORD_JOINER = "\u2060"
MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|:$~&@=^")


def literal(text: object, limit: int | None = ECHO_LIMIT) -> str:
    """User text made inert for Markdown (``st.error``, ``st.markdown``, captions): it shows exactly as typed.

    Every character that means something to Markdown, HTML or Streamlit is backslash-escaped and would-be links
    are broken by invisible word joiners (no link, autolink, emphasis, tag, entity, ``:icon:`` or ``$math$`` can form),
    line breaks become spaces, and text longer than ``limit`` is cut with its length stated (``None``: never;
    :func:`name` shows a name whole).
    """
    text = str(text)
    cut = f"… ({len(text):,} characters)" if limit is not None and len(text) > limit else ""
    text = " ".join(text[:limit].split())
    return "".join(_inert(text, i) for i in range(len(text))) + cut


def name(text: object) -> str:
    """A name the page shows whole (a supplier's, a file's, a sheet's): :func:`literal` never cut."""
    return literal(text, limit=None)


def _inert(text: str, i: int) -> str:
    """Character ``i`` of an echo: backslash-escaped if Markdown-active. GFM turns bare URLs and e-mail addresses
    into links even when escaped (``www.``, ``scheme:``, ``name@host``), so an invisible word joiner goes after
    each ':', '@' and '/', and between "www" and its '.'; other dots (``prices.xlsx``) stay as typed."""
    ch = text[i]
    piece = "\\" + ch if ch in MARKDOWN_SPECIAL else ch
    if ch == "." and text[max(i - 3, 0):i].lower() == "www":
        return WORD_JOINER + piece
    return piece + WORD_JOINER if ch in ":@/" else piece


def shown(value: float, spec: str = ".4g") -> str:
    """A number formatted with ``spec``, or words when it is not finite (so nobody reads ``inf`` as a result)."""
    value = float(value)
    if math.isfinite(value):
        return format(value, spec)
    return "not a number (NaN)" if math.isnan(value) else f"{'−' if value < 0 else ''}∞ (overflow: not finite)"
