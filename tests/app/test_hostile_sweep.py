"""Hostile links and extreme controls on every page: no exception, no traceback, no bare non-finite number.

Each page's bound query parameters are found from its widgets (``bind=ui.SHARE`` gives the widget proto a
``query_param_key``). A case opens the page from a link that sets every bound parameter to one hostile kind
of value (huge, negative, NaN, inf, 5,000 digits, 10,000 characters, Markdown, unknown option, empty), or
moves every numeric control to its extremes. A case fails on an exception, a traceback or an unexpected-error
box in the page, a non-finite number shown without a warning word, or a page slower than 20 s (a generous
failure threshold for a hang, not a speed claim). ``make fuzz`` also sets each parameter alone.
"""

from __future__ import annotations

import functools
import re
import time

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.registry import all_pages, page
from devtools.server import APP

HANG_SECONDS = 20
MARKDOWN = "[Session expired — log in again](http://evil.example) <b>bold</b> :red[red] $x$ `code`"
#: kind -> value for (numeric, text, option, flag) widgets
PROFILES: dict[str, tuple[str, str, str, str]] = {
    "huge": ("1e308", "x" * 10_000, "A" * 10_000, "1e308"),
    "negative": ("-1e308", "-1e308*x", "-1", "-1"),
    "nan": ("nan", "nan", "NaN", "nan"),
    "inf": ("inf", "inf*x", "inf", "inf"),
    "minus_inf": ("-inf", "-inf", "-inf", "-inf"),
    "digits": ("9" * 5000, "9" * 5000 + "*x", "9" * 5000, "9" * 5000),
    "markdown": (MARKDOWN, MARKDOWN, MARKDOWN, MARKDOWN),
    "unknown": ("abc", "no_such_function(x)", "no such option", "perhaps"),
    "empty": ("", "", "", ""),
    "bomb": ("0x10", "9**9**9**9", "9**9**9**9", "1"),
    "overflow": ("3.4e38", "exp(1000*x)", "1e999", "1e999"),  # a formula whose values overflow float32
}
NUMERIC = {"slider", "number_input"}
TEXT = {"text_input", "text_area"}
FLAG = {"toggle", "checkbox"}
#: a formula box that only exists once a selector picks "your formula": (selector key, its link value)
CONDITIONAL = {"gf_formula": ("gf_surface", "Your formula"), "nn_formula": ("nn_target", "typed formula")}
CHECKED_TYPES = {"markdown", "caption", "latex", "metric", "text", "title", "header", "subheader", "table"}
WARNED_TYPES = {"warning", "error", "info", "exception"}
NON_FINITE = re.compile(r"(?<![A-Za-z])(?:[-+−]?inf(?:inity)?|nan|[-+−]?∞)(?![A-Za-z])", re.IGNORECASE)
#: words that, in the element itself or in a warning box on the page, say a value is not a usable number
WARNING_WORDS = ("not finite", "non-finite", "infinite", "overflow", "undefined", "not a number", "not defined")
#: in the element itself, these also explain an inf or NaN (a diverged run)
BESIDE_WORDS = (*WARNING_WORDS, "diverge")
TRACEBACK = re.compile(r"Traceback|File \"|\b[A-Z]\w*(?:Error|Exception)\b|Something went wrong")


def open_page(slug: str, query: dict | None = None) -> AppTest:
    """The app opened straight on ``slug`` from a link with ``query`` (one script run, as a browser does)."""
    at = AppTest.from_file(APP, default_timeout=120)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.switch_page(page(slug).file)
    return at.run()


def walk(node):
    """Every element (leaf) of an AppTest tree, in page order."""
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from walk(child)
    else:
        yield node


def text_of(element) -> str:
    proto = getattr(element, "proto", None)
    if element.type == "metric":
        return f"{proto.label} {proto.body} {proto.help}"
    for field in ("body", "value", "label"):
        value = getattr(proto, field, None)
        if isinstance(value, str) and value:
            return value
    return ""


def bound_widgets(at) -> dict[str, tuple[str, object]]:
    """``query key -> (widget type, proto)`` for every widget on the page bound to the link."""
    found = {}
    for element in walk(at._tree):
        key = getattr(getattr(element, "proto", None), "query_param_key", "")
        if key:
            found[key] = (element.type, element.proto)
    return found


@functools.cache
def discover(slug: str) -> dict[str, tuple[str, object]]:
    """Open the page once (this also compiles its JAX code, so later cases are warm) and list its bound widgets."""
    at = open_page(slug)
    assert not at.exception, f"{slug} fails with no link at all"
    widgets = bound_widgets(at)
    for key, (selector, choice) in CONDITIONAL.items():
        if selector in widgets:
            widgets.update(bound_widgets(open_page(slug, query={selector: choice})))
            assert key in widgets, f"{key} did not appear when {selector} = {choice}"
    return widgets


def hostile_value(kind: str, proto, profile: str) -> str | list[str]:
    numeric, text, option, flag = PROFILES[profile]
    if kind in NUMERIC:
        if kind == "slider" and len(proto.default) == 2:  # a range slider takes two values
            return [numeric, numeric]
        return numeric
    if kind in TEXT:
        return text
    if kind in FLAG:
        return flag
    if kind == "multiselect":
        return [option, option]
    return option


