"""A scenario (TOML in loadtest/scenarios/): which pages students use, what they move, how often, who trains."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

SCENARIOS = Path(__file__).parent / "scenarios"


@dataclass(frozen=True)
class WidgetMove:
    key: str  # the widget's user key (st.slider(..., key=...))
    values: tuple = ()  # values to pick from; empty = any value the widget offers


@dataclass(frozen=True)
class PagePlan:
    slug: str  # the page's url path
    moves: tuple[WidgetMove, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class LivePlan:
    slug: str
    play: str  # the Play button's key


@dataclass(frozen=True)
class Scenario:
    name: str
    pages: tuple[PagePlan, ...]
    live: tuple[LivePlan, ...] = ()
    think_seconds: float = 3.0  # mean pause between two actions of one student (exponential, clipped)
    moves_per_page: tuple[int, int] = (3, 6)  # a student moves this many widgets, then opens another page
    live_students: int = 5  # students who press Play (at most half of a step's students)
    steps: tuple[int, ...] = (1, 5, 10, 20, 30, 50)
    duration_seconds: float = 60.0  # per step
    timeout_seconds: float = 30.0  # a rerun slower than this is an error
    idle_sessions: int = 20  # opened after the steps to measure memory per idle session
    warmup: bool = True  # one tab visits every page first (compiles), not counted
    notes: str = field(default="", compare=False)

    def live_count(self, students: int) -> int:
        """How many of ``students`` train live."""
        return min(self.live_students, students // 2) if self.live else 0


def _move(item) -> WidgetMove:
    if isinstance(item, str):
        return WidgetMove(item)
    return WidgetMove(item["key"], tuple(item.get("values", ())))


def load(path: str | Path) -> Scenario:
    """Read a scenario file (a bare name means ``loadtest/scenarios/<name>.toml``)."""
    path = Path(path)
    if not path.suffix and not path.exists():
        path = SCENARIOS / f"{path}.toml"
    data = tomllib.loads(path.read_text())
    pages = tuple(PagePlan(p["slug"], tuple(_move(m) for m in p.get("moves", ())), float(p.get("weight", 1)))
                  for p in data.get("pages", ()))
    live = tuple(LivePlan(p["slug"], p["play"]) for p in data.get("live", ()))
    scalars = {k: data[k] for k in ("think_seconds", "live_students", "duration_seconds", "timeout_seconds",
                                     "idle_sessions", "warmup", "notes") if k in data}
    if "moves_per_page" in data:
        scalars["moves_per_page"] = tuple(data["moves_per_page"])
    if "steps" in data:
        scalars["steps"] = tuple(data["steps"])
    if not pages:
        raise ValueError(f"{path}: a scenario needs at least one [[pages]] entry")
    return Scenario(data.get("name", path.stem), pages, live, **scalars)
