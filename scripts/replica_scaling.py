"""Measured scaling: the same class load (python -m loadtest) against 1 replica and N replicas, in one run.

    python scripts/replica_scaling.py                       # 1 vs 2 replicas, steps 1..40 students, 30 s each
    python scripts/replica_scaling.py --steps 5,10,20 --duration 20

1 replica is plain `streamlit run` (what `make run` serves); N replicas are scripts/run_replicas.py (nginx with
sticky sessions). Both configurations run at the same time and each step is measured on one, then the other (in
alternating order), so a change in the machine's background load hits both alike: the ratio is measured in one run. Both run on 127.0.0.1 and free ports; the load generator samples every server process (and
nginx). "Held" = the most students for which this step and every smaller one had p95 < 1 s and no errors.
Writes test-artifacts/loadtest/replicas.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loadtest.campaign import run_step, warm_up  # noqa: E402
from loadtest.sampler import Sampler  # noqa: E402
from loadtest.scenario import load  # noqa: E402
from scripts.run_replicas import (  # noqa: E402 - the repository root is put on the path just above
    ROOT,
    Replica,
    cookie_secret,
    free_port,
    healthy,
    start_replica,
    stop,
    wait_healthy,
)

OUT = ROOT / "test-artifacts" / "loadtest"
P95_GOAL_MS = 1000.0


def held(steps: list[dict], goal_ms: float = P95_GOAL_MS) -> int:
    """Students held: the largest step count such that it and every smaller step met the goal with no errors."""
    best = 0
    for step in sorted(steps, key=lambda s: s["students"]):
        p95 = step["interactions"]["p95_ms"]
        if p95 is None or p95 >= goal_ms or step["errors"]["total"]:
            break
        best = step["students"]
    return best


@contextlib.contextmanager
def one_replica(tmp: Path):
    """One plain `streamlit run` process (what `make run` serves): yields ``(url, pids)``."""
    replica = Replica(1, free_port())
    proc = start_replica(replica, cookie_secret(tmp / "secret"), jax_cache(), tmp)
    try:
        wait_healthy(f"http://{replica.address}", proc)
        yield f"http://{replica.address}", [proc.pid]
    finally:
        stop([proc])


@contextlib.contextmanager
def many_replicas(count: int, tmp: Path):
    """``count`` processes behind nginx (scripts/run_replicas.py): yields ``(url, pids)`` (nginx's pid too)."""
    runtime, port = tmp / "runtime", free_port()
    log = open(tmp / "launcher.log", "w")  # noqa: SIM115 - open for the launcher's life
    launcher = subprocess.Popen(
        [sys.executable, "scripts/run_replicas.py", "--replicas", str(count), "--port", str(port),
         "--runtime-dir", str(runtime), "--secret-file", str(tmp / "secret")],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while not ((runtime / "nginx.pid").exists() and healthy(url)):
            if launcher.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((tmp / "launcher.log").read_text())
            time.sleep(0.5)
        replicas = json.loads((runtime / "replicas.json").read_text()).values()
        yield url, [info["pid"] for info in replicas] + [int((runtime / "nginx.pid").read_text())], \
            [f"http://127.0.0.1:{info['port']}" for info in replicas]
    finally:
        launcher.send_signal(signal.SIGTERM)
        launcher.wait(timeout=30)


def step_order(names: list[str], index: int) -> list[str]:
    """A, B at even steps and B, A at odd ones: a slow drift of the machine's load hits both alike."""
    return names if index % 2 == 0 else names[::-1]


async def interleaved(targets: dict[str, tuple[str, list[int]]], scenario, steps: list[int], seed: int) -> dict:
    """Every step against every configuration in turn (:func:`step_order`), each sampled on its own pids."""
    results = {name: {"base_url": url, "server_pids": pids, "steps": []} for name, (url, pids) in targets.items()}
    for index, students in enumerate(steps):
        for name in step_order(list(targets), index):
            url, pids = targets[name]
            print(f"step: {students} students, {name} replica(s), {scenario.duration_seconds:g} s ...",
                  file=sys.stderr, flush=True)
            with Sampler(pids) as sampler:
                results[name]["steps"].append(await run_step(url, scenario, students, sampler, seed))
            await asyncio.sleep(3)  # closed tabs are released before the next step
    return results


def measure(args: argparse.Namespace, tmp: Path) -> dict[str, dict]:
    """Both configurations up at once (the idle one costs no CPU), warmed up, then measured step by step."""
    scenario = dataclasses.replace(load(args.scenario), duration_seconds=args.duration, warmup=False,
                                   idle_sessions=0)
    (tmp / "one").mkdir()
    with one_replica(tmp / "one") as (url_1, pids_1), many_replicas(args.replicas, tmp) as (url_n, pids_n, ports):
        for base in [url_1, *ports]:  # every process opens every page once: no compile inside a step
            asyncio.run(warm_up(base, load(args.scenario)))
        targets = {"1": (url_1, pids_1), str(args.replicas): (url_n, pids_n)}
        steps = [int(n) for n in args.steps.split(",")]
        return asyncio.run(interleaved(targets, scenario, steps, args.seed))


def jax_cache() -> str:
    return os.environ.get("CALCULUS_LAB_JAX_CACHE") or str(Path.home() / ".cache" / "calculus-lab" / "jax")


def table(results: dict[str, dict]) -> str:
    """Markdown: per configuration, each step's p95 and errors, the students held and the ratio."""
    names = list(results)
    steps = sorted({s["students"] for r in results.values() for s in r["steps"]})
    lines = ["| replicas | " + " | ".join(f"{n} students p95 ms (errors)" for n in steps) + " | held at p95 < 1 s |",
             "|---|" + "---|" * (len(steps) + 1)]
    for name in names:
        by_n = {s["students"]: s for s in results[name]["steps"]}
        cells = [f"{by_n[n]['interactions']['p95_ms'] or float('nan'):,.0f} ({by_n[n]['errors']['total']})"
                 if n in by_n else "-" for n in steps]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {held(results[name]['steps'])} |")
    return "\n".join(lines)


def cores_table(results: dict[str, dict]) -> str:
    """Markdown: per configuration, the server processes' CPU cores in use (median over each step)."""
    steps = sorted({s["students"] for r in results.values() for s in r["steps"]})
    lines = ["| replicas | " + " | ".join(f"{n} students: cores" for n in steps) + " |",
             "|---|" + "---|" * len(steps)]
    for name, result in results.items():
        by_n = {s["students"]: s for s in result["steps"]}
        lines.append(f"| {name} | " + " | ".join(f"{by_n[n]['server_cores_median']:.2f}" if n in by_n else "-"
                                               for n in steps) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--scenario", default="class")
    ap.add_argument("--steps", default="1,4,8,12,16,20,24,32,40")
    ap.add_argument("--duration", type=float, default=30)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    with tempfile.TemporaryDirectory() as tmp:
        results = measure(args, Path(tmp))
    held_1, held_n = held(results["1"]["steps"]), held(results[str(args.replicas)]["steps"])
    ratio = held_n / held_1 if held_1 else float("nan")
    summary = {"started": started, "cpus": os.cpu_count(), "steps": args.steps, "duration_s": args.duration,
               "scenario": args.scenario, "held": {"1": held_1, str(args.replicas): held_n}, "ratio": ratio,
               "load_average_at_end": os.getloadavg(), "results": results}
    (OUT / "replicas.json").write_text(json.dumps(summary, indent=2, default=str) + "\n")
    print(table(results))
    print("\nServer CPU (all replicas and nginx), median cores per step:\n")
    print(cores_table(results))
    print(f"\nStudents held at p95 < 1 s: 1 replica {held_1}, {args.replicas} replicas {held_n}: "
          f"ratio {ratio:.2f}x (goal >= 1.6x). Written to {OUT / 'replicas.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
