"""Colour-blind safety of a chart spec: every categorical colour is Okabe–Ito or a neutral grey, and every
colour scale is one that people with the common colour-vision deficiencies can still read in order."""

from __future__ import annotations

import re
from collections.abc import Iterator

OKABE_ITO = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000"}
# Sequential single-hue or perceptually uniform scales, and ColorBrewer's colour-blind-safe diverging RdBu.
SAFE_SCALES = {"viridis", "cividis", "blues", "greys", "rdbu", "rdbu_r"}
NAMED_NEUTRALS = {"white", "black", "transparent", "gray", "grey"}
COLOUR_KEYS = {"color", "fillcolor", "bgcolor", "bordercolor", "stroke", "fill"}
COLOUR_TEXT = re.compile(r"^\s*(#[0-9a-fA-F]{6}|rgba?\()")
NOT_COLOURS = {"shared", "independent"}  # Vega-Lite's resolve: {"scale": {"color": "shared"}}


def _rgb(colour: str) -> tuple[float, float, float] | None:
    text = colour.strip().lower()
    if re.fullmatch(r"#[0-9a-f]{6}", text):
        return tuple(int(text[i:i + 2], 16) / 255 for i in (1, 3, 5))
    match = re.fullmatch(r"rgba?\(([^)]*)\)", text)
    if match:
        return tuple(float(v) / 255 for v in match.group(1).split(",")[:3])
    return None


def is_safe_colour(colour: str) -> bool:
    """Okabe–Ito, or a neutral: chroma (max − min channel) under 0.16, the greys and slate greys of text and
    grids, which carry no hue a reader has to tell apart."""
    text = colour.strip().lower()
    if text in OKABE_ITO or text in NAMED_NEUTRALS:
        return True
    rgb = _rgb(text)
    return rgb is not None and max(rgb) - min(rgb) < 0.16


def colours(spec: object, key: str = "") -> Iterator[tuple[str, str]]:
    """Every ``(key, colour string)`` in a Plotly or Vega-Lite spec; numeric colour arrays are skipped."""
    if isinstance(spec, dict):
        for k, v in spec.items():
            # encoded numbers, images and data rows carry no colours; Streamlit's theme replaces the template
            if k in ("bdata", "dtype", "source", "datasets", "template"):
                continue
            if k == "colorscale":
                yield from (("colorscale", c) for c in _scale_colours(v))
            else:
                yield from colours(v, k)
    elif isinstance(spec, list):
        for item in spec:
            yield from colours(item, key)
    elif isinstance(spec, str) and (COLOUR_TEXT.match(spec) or (key in COLOUR_KEYS and spec.isalpha()
                                                                  and spec not in NOT_COLOURS)):
        yield key, spec  # a colour anywhere (Vega-Lite scale ranges too), or a colour name under a colour key


def _scale_colours(scale: object) -> list[str]:
    if isinstance(scale, str):
        return [] if scale.lower() in SAFE_SCALES else [f"scale:{scale}"]
    return [pair[1] for pair in scale if isinstance(pair, list | tuple)] if isinstance(scale, list) else []


def _scale_steps() -> set[str]:
    """The colours of the safe scales, as Plotly writes them when it expands a scale's name."""
    from plotly.colors import get_colorscale, sequential

    steps = {c for name in SAFE_SCALES for _, c in get_colorscale(name)} | set(sequential.Blues)
    return {c.replace(" ", "").lower() for c in steps}


def unsafe_colours(spec: object) -> list[tuple[str, str]]:
    """The colours of ``spec`` that break the palette (empty when the chart is colour-blind safe)."""
    steps = _scale_steps()
    return [(k, c) for k, c in colours(spec)
            if not (is_safe_colour(c) or (k == "colorscale" and c.replace(" ", "").lower() in steps))]
