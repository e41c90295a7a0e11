"""AppTest of the whole app switched to one page: used by tests/app and bench/."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.registry import page
from devtools.server import APP


def open_page(slug: str, timeout: float = 120, query: dict[str, str | list[str]] | None = None) -> AppTest:
    """An AppTest of the whole app, switched to the page ``slug`` and run once.

    ``query`` plays the part of a shared link's query string (widget keys bound with ``bind=ui.SHARE``).
    """
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.run()
    at.switch_page(page(slug).file).run()
    return at
