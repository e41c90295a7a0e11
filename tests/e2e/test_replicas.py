"""Two replicas behind nginx (scripts/run_replicas.py) in real Chromium: sticky sessions, uploads, failover.

Each browser context is pinned to a replica by the cookie nginx itself sets (``calclab_replica``), set here
before the first request so the test knows which replica serves whom.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import expect

from devtools.server import ROOT, free_port
from scripts.run_replicas import COOKIE, healthy, nginx_binary
from tests.st_helpers import by_key, fresh, wait_for_app, wait_for_charts

FIXTURES = Path(__file__).resolve().parents[1] / "unit" / "fixtures" / "prices"
SLOW = 120_000  # ms: two fresh replicas compile their JAX functions while other tests share the 2 cores


@pytest.fixture(scope="module")
def replicas(tmp_path_factory):
    """`run_replicas.py --replicas 2` on a free loopback port: (url, runtime dir, launcher process)."""
    try:
        nginx_binary()
    except SystemExit as exc:
        pytest.fail(f"{exc}")
    runtime = tmp_path_factory.mktemp("replicas")
    port = free_port()
    log = open(runtime / "launcher.log", "w")  # noqa: SIM115 - open for the launcher's life
    proc = subprocess.Popen(
        [sys.executable, "scripts/run_replicas.py", "--replicas", "2", "--host", "127.0.0.1", "--port", str(port),
         "--runtime-dir", str(runtime), "--secret-file", str(runtime / "cookie-secret")],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while not ((runtime / "replicas.json").exists() and healthy(url)):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail((runtime / "launcher.log").read_text() + _read(runtime / "error.log"))
        time.sleep(0.3)
    yield url, runtime, proc
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _read(path: Path) -> str:
    return path.read_text() if path.exists() else ""


def state(runtime: Path) -> dict:
    return json.loads((runtime / "replicas.json").read_text())


def made_up_prices() -> bytes:
    """40 periods of two independent suppliers (A steadier than B): an interior optimum ω*."""
    rng = np.random.default_rng(13)
    a, b = 100 + rng.normal(0, 5, 40), 100 + rng.normal(0, 8, 40)
    return ("period,A,B\n" + "".join(f"{i},{x:.2f},{y:.2f}\n" for i, (x, y) in enumerate(zip(a, b, strict=True),
                                                                                       1))).encode()


def oracle_omega(csv: bytes) -> float:
    """ω* for columns A and B in float64 NumPy: (σB² − σAB) / (σA² + σB² − 2σAB), clipped to [0, 1]."""
    table = np.genfromtxt(io.BytesIO(csv), delimiter=",", names=True)
    c = np.cov(table["A"], table["B"], ddof=0)
    return float(np.clip((c[1, 1] - c[0, 1]) / (c[0, 0] + c[1, 1] - 2 * c[0, 1]), 0.0, 1.0))


def new_page(browser, url: str, replica: str | None):
    """A fresh browser context (its own cookies), pinned to ``replica`` when given."""
    context = browser.new_context(viewport={"width": 1400, "height": 4200})
    if replica:
        context.add_cookies([{"name": COOKIE, "value": replica, "url": url}])
    return context, context.new_page()


def settle(page) -> None:
    """Wait (generously) until the script run is over, then until the page is idle and every chart drawn."""
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=SLOW)
    wait_for_app(page)
    wait_for_charts(page, timeout=SLOW)


def open_home(page, url: str) -> str:
    """Open the (light) home page; the replica nginx names in X-Upstream."""
    response = page.goto(url)
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=SLOW)
    wait_for_app(page)
    return response.headers.get("x-upstream", "")


def served_by(page) -> str:
    footer = by_key(page, "replica_footer")
    expect(footer).to_contain_text("Served by replica")
    return re.search(r"replica (\d+)", footer.inner_text()).group(1)


def upload(page, name: str, data: bytes) -> None:
    """Choose a file in the uploader (the browser sends it to /_stcore/upload_file, then reruns)."""
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data})


def shown_omega(page) -> float:
    metric = fresh(page, "stMetric").filter(has_text="Closed form")
    return float(re.search(r"ω\* = ([0-9.]+)", metric.get_by_test_id("stMetricValue").inner_text()).group(1))


def click_basis(page, basis: str) -> None:
    """Start a full script rerun: the data basis radio."""
    page.get_by_test_id("stRadio").get_by_text(basis).click()


def rerun_done(page, basis: str) -> None:
    """The rerun's result is drawn (the price chart's axis names the basis) and the page is idle."""
    expect(by_key(page, "prices_chart").locator(".ytitle")).to_have_text(basis, timeout=SLOW)
    settle(page)


def assert_connected(page) -> None:
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-connection-state", "CONNECTED")
    expect(page.get_by_text("Connection error")).to_have_count(0)


def test_replicas_share_the_cookie_secret(replicas):
    _, runtime, _ = replicas
    secret = (runtime / "cookie-secret").read_text().strip()
    assert len(secret) >= 32 and oct((runtime / "cookie-secret").stat().st_mode)[-3:] == "600"
    for info in state(runtime).values():
        environ = Path(f"/proc/{info['pid']}/environ").read_bytes().split(b"\0")
        assert f"STREAMLIT_SERVER_COOKIE_SECRET={secret}".encode() in environ


def test_sticky_sessions_uploads_and_failover(replicas, browser, screenshots_dir):
    url, runtime, launcher = replicas
    ours = made_up_prices()
    ctx1, page1 = new_page(browser, url, "1")
    ctx2, page2 = new_page(browser, url, "2")
    pages = (page1, page2)
    files = (("three_suppliers.csv", (FIXTURES / "three_suppliers.csv").read_bytes()), ("ours.csv", ours))
    try:
        # Both load at once (each replica works for its own browser), then both are checked.
        upstreams = [page.goto(f"{url}/procurement").headers.get("x-upstream") for page in pages]
        for page in pages:
            settle(page)
        assert upstreams == ["1", "2"] and [served_by(page) for page in pages] == ["1", "2"]

        # Each uploads its own file to its own replica (the upload must reach the session's process).
        for page, (name, data) in zip(pages, files, strict=True):
            upload(page, name, data)
        for page, (name, _) in zip(pages, files, strict=True):
            expect(page.get_by_text(f"Using {name}")).to_be_visible(timeout=SLOW)
            settle(page)
        expect(page1.get_by_text("Using three_suppliers.csv")).to_contain_text("10 complete rows, 3 suppliers")
        expect(page2.get_by_text("Using ours.csv")).to_contain_text("40 complete rows, 2 suppliers")
        assert shown_omega(page1) == pytest.approx(oracle_omega(files[0][1]), abs=1.5e-3)
        assert shown_omega(page2) == pytest.approx(oracle_omega(ours), abs=1.5e-3)
        assert 0.05 < oracle_omega(ours) < 0.95  # an interior optimum: the two pages show different splits

        # A rerun keeps each session (its upload) on its replica, with the socket never lost.
        for page in pages:
            click_basis(page, "period-to-period changes")
        for page, (name, _), replica in zip(pages, files, ("1", "2"), strict=True):
            rerun_done(page, "period-to-period changes")
            expect(page.get_by_text(f"Using {name}")).to_be_visible()
            assert served_by(page) == replica
            assert_connected(page)
        page1.screenshot(path=str(screenshots_dir / "replica_1_procurement.png"))
        page2.screenshot(path=str(screenshots_dir / "replica_2_procurement.png"))

        # Replica 2 dies. Replica 1's session goes on untouched; nginx sends a new visitor to replica 1.
        os.kill(state(runtime)["2"]["pid"], signal.SIGKILL)
        click_basis(page1, "price levels")
        rerun_done(page1, "price levels")
        expect(page1.get_by_text("Using three_suppliers.csv")).to_be_visible()
        assert served_by(page1) == "1"
        assert_connected(page1)
        ctx3, page3 = new_page(browser, url, None)
        try:
            assert open_home(page3, url) == "1" and served_by(page3) == "1"
        finally:
            ctx3.close()
        # The visitor pinned to the dead replica is taken over by the live one (a new session there).
        assert open_home(page2, url) == "1" and served_by(page2) == "1"
        assert launcher.poll() is None  # the launcher keeps serving with the replica that is left
    finally:
        ctx1.close()
        ctx2.close()


def test_nginx_config_checks(replicas):
    """The config the launcher wrote passes `nginx -t`."""
    _, runtime, _ = replicas
    checked = subprocess.run([nginx_binary(), "-t", "-p", str(runtime), "-e", "stderr", "-c",
                              str(runtime / "nginx.conf")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_direct_health_through_nginx(replicas):
    """/_stcore/health through nginx answers ok and names the replica in X-Upstream."""
    url, _, _ = replicas
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url + "/_stcore/health", headers={"Cookie": f"{COOKIE}=1"})
    with opener.open(request, timeout=5) as response:
        assert response.read().strip() == b"ok"
        assert response.headers["X-Upstream"] == "1"
