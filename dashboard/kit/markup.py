"""Text made safe to show: user text inert for Markdown (:func:`literal`, the one escaper), numbers in words."""

from __future__ import annotations

import math

#: How much of a user's text an echo shows (the rest is summarised by its length).
ECHO_LIMIT = 120
#: Characters backslash-escaped in echoes (CommonMark lets any ASCII punctuation be escaped; these carry meaning).
WORD_JOINER = "\u2060"
MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|:$~&@=^")


def literal(text: object, limit: int | None = ECHO_LIMIT, break_links: bool = True) -> str:
    """User text made inert for Markdown (``st.error``, ``st.markdown``, captions): it shows exactly as typed.

    Every character that means something to Markdown, HTML or Streamlit is backslash-escaped and URLs are broken
    by invisible word joiners (no link, autolink, emphasis, tag, entity, ``:icon:`` or ``$math$`` can form),
    line breaks become spaces, and text longer than ``limit`` is cut with its length stated (:func:`name`: a
    name shown whole, without the word joiners).
    """
    text = str(text)
    cut = f"… ({len(text):,} characters)" if limit is not None and len(text) > limit else ""
    text = " ".join(text[:limit].split())
    return "".join(_inert(ch, break_links) for ch in text) + cut


def name(text: object) -> str:
    """A name the page shows whole and as is (a supplier's, a file's, a sheet's): :func:`literal` never cut and
    without word joiners, so it reads back exactly (still escaped: no emphasis, tag, icon or math forms)."""
    return literal(text, limit=None, break_links=False)


def _inert(ch: str, break_links: bool = True) -> str:
    """One character of an echo: backslash-escaped if Markdown-active; GFM turns bare URLs and e-mail addresses
    into links even when escaped, so an invisible word joiner goes before each '.' and after each ':', '@', '/'
    (unless ``break_links`` is off)."""
    piece = "\\" + ch if ch in MARKDOWN_SPECIAL else ch
    if not break_links:
        return piece
    return WORD_JOINER + piece if ch == "." else piece + WORD_JOINER if ch in ":@/" else piece


def shown(value: float, spec: str = ".4g") -> str:
    """A number formatted with ``spec``, or words when it is not finite (so nobody reads ``inf`` as a result)."""
    value = float(value)
    if math.isfinite(value):
        return format(value, spec)
    return "not a number (NaN)" if math.isnan(value) else f"{'−' if value < 0 else ''}∞ (overflow: not finite)"
