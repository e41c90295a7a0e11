"""Arrays to images for Plotly layout images: banded colours, PNG and SVG data URIs (no imaging library).

A layout image is one decode per browser redraw where the same data as traces would cost hundreds of
milliseconds (see the gradient field); and Plotly keeps layout images during ``redraw: False`` animations,
which drop contour and heatmap traces (plotly.js #4491).
"""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import Sequence

import numpy as np
import plotly.colors as pcolors

BANDS = 24  # flat colour bands of the filled-contour background, like 24 contour levels
SURFACE_SCALE = pcolors.sequential.Blues[::-1]  # low f dark, high f light


def png_data_uri(rgb: np.ndarray) -> str:
    """A ``(h, w, 3)`` uint8 image as a ``data:image/png;base64,…`` URI (no imaging library needed)."""
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + row.tobytes() for row in np.ascontiguousarray(rgb, np.uint8))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def banded_rgb(values: np.ndarray, low: float, high: float, bands: int = BANDS) -> np.ndarray:
    """Colour ``values`` (shape ``(m, n)``, row 0 = lowest y) in ``bands`` flat bands like filled contours;
    returns ``(m, n, 3)`` uint8 with row 0 at the top (image order)."""
    t = np.clip((np.nan_to_num(values, nan=high) - low) / ((high - low) or 1.0), 0.0, 1.0)
    t = (np.minimum(np.floor(t * bands), bands - 1) + 0.5) / bands
    anchors = np.array([pcolors.unlabel_rgb(c) for c in SURFACE_SCALE], np.float64)
    pos = np.linspace(0.0, 1.0, len(anchors))
    rgb = np.stack([np.interp(t, pos, anchors[:, c]) for c in range(3)], axis=-1)
    return np.round(rgb[::-1]).astype(np.uint8)


def color_values(z: np.ndarray) -> tuple[np.ndarray, str]:
    """Contour colours: ``z`` itself, or ``log10(1 + z − min z)`` when a few peaks would flatten the rest."""
    finite = z[np.isfinite(z)]
    if finite.size == 0:
        return z, "f"
    low = float(finite.min())
    spread, typical = float(finite.max()) - low, float(np.median(finite)) - low
    if typical > 0 and spread > 5 * typical:
        return np.log10(1.0 + z - low), "log₁₀(1 + f − min f)"
    return z, "f"


ARROW_CANVAS = 1000.0  # the arrow SVG's own coordinates: the plot box mapped to 0..1000 on both axes
ARROW_COLOR = "rgba(15,23,42,0.55)"


def arrows_svg_uri(qx: np.ndarray, qy: np.ndarray, x_range: Sequence[float], y_range: Sequence[float]) -> str:
    """The polyline of :func:`quiver_xy` (NaN breaks) as one SVG path over the box ``x_range × y_range``,
    as a ``data:image/svg+xml;base64,…`` URI for a layout image stretched over that box.

    One image costs the browser a single decode on every redraw, where the same arrows as a Plotly trace cost
    ~300 ms per chart redraw (half of the gradient field's redraw). Strokes keep 1 px whatever the stretch.
    """
    (x0, x1), (y0, y1) = (float(v) for v in x_range), (float(v) for v in y_range)
    px = (np.asarray(qx, np.float64) - x0) / ((x1 - x0) or 1.0) * ARROW_CANVAS
    py = (y1 - np.asarray(qy, np.float64)) / ((y1 - y0) or 1.0) * ARROW_CANVAS  # SVG y grows downwards
    finite = np.isfinite(px) & np.isfinite(py)
    starts = finite & ~np.concatenate([[False], finite[:-1]])  # first point after a break: "M", else "L"
    d = "".join(f"{'M' if start else 'L'}{x:.0f} {y:.0f}"  # 1/1000 of the plot: sub-pixel
                for x, y, start in zip(px[finite], py[finite], starts[finite], strict=True))
    size = f"{ARROW_CANVAS:g}"
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" preserveAspectRatio="none">'
           f'<path d="{d}" fill="none" stroke="{ARROW_COLOR}" stroke-width="1" stroke-linecap="round" '
           f'vector-effect="non-scaling-stroke"/></svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("ascii")).decode("ascii")
