"""AppTest helpers: run the real router, switch to a page by its registry entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.registry import page

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def open_page(slug: str, timeout: float = 120, query: dict[str, str | list[str]] | None = None) -> AppTest:
    """An AppTest of the whole app, switched to the page ``slug`` and run once.

    ``query`` plays the part of a shared link's query string (widget keys bound with ``bind=ui.SHARE``).
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.run()
    at.switch_page(page(slug).file).run()
    return at


@pytest.fixture
def app_page():
    return open_page


def as_read(markdown: str) -> str:
    """What a reader sees of text passed through ``ui.literal``: no backslash escapes, no word joiners."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")
