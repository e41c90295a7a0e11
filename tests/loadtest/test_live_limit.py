"""The cap on live trainers, against a real server (cap lowered to 2 through its environment variable).

Three tabs press Play on the linear-regression page: two train (the server sends their tick timers), the
third is told why it cannot and keeps Step; when a trainer pauses or its tab closes, Play works again.
"""

import asyncio

from devtools.server import started_server
from loadtest.protocol import Tab
from tests.loadtest.in_thread import run_async

PAGE, PLAY = "linear_regression", "reg_play"


def refused(result) -> bool:
    return any("already running 2 live trainings" in text for text in result.texts)


async def _class(base: str) -> dict:
    tabs = [Tab(base, timeout=120) for _ in range(3)]
    for tab in tabs:
        await tab.connect()
        await tab.visit(PAGE)
    a, b, c = tabs
    seen = {"a": await a.move(PLAY, True), "b": await b.move(PLAY, True), "c": await c.move(PLAY, True)}
    seen["timers"] = [bool(t.auto_reruns) for t in tabs]
    await a.move(PLAY, True)  # a pauses: its slot is free
    seen["c_again"] = await c.move(PLAY, True)
    seen["c_timers"] = bool(c.auto_reruns)
    await b.close()  # b's tab closes while training: its slot is free too
    await asyncio.sleep(1)  # the server handles the closed socket
    seen["a_again"] = await a.move(PLAY, True)
    seen["a_timers"] = bool(a.auto_reruns)
    for tab in (a, c):
        await tab.close()
    return seen


def test_play_beyond_the_cap_is_refused_with_a_message_and_freed_by_pause_or_closing():
    with started_server(env={"CALCULUS_LAB_MAX_LIVE_TRAINERS": "2"}) as (base, _pid):
        seen = run_async(asyncio.wait_for(_class(base), 600))
    assert seen["a"].status == seen["b"].status == seen["c"].status == "ok"
    assert not refused(seen["a"]) and not refused(seen["b"]) and refused(seen["c"])
    assert seen["timers"] == [True, True, False]
    assert not refused(seen["c_again"]) and seen["c_timers"]
    assert not refused(seen["a_again"]) and seen["a_timers"]
