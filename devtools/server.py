"""The one `streamlit run` starter: the dashboard (or another script) on a free loopback port, until stopped.

Used by tests/e2e, tests/loadtest, bench/ and loadtest/. ``start_server``/``stop_server`` are the pair (the
caller keeps the process, e.g. to see whether it died); ``started_server`` is the context manager over them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
ARTIFACTS = ROOT / "test-artifacts"
HEALTH_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 15.0


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def server_env(**overrides: str) -> dict[str, str]:
    """A test server's environment: warm start off unless CALCULUS_LAB_WARM_START says otherwise (its
    background visit of every page would compete with the browser for the 2 cores;
    tests/loadtest/test_warm_start.py tests it on a server of its own), then ``overrides``."""
    return {"CALCULUS_LAB_WARM_START": os.environ.get("CALCULUS_LAB_WARM_START", "off"), **overrides}


def healthy(base: str) -> bool:
    """Does ``base/_stcore/health`` answer ok (straight to the loopback, never through a proxy)?"""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        return opener.open(f"{base}/_stcore/health", timeout=2).read().strip() == b"ok"
    except OSError:
        return False


def wait_healthy(base: str, process: subprocess.Popen | None = None, timeout: float = HEALTH_TIMEOUT_S) -> None:
    """Block until ``base`` is healthy; raise if ``process`` exited first or ``timeout`` seconds passed."""
    deadline = time.monotonic() + timeout
    while not healthy(base):
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode} before it was healthy")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{base} was not healthy within {timeout:g} s")
        time.sleep(0.2)


def start_server(log: Path | None = None, app: Path = APP, extra_args: tuple[str, ...] = (),
                 env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """``streamlit run app`` on 127.0.0.1:<free port> from the repository root, healthy; returns the process
    and its URL. ``env`` is set on top of this process's environment; output goes to ``log`` (or nowhere).
    If the server does not come up it is stopped and the error carries its log."""
    port = free_port()
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    env = dict(os.environ, **(env or {}), PYTHONPATH=path)
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.address", "127.0.0.1",
               "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none", *extra_args]
    with open(log, "w") if log else open(os.devnull, "w") as out:  # the child keeps its own copy of the file
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
    except (RuntimeError, TimeoutError) as exc:
        stop_server(process)
        raise RuntimeError(f"{exc}\n{log.read_text() if log else ''}") from exc
    return process, url


def stop_server(process: subprocess.Popen, timeout: float = STOP_TIMEOUT_S) -> None:
    """TERM the server, KILL it if it has not exited after ``timeout`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def started_server(app: Path = APP, log: Path | None = None, extra_args: tuple[str, ...] = (),
                   env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """``start_server`` for a ``with`` block: yields ``(base_url, pid)``; stops the server on exit."""
    process, url = start_server(log, app, extra_args, env)
    try:
        yield url, process.pid
    finally:
        stop_server(process)
