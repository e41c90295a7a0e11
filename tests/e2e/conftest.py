"""Real Chromium (Debian's) through Playwright, against `streamlit run` started from the repository root."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
expect.set_options(timeout=30_000)  # the first chart waits for plotly's lazy JS and a JAX compile


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/lib/chromium/chromium", "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail("No Chromium found: run `make chromium` (Debian, as root) or set CHROMIUM_PATH")


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env() -> dict[str, str]:
    """The test server's environment: no warm start (its background visit of every page would compete
    with the browser for the 2 cores; tests/loadtest/test_warm_start.py tests it on a server of its own)."""
    return dict(os.environ, CALCULUS_LAB_WARM_START=os.environ.get("CALCULUS_LAB_WARM_START", "off"))


def start_server(log_path: Path) -> tuple[subprocess.Popen, str]:
    """`streamlit run dashboard/app.py` on a free loopback port; returns the process and its URL."""
    port = free_port()
    log = open(log_path, "w")  # noqa: SIM115 - kept open for the server's lifetime
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=server_env())
    url = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 90
    while True:
        try:
            if opener.open(url + "/_stcore/health", timeout=1).read().strip() == b"ok":
                return proc, url
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(log_path.read_text())
        time.sleep(0.2)


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


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
