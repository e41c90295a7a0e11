"""A page's spec, declared once at the end of its module (``PAGE = PageSpec(...)``), listed in the registry.

The router, the home page, the session-state map, the warm start, the lesson import and the script download
all read a page from its spec.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DASHBOARD_DIR = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class WarmUp:
    """What the warm start does on a page beyond opening it (see :mod:`dashboard.server.warmup`)."""

    press: str = ""  # a button's key to press once (the live pages' Step compiles their training chunk)
    sweep: str = ""  # a select slider's key whose every option is run once (the jit page times each data size)


@dataclass(frozen=True)
class PageSpec:
    slug: str  # url path
    title: str
    icon: str  # a Material Symbols name, shown as :material/<icon>:
    blurb: str  # one line for the home page card
    prefixes: tuple[str, ...] = ()  # of its session keys, ``<prefix>_<name>`` (dashboard.kit.state)
    #: Regexes of the parameter names it binds to its address (one per widget bound with ``bind=links.SHARE``,
    #: or by the kit's formula, seed, preset and predict helpers); tests/unit/test_page_links.py checks them.
    links: tuple[str, ...] = ()
    unprefixed: tuple[str, ...] = ()  # older session keys without a prefix (procurement's)
    live_fields: tuple[str, ...] = ()  # a live page's live.Trainer fields, kept as ``<prefixes[0]>_<field>``
    warm_up: WarmUp = WarmUp()
    script: Callable | None = None  # ``script(values: kit.script.Values) -> str``: the view as a Python script
    file: str = ""  # the page script relative to ``dashboard/app.py``; default ``views/<slug>.py``

    def __post_init__(self) -> None:
        if not self.file:
            object.__setattr__(self, "file", f"views/{self.slug}.py")

    @property
    def path(self) -> Path:
        """The page script's absolute path."""
        return DASHBOARD_DIR / self.file
