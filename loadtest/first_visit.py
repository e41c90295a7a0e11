"""First visit to every page on a fresh server, with and without the warm start (``python -m loadtest.first_visit``).

For each mode (both without JAX's persistent compilation cache, as on a server's very first start): start the
dashboard on a free loopback port; open the home page (the first session, which
starts the warm-up when it is on); wait until the log says every page is ready (or, with the warm start
off, the same time); then one new tab opens every page once. Prints each page's first-visit latency
(send -> script_finished) and the server CPU seconds each visit used.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import tempfile
import time
from pathlib import Path

from dashboard.registry import all_pages
from devtools.server import started_server
from loadtest.protocol import Tab
from loadtest.sampler import Sampler

DONE = re.compile(r"warm start: all \d+ pages ready in ([\d.]+) s")


async def _visit_all(base: str, sampler: Sampler) -> dict[str, dict]:
    out = {}
    async with Tab(base, timeout=300) as tab:
        for spec in all_pages():
            cpu = sampler.cpu_now()
            result = await tab.visit(spec.slug)
            out[spec.slug] = {"latency_s": result.latency, "server_cpu_s": sampler.cpu_now() - cpu,
                              "status": result.status}
    return out


async def _home(base: str) -> None:
    async with Tab(base, timeout=300) as tab:
        await tab.visit("")


def measure(warm: bool, wait_cap: float = 600.0) -> dict:
    """First visits of every page in a fresh server (warm start on or off)."""
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "server.log"
        # no persistent compilation cache: a first start compiles everything (a restart would hit the cache)
        env = {"CALCULUS_LAB_WARM_START": "on" if warm else "off", "CALCULUS_LAB_JAX_CACHE": "off"}
        with started_server(log=log, env=env) as (base, pid), Sampler([pid]) as sampler:
            started = time.monotonic()
            asyncio.run(_home(base))
            warm_s = None
            while warm and time.monotonic() - started < wait_cap:
                match = DONE.search(log.read_text())
                if match:
                    warm_s = float(match.group(1))
                    break
                time.sleep(1)
            if not warm:
                time.sleep(5)
            visits = asyncio.run(_visit_all(base, sampler))
    return {"warm_start": warm, "warm_start_s": warm_s, "visits": visits}


def main() -> int:
    results = [measure(warm=False), measure(warm=True)]
    print("| page | first visit, no warm start (s) | server CPU (s) | after warm start (s) | server CPU (s) |")
    print("|---|---|---|---|---|")
    cold, warm = results[0]["visits"], results[1]["visits"]
    for slug in cold:
        print(f"| {slug} | {cold[slug]['latency_s']:.2f} | {cold[slug]['server_cpu_s']:.2f} | "
              f"{warm[slug]['latency_s']:.2f} | {warm[slug]['server_cpu_s']:.2f} |")
    print(f"\nwarm start took {results[1]['warm_start_s']} s")
    out = Path("test-artifacts/loadtest/first_visit.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
