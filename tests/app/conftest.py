"""AppTest helpers: run the real router, switch to a page by its registry entry."""

from __future__ import annotations

import re

import pytest

from tests.apptest import APP, open_page  # noqa: F401 - re-exported: the AppTests import them from here


@pytest.fixture
def app_page():
    return open_page


def as_read(markdown: str) -> str:
    """What a reader sees of text passed through ``ui.literal``: no backslash escapes, no word joiners."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")
