"""AppTest helpers: run the real router, switch to a page by its registry entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.registry import page

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def open_page(slug: str, timeout: float = 120) -> AppTest:
    """An AppTest of the whole app, switched to the page ``slug`` and run once."""
    at = AppTest.from_file(APP, default_timeout=timeout).run()
    at.switch_page(page(slug).file).run()
    return at


@pytest.fixture
def app_page():
    return open_page
