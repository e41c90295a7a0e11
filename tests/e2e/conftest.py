"""Real Chromium (Debian's) through Playwright, against `streamlit run` started from the repository root."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from devtools.chromium import CHROMIUM_ARGS, ChromiumNotFound, chromium_path
from devtools.server import ARTIFACTS, server_env, started_server

expect.set_options(timeout=30_000)  # the first chart waits for plotly's lazy JS and a JAX compile


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    try:
        executable = chromium_path()
    except ChromiumNotFound as exc:
        pytest.fail(str(exc))
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    with started_server(log=tmp_path_factory.mktemp("streamlit") / "server.log", env=server_env()) as (url, _pid):
        yield url


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
