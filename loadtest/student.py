"""Simulated students: a browsing student opens pages and moves controls; a live student presses Play."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass

from loadtest.protocol import RunResult, Tab
from loadtest.scenario import LivePlan, Scenario


@dataclass
class Record:
    """One request a student made and what it cost."""

    student: int
    page: str
    kind: str  # "visit", "move", "play" or "tick"
    widget: str
    started: float  # seconds since the step started
    result: RunResult


class Student:
    """Shared plumbing: a tab, a clock, a random stream and the records of every request."""

    def __init__(self, number: int, base: str, scenario: Scenario, deadline: float, t0: float, seed: int):
        self.number, self.base, self.scenario = number, base, scenario
        self.deadline, self.t0 = deadline, t0
        self.rng = random.Random(seed)
        self.records: list[Record] = []
        self.fatal: str | None = None  # why the student stopped early (a dropped socket)

    def think(self) -> float:
        """A pause drawn around the scenario's think time (exponential, clipped to [0.3, 3x mean])."""
        mean = self.scenario.think_seconds
        return min(max(self.rng.expovariate(1 / mean), 0.3), 3 * mean) if mean > 0 else 0.0

    def time_left(self) -> float:
        return self.deadline - time.monotonic()

    async def request(self, tab: Tab, page: str, kind: str, widget: str, call) -> RunResult:
        started = time.monotonic() - self.t0
        result = await call
        self.records.append(Record(self.number, page, kind, widget, started, result))
        if result.status in {"dropped", "timeout"}:
            self.fatal = result.status
        return result

    async def run(self) -> None:
        try:
            await asyncio.sleep(self.rng.uniform(0, min(self.scenario.think_seconds, 5.0)))  # staggered arrival
            async with Tab(self.base, timeout=self.scenario.timeout_seconds) as tab:
                await self.behave(tab)
        except (OSError, TimeoutError) as exc:  # the handshake failed: counted as a dropped socket
            now = time.monotonic() - self.t0
            self.records.append(Record(self.number, "", "connect", "", now,
                                       RunResult(0.0, 0, 0, "dropped", [f"connect: {exc!r}"])))

    async def behave(self, tab: Tab) -> None:
        raise NotImplementedError


class Browser(Student):
    """Opens a page, moves some of its controls with think time between, then opens another page."""

    async def behave(self, tab: Tab) -> None:
        plans = self.scenario.pages
        weights = [p.weight for p in plans]
        while self.time_left() > 0 and not self.fatal:
            plan = self.rng.choices(plans, weights)[0]
            result = await self.request(tab, plan.slug, "visit", "", tab.visit(plan.slug))
            if result.status != "ok":
                continue
            for _ in range(self.rng.randint(*self.scenario.moves_per_page) if plan.moves else 1):
                await asyncio.sleep(min(self.think(), max(0.0, self.time_left())))
                if self.time_left() <= 0 or self.fatal or not plan.moves:
                    break
                move = self.rng.choice(plan.moves)
                try:
                    widget = tab.widget(move.key)
                except KeyError:  # not drawn in this state of the page (e.g. a hidden section)
                    continue
                value = self.rng.choice(move.values or widget.choices())
                await self.request(tab, plan.slug, "move", move.key, tab.move(move.key, value))


class LiveTrainer(Student):
    """Opens a live page, presses Play and watches: one fragment tick per ``run_every`` interval."""

    def __init__(self, *args, plan: LivePlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    async def behave(self, tab: Tab) -> None:
        slug = self.plan.slug
        if (await self.request(tab, slug, "visit", "", tab.visit(slug))).status != "ok":
            return
        await asyncio.sleep(min(self.think(), max(0.0, self.time_left())))
        if (await self.request(tab, slug, "play", self.plan.play, tab.move(self.plan.play, True))).status != "ok":
            return
        while self.time_left() > 0 and not self.fatal and tab.auto_reruns:
            fragment_id, interval = next(iter(tab.auto_reruns.items()))
            await asyncio.sleep(interval)  # the browser's timer; a slow tick delays the next one
            await self.request(tab, slug, "tick", "", tab.tick(fragment_id))
        await asyncio.sleep(max(0.0, self.time_left()))  # a refused or stopped trainer keeps its tab open
