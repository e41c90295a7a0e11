"""The load generator's protocol code against a real `streamlit run` of a tiny app (tests/loadtest/tiny_app.py).

Each assertion checks what the server drew back (the app echoes its widget values), so a wrong widget id,
value encoding or page hash fails here rather than silently measuring nothing.
"""

import asyncio
import re
from pathlib import Path

import pytest

from devtools.server import started_server
from loadtest.protocol import Tab, check_loopback
from tests.loadtest.in_thread import run_async

TINY = Path(__file__).with_name("tiny_app.py")


@pytest.fixture(scope="module")
def base():
    with started_server(app=TINY) as (url, _pid):
        yield url


def run(coro):
    return run_async(asyncio.wait_for(coro, 120))


def echo(result) -> str:
    return next(t for t in result.texts if t.startswith("echo "))


def test_first_visit_draws_every_widget_and_reports_cost(base):
    async def go():
        async with Tab(base) as tab:
            result = await tab.visit("")
            return result, tab
    result, tab = run(go())
    assert result.status == "ok" and not result.exceptions
    assert result.messages > 5 and result.bytes > 500 and result.latency > 0
    assert {w.key for w in tab.widgets.values()} == {"x", "ratio", "pick", "level", "n", "flag", "live", "boom",
                                                       "slow"}
    assert tab.page_hash and tab.session_id
    assert echo(result) == "echo x=3 ratio=0.25 pick=a level=mid n=7 flag=False"


def test_moves_of_every_widget_kind_reach_the_script_and_earlier_moves_persist(base):
    async def go():
        async with Tab(base) as tab:
            await tab.visit("")
            return [echo(await tab.move(key, value)) for key, value in
                    [("x", 8), ("ratio", 0.6), ("pick", "c"), ("level", "high"), ("n", 42), ("flag", True)]]
    echoes = run(go())
    assert echoes[0] == "echo x=8 ratio=0.25 pick=a level=mid n=7 flag=False"
    assert echoes[-1] == "echo x=8 ratio=0.6 pick=c level=high n=42 flag=True"


def test_choices_are_the_values_the_widget_offers(base):
    async def go():
        async with Tab(base) as tab:
            await tab.visit("")
            return {key: tab.widget(key).choices() for key in ("x", "pick", "level", "flag")}
    choices = run(go())
    assert choices["x"] == [float(i) for i in range(11)]
    assert choices["pick"] == ["a", "b", "c"] and choices["level"] == ["low", "mid", "high"]
    assert set(choices["flag"]) == {True, False}


def test_an_exception_in_the_script_is_an_error(base):
    async def go():
        async with Tab(base) as tab:
            await tab.visit("")
            return await tab.move("boom", True), await tab.rerun()
    boom, after = run(go())
    assert boom.status == "exception" and boom.exceptions
    assert after.status == "ok"  # the button's trigger was sent once, not kept


def test_a_run_slower_than_the_timeout_is_a_timeout(base):
    async def go():
        async with Tab(base) as tab:
            await tab.visit("")
            tab.timeout = 1.0  # the button sleeps 3 s
            return await tab.move("slow", True)
    assert run(go()).status == "timeout"


def test_a_live_fragment_registers_its_timer_and_ticks_run_only_the_fragment(base):
    async def go():
        async with Tab(base) as tab:
            await tab.visit("")
            started = await tab.move("live", True)
            timers = dict(tab.auto_reruns)
            fragment_id = next(iter(timers))
            ticks = [await tab.tick(fragment_id) for _ in range(3)]
            stopped = await tab.move("live", False)
            return started, timers, ticks, stopped, dict(tab.auto_reruns)
    started, timers, ticks, stopped, timers_after = run(go())
    assert list(timers.values()) == [pytest.approx(0.2)]
    counts = [int(re.fullmatch(r"ticks=(\d+)", t.texts[0]).group(1)) for t in ticks]
    assert counts == [counts[0], counts[0] + 1, counts[0] + 2]
    assert all(not any(x.startswith("echo ") for x in t.texts) for t in ticks)  # only the fragment ran
    assert timers_after == {}


@pytest.mark.parametrize("url", ["http://example.com:8501", "http://10.0.0.5:8501", "https://127.0.0.1:8501",
                                 "http://127.0.0.1", "ftp://localhost:21"])
def test_only_servers_on_this_machine_are_targets(url):
    with pytest.raises(ValueError, match="refusing"):
        check_loopback(url)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8501", "http://localhost:80", "http://[::1]:8501"])
def test_loopback_urls_are_accepted(url):
    assert check_loopback(url)[1] in {8501, 80}
