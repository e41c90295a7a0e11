"""Warm start against a real server: the first session starts a background visit of every page, logged."""

import asyncio
import re
import time

from dashboard.registry import all_pages
from loadtest.protocol import Tab
from loadtest.server import started_server

DONE = re.compile(r"warm start: all (\d+) pages ready")


async def _first_visit(base: str) -> str:
    async with Tab(base, timeout=300) as tab:
        return (await tab.visit("")).status


def test_the_first_session_warms_every_page_in_the_background(tmp_path):
    log = tmp_path / "server.log"
    with started_server(log=log) as (base, _pid):
        assert asyncio.run(_first_visit(base)) == "ok"  # the home page is served while the warm-up runs
        deadline = time.monotonic() + 900  # a bound on waiting, not a speed assertion
        while not DONE.search(log.read_text()) and "stopped early" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(1)
        text = log.read_text()
    assert "stopped early" not in text, text[-2000:]
    assert int(DONE.search(text).group(1)) == len(all_pages())
    ready = re.findall(r"warm start: (\d+)/(\d+) (\w+) ready", text)
    assert [slug for _, _, slug in ready] == [p.slug for p in all_pages()]
