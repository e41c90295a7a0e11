"""Warm start against a real server: the first session starts a background visit of every page, logged."""

import re
import time

from dashboard.registry import all_pages
from devtools.server import started_server
from loadtest.protocol import Tab
from tests.loadtest.in_thread import run_async

DONE = re.compile(r"(\d\d:\d\d:\d\d)\.\d+ warm start: all (\d+) pages ready")
MEASURED = re.compile(r"Measured on this server at (\d\d:\d\d:\d\d)")


async def _first_visit(base: str) -> str:
    async with Tab(base, timeout=300) as tab:
        return (await tab.visit("")).status


async def _jit_sizes(base: str) -> list[str]:
    """When each data size of the jit page was timed, as the page says, after visiting it at every size."""
    async with Tab(base, timeout=300) as tab:
        await tab.visit("jit")
        times = []
        for size in tab.widget("jit_n").choices():
            result = await tab.move("jit_n", size)
            times += [m.group(1) for t in result.texts if (m := MEASURED.search(t))]
        return times


def test_the_first_session_warms_every_page_in_the_background(tmp_path):
    log = tmp_path / "server.log"
    with started_server(log=log) as (base, _pid):
        assert run_async(_first_visit(base)) == "ok"  # the home page is served while the warm-up runs
        deadline = time.monotonic() + 900  # a bound on waiting, not a speed assertion
        while not DONE.search(log.read_text()) and "stopped early" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(1)
        text = log.read_text()
        measured = run_async(_jit_sizes(base)) if DONE.search(text) else []
    assert "stopped early" not in text, text[-2000:]
    done_at, count = DONE.search(text).groups()
    assert int(count) == len(all_pages())
    assert len(measured) == 4 and all(t <= done_at for t in measured)  # every size was timed by the warm-up
    ready = re.findall(r"warm start: (\d+)/(\d+) (\w+) ready", text)
    assert [slug for _, _, slug in ready] == [p.slug for p in all_pages()]
