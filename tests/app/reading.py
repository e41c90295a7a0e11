"""What a reader sees of the text the AppTests read back."""

from __future__ import annotations

import re


def as_read(markdown: str) -> str:
    """What a reader sees of text passed through ``ui.literal``: no backslash escapes, no word joiners."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")
