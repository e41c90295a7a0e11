"""Run every benchmark module (bench/bench_*.py, each with ``run() -> list[Row]``), print a table, write JSON.

    python -m bench                 # everything
    python -m bench pages derivatives   # only modules whose name contains one of these words
    python -m bench --readme        # also put the table in README.md (between the BENCH-TABLE markers)
    python -m bench --help          # this text and the benchmark modules; runs nothing, writes nothing
"""

from __future__ import annotations

import importlib
import json
import sys
import time
import traceback
from pathlib import Path

from bench.common import Row

HERE = Path(__file__).parent
RESULTS = HERE / "results.json"
README = HERE.parent / "README.md"
BEGIN, END = "<!-- BENCH-TABLE -->", "<!-- /BENCH-TABLE -->"


def modules(filters: list[str]) -> list[str]:
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    return [n for n in names if not filters or any(f in n for f in filters)]


def table(rows: list[Row]) -> str:
    lines = ["| benchmark | value | unit | baseline | ratio | goal | pass |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        ratio = f"{r.ratio:,.1f}x" if r.ratio is not None else ""
        verdict = "" if r.passed is None else ("pass" if r.passed else "FAIL")
        lines.append(f"| {r.name} | {r.value:,.3g} | {r.unit} | {r.baseline or ''} | {ratio} | "
                     f"{r.goal or ''} | {verdict} |")
    return "\n".join(lines)


def with_table(readme: str, rows: list[Row], note: str) -> str:
    """``readme`` with the text between the BENCH-TABLE markers replaced by ``note`` and the table."""
    head, rest = readme.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{note}\n\n{table(rows)}\n{END}{tail}"


def main(argv: list[str]) -> int:
    if "--help" in argv or "-h" in argv:
        print(__doc__.strip() + "\n\nModules: " + ", ".join(modules([])))
        return 0
    update_readme = "--readme" in argv
    argv = [a for a in argv if a != "--readme"]
    rows: list[Row] = []
    started = time.perf_counter()
    for name in modules(argv):
        print(f"... {name}", file=sys.stderr, flush=True)
        try:
            rows += importlib.import_module(f"bench.{name}").run()
        except Exception:  # a broken benchmark is reported, the others still run
            traceback.print_exc()
            rows.append(Row(f"{name} (crashed)", float("nan"), "", goal="runs", passed=False))
    print(table(rows))
    print(f"\n{len(rows)} rows in {time.perf_counter() - started:.0f} s; "
          f"{sum(r.passed is False for r in rows)} below goal. Written to {RESULTS.relative_to(Path.cwd())}")
    RESULTS.write_text(json.dumps([r.as_json() for r in rows], indent=2) + "\n")
    if update_readme:
        note = (f"Latest `make bench` on this 2-core machine ({time.strftime('%Y-%m-%d')}; medians, ratios "
                "measured in the same run):")
        README.write_text(with_table(README.read_text(), rows, note))
    return 0

