"""The one-page decision report: split, caps, walk-forward result, an inline SVG chart and the data's provenance.

Plain HTML with print CSS (A4, no page breaks inside a section), no scripts and no external requests.
Every piece of user text (supplier, file and sheet names) goes through ``html.escape``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #111; max-width: 60rem;
       margin: 1.5rem auto; padding: 0 1rem; line-height: 1.35; font-size: 11pt; }
h1 { font-size: 1.5em; margin: 0 0 .2em; } h2 { font-size: 1.1em; margin: 1.1em 0 .4em;
     border-bottom: 1px solid #ccc; padding-bottom: .15em; }
table { border-collapse: collapse; margin: .3em 0; } th, td { border: 1px solid #bbb; padding: .2em .55em; }
th { background: #f1f5f9; text-align: left; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.answer { font-size: 1.15em; } .muted { color: #555; font-size: .9em; } .warn { color: #9a3412; }
svg { max-width: 100%; height: auto; } section { break-inside: avoid; page-break-inside: avoid; }
@page { size: A4; margin: 12mm; }
@media print { body { margin: 0; max-width: none; font-size: 9.5pt; } h2 { break-after: avoid; }
               th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


@dataclass(frozen=True)
class WalkSummary:
    """The walk-forward result for the report: per-window series and the summary table."""

    window: int
    horizon: int
    labels: Sequence[str]  # (K,) first period of each test window
    series: Mapping[str, np.ndarray]  # strategy → (K,) realised standard deviation per test window
    rows: Sequence[tuple[str, float, float, float]]  # strategy, mean variance, typical std, % vs the split
    warning: str | None = None


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows; names are raw user text (escaped when rendered)."""

    names: Sequence[str]
    weights: np.ndarray  # (n,)
    lower: np.ndarray  # (n,)
    upper: np.ndarray  # (n,)
    binding: Sequence[str]  # one phrase per binding cap
    blend_std: float
    best_name: str
    best_std: float
    periods: int
    basis: str
    estimator: str
    delta: float
    sources: Sequence[str]
    sheets: Mapping[str, str]
    rows_read: int
    rows_dropped: int
    walk: WalkSummary | None = None
    notes: Sequence[str] = field(default_factory=tuple)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


