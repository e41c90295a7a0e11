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

    Every character that means something to Markdown, HTML or Streamlit is backslash-escaped and URLs are broken
    by invisible word joiners (no link, autolink, emphasis, tag, entity, ``:icon:`` or ``$math$`` can form),
    line breaks become spaces, and text longer than ``limit`` is cut with its length stated (``limit=None``: never
    cut, for names the page shows whole, such as suppliers').
    """
    text = str(text)
    cut = f"… ({len(text):,} characters)" if limit is not None and len(text) > limit else ""
    text = " ".join(text[:limit].split())
    return "".join(_inert(ch) for ch in text) + cut


def _inert(ch: str) -> str:
    """One character of an echo: backslash-escaped if Markdown-active; GFM turns bare URLs and e-mail addresses
    into links even when escaped, so an invisible word joiner goes before each '.' and after each ':', '@', '/'."""
    piece = "\\" + ch if ch in MARKDOWN_SPECIAL else ch
    return WORD_JOINER + piece if ch == "." else piece + WORD_JOINER if ch in ":@/" else piece


def shown(value: float, spec: str = ".4g") -> str:
    """A number formatted with ``spec``, or words when it is not finite (so nobody reads ``inf`` as a result)."""
    value = float(value)
    if math.isfinite(value):
        return format(value, spec)
    return "not a number (NaN)" if math.isnan(value) else f"{'−' if value < 0 else ''}∞ (overflow: not finite)"
