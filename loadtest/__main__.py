"""A class on one server: step up simulated students and measure latency, errors, CPU and memory.

    python -m loadtest                          # scenarios/class.toml: 1, 5, 10, 20, 30, 50 students, 60 s each
    python -m loadtest --steps 5,30 --duration 30
    python -m loadtest --scenario smoke         # the short run `make test` does
    python -m loadtest --url http://127.0.0.1:8501 --server-pid 1234   # a server you started (loopback only)

Without ``--url`` the tool starts the dashboard itself on 127.0.0.1 (a free port) and stops it at the end.
Prints a table and writes a JSON file (default test-artifacts/loadtest/results.json).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from contextlib import nullcontext
from pathlib import Path

from devtools.server import ARTIFACTS, ROOT, started_server
from loadtest import report
from loadtest.campaign import campaign, jsonable
from loadtest.protocol import check_loopback
from loadtest.sampler import listening_pids
from loadtest.scenario import Scenario, load

DEFAULT_JSON = ARTIFACTS / "loadtest" / "results.json"
README_BEGIN, README_END = "<!-- CLASS-TABLE -->", "<!-- /CLASS-TABLE -->"


def print_report(out: dict) -> None:
    print(f"\nScenario {out['scenario']}, {out['cpus']} CPUs, load average at start "
          f"{out['load_average_at_start'][0]:.2f}, think time ~{out['think_seconds']:g} s. "
          "Latency = send -> script_finished, over page visits, control moves and Play presses.\n")
    print(report.table(out["steps"]))
    for step in out["steps"]:
        print()
        print(report.page_table(step))
        if step["errors"]["examples"]:
            print("errors, e.g.: " + "; ".join(step["errors"]["examples"]))
    if "idle" in out:
        i = out["idle"]
        print(f"\nIdle sessions: {i['opened']} of {i['sessions']} tabs opened {i['page']}: {i['mb_per_idle_session']:.1f} MB each "
              f"(RSS {i['rss_mb_before']:.0f} -> {i['rss_mb_loaded']:.0f} MB, {i['rss_mb_after_close']:.0f} MB "
              "after they closed)")


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m loadtest", description=__doc__.split("\n")[0])
    ap.add_argument("--scenario", default="class", help="a TOML file or a name in loadtest/scenarios/")
    ap.add_argument("--steps", help="students per step, e.g. 1,5,10 (default: the scenario's)")
    ap.add_argument("--duration", type=float, help="seconds per step (default: the scenario's)")
    ap.add_argument("--url", help="target a running server on this machine instead of starting one")
    ap.add_argument("--server-pid", type=int, action="append", default=[],
                    help="with --url: processes to sample (default: whoever listens on the port)")
    ap.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the results")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--server-log", type=Path, help="self-started server: write its log here")
    ap.add_argument("--readme", action="store_true", help="also put the table in README.md (CLASS-TABLE)")
    return ap.parse_args(argv)


def readme_table(out: dict) -> str:
    """The note and table that go between the CLASS-TABLE markers of README.md."""
    load = out["load_average_at_start"][0]
    note = (f"Latest `make loadtest` ({out['started'][:10]}, scenario `{out['scenario']}`, 60 s per step, think "
            f"time ~{out['think_seconds']:g} s). The machine has 2 cores and was shared with other test runs "
            f"(load average {load:.0f} at the start; last column: at the end of each step), so the server got "
            "well under its 2 cores: latencies here are upper bounds; CPU per request is the steadier figure.")
    idle = out.get("idle")
    tail = (f"\n\nIdle sessions: {idle['opened']} tabs opened on `{idle['page']}` added "
            f"{idle['mb_per_idle_session']:.1f} MB each (RSS {idle['rss_mb_before']:.0f} -> "
            f"{idle['rss_mb_loaded']:.0f} MB).") if idle else ""
    return f"{note}\n\n{report.table(out['steps'])}{tail}"


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    scenario = load(args.scenario)
    steps = [int(s) for s in args.steps.split(",")] if args.steps else list(scenario.steps)
    if args.duration:
        scenario = Scenario(**{**scenario.__dict__, "duration_seconds": args.duration})
    if args.url:
        try:
            _, port = check_loopback(args.url)
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 2
        server = nullcontext((args.url.rstrip("/"), None))
    else:
        server = started_server(log=args.server_log)
    with server as (base, pid):
        pids = [pid] if pid else (args.server_pid or listening_pids(port))
        out = asyncio.run(campaign(base, pids, scenario, steps, args.seed))
    print_report(out)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(jsonable(out), indent=2) + "\n")
    print(f"\nWritten to {args.json}")
    if args.readme:
        readme = ROOT / "README.md"
        head, rest = readme.read_text().split(README_BEGIN, 1)
        _, tail = rest.split(README_END, 1)
        readme.write_text(f"{head}{README_BEGIN}\n{readme_table(out)}\n{README_END}{tail}")
    return 1 if any(s["errors"]["total"] for s in out["steps"]) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