def check_page(at, case: str) -> None:
    """The failures this sweep looks for, each with the case and the offending text in the message."""
    assert not at.exception, f"{case}: exception {[e.value for e in at.exception]}"
    elements = list(walk(at._tree))
    warned = " ".join(text_of(e) for e in elements if e.type in WARNED_TYPES).lower()
    for element in elements:
        if element.type == "code":  # the page's own source code, not output
            continue
        text = text_of(element)
        match = TRACEBACK.search(text)
        assert match is None, f"{case}: traceback-like text {match.group(0)!r} in {element.type}: {text[:200]!r}"
        if element.type in CHECKED_TYPES and NON_FINITE.search(text):
            beside = text.lower()
            assert any(w in beside for w in BESIDE_WORDS) or any(w in warned for w in WARNING_WORDS), (
                f"{case}: non-finite number without a warning word in {element.type}: {text[:200]!r}")


def open_timed(slug: str, query: dict, case: str):
    start = time.perf_counter()
    at = open_page(slug, query=query)
    seconds = time.perf_counter() - start
    assert seconds < HANG_SECONDS, f"{case}: the page took {seconds:.1f} s (a hang?)"
    check_page(at, case)
    return at


def link_for(slug: str, profile: str, only: str | None = None) -> dict[str, str | list[str]]:
    widgets = discover(slug)
    query = {key: hostile_value(kind, proto, profile) for key, (kind, proto) in widgets.items()
             if only is None or key == only}
    for key, (selector, choice) in CONDITIONAL.items():  # a hostile formula needs its selector on "typed"
        if key in query and selector in widgets:
            query[selector] = choice
    return query


SLUGS = [p.slug for p in all_pages()]
#: `make test` runs these kinds on every page; `make fuzz` runs every kind, at once and one parameter at a time
SHORT = ("huge", "nan", "inf", "digits", "markdown", "unknown", "overflow")
#: Known failures of the sweep, with the reason (none now: the higher-order page's Taylor error, once a bare
#: "nan", is said in words since issue 9 merged).
KNOWN: dict[tuple[str, str], str] = {}


@pytest.mark.parametrize("profile", [p if p in SHORT else pytest.param(p, marks=pytest.mark.fuzz) for p in PROFILES])
@pytest.mark.parametrize("slug", SLUGS)
def test_every_bound_parameter_hostile_at_once(slug, profile, request):
    if (slug, profile) in KNOWN:  # not strict: passes once that branch is merged
        request.applymarker(pytest.mark.xfail(reason=KNOWN[slug, profile], strict=False))
    query = link_for(slug, profile)
    if not query:
        pytest.skip(f"{slug} binds nothing to the link")
    at = open_timed(slug, query, f"{slug} with every link value {profile}")
    if profile == "markdown":  # the echo is literal: no Markdown link survives in any message
        for element in walk(at._tree):  # widgets hold the value itself; only what is displayed counts
            if element.type in CHECKED_TYPES | WARNED_TYPES:
                assert "](http://evil.example)" not in text_of(element), f"{slug}: a Markdown link was echoed"


def extremes(kind: str, proto) -> list[object]:
    """The two ends of a numeric control (a range slider: both handles at each end)."""
    if kind == "select_slider":
        return [proto.options[0], proto.options[-1]]
    if kind == "slider":
        low, high = proto.min, proto.max
        if proto.data_type == proto.INT:
            low, high = int(low), int(high)
        return [(low, low), (high, high)] if len(proto.default) == 2 else [low, high]
    low = proto.min if proto.has_min else -1e30
    high = proto.max if proto.has_max else 1e30
    return [low, high]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_numeric_control_at_its_extremes(slug):
    at = open_page(slug)
    check_page(at, f"{slug} default")
    controls = [(e.type, e.proto.id, e.key) for e in walk(at._tree)
                if e.type in (NUMERIC | {"select_slider"}) and not e.proto.disabled]
    for kind, _, key in controls:
        if key is None:
            continue
        try:
            proto = getattr(at, kind)(key=key).proto
        except KeyError:  # an earlier extreme hid it (e.g. infeasible caps hide the walk-forward controls)
            at = open_page(slug)
            proto = getattr(at, kind)(key=key).proto
        for value in extremes(kind, proto):
            widget = getattr(at, kind)(key=key)
            start = time.perf_counter()
            widget.set_value(value).run()
            seconds = time.perf_counter() - start
            case = f"{slug}: {key} = {value}"
            assert seconds < HANG_SECONDS, f"{case}: took {seconds:.1f} s (a hang?)"
            check_page(at, case)


@pytest.mark.fuzz
@pytest.mark.parametrize("profile", list(PROFILES))
@pytest.mark.parametrize("slug", SLUGS)
def test_each_bound_parameter_hostile_alone(slug, profile):
    for key in discover(slug):
        if key in {selector for selector, _ in CONDITIONAL.values()}:
            continue
        open_timed(slug, link_for(slug, profile, only=key), f"{slug}: {key} {profile}")
