"""Turn a step's records and server samples into numbers: percentiles, errors, rates, CPU and memory."""

from __future__ import annotations

import math
import statistics

from loadtest.student import Record

INTERACTIVE = ("visit", "move", "play")


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def latency_stats(records: list[Record]) -> dict:
    """Count and p50/p95/p99/max latency in ms of the completed requests."""
    ms = [r.result.latency * 1000 for r in records if r.result.status in {"ok", "exception"}]
    return {"count": len(ms), "p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95),
            "p99_ms": percentile(ms, 99), "max_ms": max(ms, default=float("nan"))}


def error_stats(records: list[Record]) -> dict:
    """Exceptions shown in a page, dropped sockets and timeouts, with a few examples."""
    by_status = {s: [r for r in records if r.result.status == s] for s in ("exception", "dropped", "timeout")}
    examples = [f"{r.page} {r.kind} {r.widget}: {r.result.exceptions[0]}"
                for rs in by_status.values() for r in rs[:3] if r.result.exceptions]
    return {"exceptions": len(by_status["exception"]), "dropped": len(by_status["dropped"]),
            "timeouts": len(by_status["timeout"]), "total": sum(len(v) for v in by_status.values()),
            "examples": examples[:9]}


def step_summary(students: int, live: int, seconds: float, records: list[Record], samples: list,
                 rss_before: float, rss_loaded: float) -> dict:
    """Everything the table and the JSON say about one step."""
    interactive = [r for r in records if r.kind in INTERACTIVE]
    ticks = [r for r in records if r.kind == "tick"]
    pages = sorted({r.page for r in records if r.page})
    per_page = {}
    for page in pages:
        per_page[page] = latency_stats([r for r in interactive if r.page == page and r.kind != "visit"])
        per_page[page]["visit"] = latency_stats([r for r in interactive if r.page == page and r.kind == "visit"])
        page_ticks = [r for r in ticks if r.page == page]
        if page_ticks:
            per_page[page]["tick"] = latency_stats(page_ticks)
    cores = [s.cores for s in samples]
    return {
        "students": students, "live": live, "seconds": seconds,
        "interactions": latency_stats(interactive),
        "moves": latency_stats([r for r in interactive if r.kind == "move"]),
        "ticks": latency_stats(ticks),
        "pages": per_page,
        "errors": error_stats(records),
        "messages_per_s": sum(r.result.messages for r in records) / seconds,
        "bytes_per_s": sum(r.result.bytes for r in records) / seconds,
        "cache_hits": sum(r.result.cache_hits for r in records),
        "server_cores_median": statistics.median(cores) if cores else float("nan"),
        "server_cores_p95": percentile(cores, 95),
        "client_cores_median": statistics.median([s.client_cores for s in samples]) if samples else float("nan"),
        "rss_mb_before": rss_before,
        "rss_mb_loaded": rss_loaded,
        "rss_mb_max": max((s.rss_mb for s in samples), default=float("nan")),
        "mb_per_session": (rss_loaded - rss_before) / students if students else float("nan"),
        "timeline": [{"t": round(s.t, 1), "cores": round(s.cores, 3), "rss_mb": round(s.rss_mb, 1)}
                     for s in samples[::5]],  # every ~5 s: a memory soak shows whether RSS stays flat
    }


def cell(x: float, digits: int = 0) -> str:
    """A table cell: ``x`` with thousands separators and ``digits`` decimals, "-" for a missing value."""
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.{digits}f}"


def table(steps: list[dict]) -> str:
    """The headline table, one row per step (Markdown)."""
    lines = ["| students | live | requests | p50 ms | p95 ms | p99 ms | tick p95 ms | errors | msg/s | KB/s "
             "| server cores (median / p95) | server CPU ms per request | RSS MB | MB per session | machine load |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for s in steps:
        i = s["interactions"]
        lines.append(
            f"| {s['students']} | {s['live']} | {i['count']} | {cell(i['p50_ms'])} | {cell(i['p95_ms'])} | "
            f"{cell(i['p99_ms'])} | {cell(s['ticks']['p95_ms'])} | {s['errors']['total']} | "
            f"{cell(s['messages_per_s'])} | {cell(s['bytes_per_s'] / 1024)} | "
            f"{cell(s['server_cores_median'], 2)} / {cell(s['server_cores_p95'], 2)} | "
            f"{cell(s.get('server_cpu_ms_per_request', float('nan')))} | {cell(s['rss_mb_loaded'])} | "
            f"{cell(s['mb_per_session'], 1)} | {cell(s.get('load_average', [float('nan')] * 2)[1], 1)} |")
    return "\n".join(lines)


def page_table(step: dict) -> str:
    """Per page: control moves and page visits (p50/p95/p99 ms), ticks for live pages."""
    lines = [f"{step['students']} students, per page (ms):", "",
             "| page | moves | p50 | p95 | p99 | visits | visit p50 | visit p95 | ticks | tick p50 | tick p95 |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for page, st in step["pages"].items():
        v, t = st["visit"], st.get("tick", {"count": 0, "p50_ms": float("nan"), "p95_ms": float("nan")})
        lines.append(f"| {page} | {st['count']} | {cell(st['p50_ms'])} | {cell(st['p95_ms'])} | {cell(st['p99_ms'])} | "
                     f"{v['count']} | {cell(v['p50_ms'])} | {cell(v['p95_ms'])} | {t['count']} | {cell(t['p50_ms'])} | "
                     f"{cell(t['p95_ms'])} |")
    return "\n".join(lines)
