"""Run a coroutine to its end from a synchronous test, whatever loop the main thread has."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def run_async(coro: Coroutine[object, object, T]) -> T:
    """``asyncio.run`` in a thread of its own: in one ``pytest tests`` run, Playwright's sync API (the e2e
    tests) leaves an event loop running in the main thread, where ``asyncio.run`` refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
