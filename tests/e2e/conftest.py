"""Real Chromium (Debian's) through Playwright, against `streamlit run` started from the repository root."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.servers import (  # noqa: F401 - ROOT and free_port are re-exported for the e2e tests
    ARTIFACTS,
    CHROMIUM_ARGS,
    ROOT,
    chromium_path,
    free_port,
    start_server,
    stop_server,
)

expect.set_options(timeout=30_000)  # the first chart waits for plotly's lazy JS and a JAX compile


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    proc, url = start_server(tmp_path_factory.mktemp("streamlit") / "server.log")
    yield url
    stop_server(proc)


@pytest.fixture
def page_errors(page):
    """JavaScript errors raised in the page during the test."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    path = ARTIFACTS / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
