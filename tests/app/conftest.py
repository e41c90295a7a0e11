"""AppTest helpers: run the real router, switch to a page by its registry entry."""

from __future__ import annotations

import pytest

from devtools.apptest import open_page


@pytest.fixture
def app_page():
    return open_page