# Long: one SVG document written in reading order (axes, ticks, labels, then a line and a legend entry per
# series); splitting it would pass the same coordinate helpers around.
def svg_lines(labels: Sequence[str], series: Mapping[str, np.ndarray], y_title: str,
              width: int = 720, height: int = 260) -> str:
    """A line chart as inline SVG: one polyline per series over the same x positions, with a legend."""
    left, right, top, bottom = 62, 230, 12, 34
    values = np.concatenate([np.asarray(v, np.float64) for v in series.values()]) if series else np.zeros(1)
    values = values[np.isfinite(values)]
    low, high = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
    low = min(low, 0.0)
    high = high if high > low else low + 1.0
    count = max(len(labels), 2)

    def x(i: int) -> float:
        return left + (width - left - right) * i / (count - 1)

    def y(v: float) -> float:
        return top + (height - top - bottom) * (1 - (v - low) / (high - low))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" role="img" '
             f'aria-label="{_e(y_title)}" font-size="11" font-family="sans-serif">',
             f'<line x1="{left}" y1="{y(low):.1f}" x2="{width - right}" y2="{y(low):.1f}" stroke="#888"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#888"/>']
    for tick in np.linspace(low, high, 5):
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:,.3g}</text>')
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" y2="{y(tick):.1f}" '
                     'stroke="#e5e7eb"/>')
    for i in sorted({0, len(labels) // 2, len(labels) - 1}):
        if 0 <= i < len(labels):
            parts.append(f'<text x="{x(i):.1f}" y="{height - bottom + 16}" text-anchor="middle">'
                         f'{_e(labels[i])}</text>')
    parts.append(f'<text x="14" y="{(height - bottom) / 2:.0f}" transform="rotate(-90 14 '
                 f'{(height - bottom) / 2:.0f})" text-anchor="middle">{_e(y_title)}</text>')
    for k, (name, vals) in enumerate(series.items()):
        color = COLORS[k % len(COLORS)]
        points = " ".join(f"{x(i):.1f},{y(float(v)):.1f}" for i, v in enumerate(vals) if np.isfinite(v))
        dash = "" if k == 0 else ' stroke-dasharray="5 3"' if k == 1 else ""
        stroke = 2.5 if k == 0 else 1.3
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="{stroke}"{dash} points="{points}"/>')
        ly = top + 14 * k + 6
        parts.append(f'<line x1="{width - right + 10}" y1="{ly}" x2="{width - right + 30}" y2="{ly}" '
                     f'stroke="{color}" stroke-width="{stroke}"{dash}/>')
        short = name if len(name) <= 34 else name[:33] + "…"
        parts.append(f'<text x="{width - right + 35}" y="{ly + 4}">{_e(short)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _split_table(data: ReportData) -> str:
    rows = []
    for name, w, lo, hi in zip(data.names, data.weights, data.lower, data.upper, strict=True):
        caps = " – ".join([f"{lo:.0%}", f"{hi:.0%}"]) if lo > 0 or hi < 1 else "none"
        rows.append(f"<tr><td>{_e(name)}</td><td class='num'>{w:.1%}</td><td>{_e(caps)}</td></tr>")
    return ("<table><tr><th>Supplier</th><th>Share of the order</th><th>Caps (min – max)</th></tr>"
            + "".join(rows) + "</table>")


def _walk_section(walk: WalkSummary) -> str:
    rows = "".join(f"<tr><td>{_e(name)}</td><td class='num'>{var:,.4g}</td><td class='num'>{std:,.4g}</td>"
                   f"<td class='num'>{vs:+.1f}%</td></tr>" for name, var, std, vs in walk.rows)
    warning = f"<p class='warn'>{_e(walk.warning)}</p>" if walk.warning else ""
    return (f"<section><h2>Would this split have worked? (walk-forward)</h2>"
            f"<p>Fit on {walk.window} periods, order the split for the next {walk.horizon}, repeat: "
            f"{len(walk.labels)} test windows, each fitted only on the periods before it.</p>{warning}"
            + svg_lines(walk.labels, walk.series, "realised std per test window")
            + "<table><tr><th>Strategy</th><th>Mean realised variance</th><th>Typical std</th>"
              "<th>Variance vs the walk-forward split</th></tr>" + rows + "</table></section>")


def decision_report(data: ReportData, generated: str) -> str:
    """The report as one self-contained HTML page (``generated``: a timestamp shown in the footer)."""
    saving = data.best_std - data.blend_std
    pct = 100 * saving / data.best_std if data.best_std > 0 else 0.0
    binding = ("<p>Binding caps: " + "; ".join(_e(b) for b in data.binding) + ".</p>") if data.binding else \
        "<p>No cap binds: the split is the unconstrained minimum-variance split.</p>"
    estimator = _e(data.estimator) + (f" (intensity δ = {data.delta:.3f})" if data.estimator != "sample" else "")
    files = "".join(f"<li>{_e(s)}" + (f" — sheet “{_e(data.sheets[s])}”" if s in data.sheets else "") + "</li>"
                    for s in data.sources)
    notes = "".join(f"<p class='warn'>{_e(n)}</p>" for n in data.notes)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Procurement split: decision report</title>
<style>{CSS}</style></head><body>
<h1>Procurement split: decision report</h1>
<p class="muted">Minimum variance of the blended {_e(data.basis)}; covariance: {estimator}.</p>
<section><h2>The answer</h2>
<p class="answer">Blend standard deviation <b>{data.blend_std:,.4g}</b> against <b>{data.best_std:,.4g}</b>
for {_e(data.best_name)}, the steadiest single supplier: <b>{saving:,.4g} lower ({pct:.1f}%)</b>,
over <b>{data.periods:,}</b> periods.</p>
{_split_table(data)}{binding}{notes}</section>
{_walk_section(data.walk) if data.walk else ""}
<section><h2>Data</h2><ul>{files}</ul>
<p>{data.rows_read:,} rows read, {data.rows_dropped:,} dropped (a missing price), {data.periods:,} used.</p></section>
<p class="muted">Generated by Calculus Lab, {_e(generated)}.</p>
</body></html>
"""
