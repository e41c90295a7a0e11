"""A short class against the real app (loadtest/scenarios/smoke.toml): 5 students for 20 s, 2 training live.

Asserts that nothing broke (no exception in a page, no dropped socket, no timeout) and that the students'
requests completed; never a latency (speed goes to `make loadtest` and the README).
"""


from devtools.server import started_server
from loadtest.campaign import campaign
from loadtest.scenario import load
from tests.loadtest.in_thread import run_async


def test_five_students_for_twenty_seconds_see_no_errors():
    scenario = load("smoke")
    with started_server() as (base, pid):
        out = run_async(campaign(base, [pid], scenario, [5], seed=1))
    (step,) = out["steps"]
    assert step["students"] == 5 and step["live"] == 2
    assert step["errors"]["total"] == 0, step["errors"]["examples"]
    assert step["interactions"]["count"] >= 5  # every student opened at least one page (moves: when time
    # allows; on a busy shared machine a first visit can take most of the 20 s, so their count is not asserted)
    assert step["bytes_per_s"] > 0 and step["rss_mb_loaded"] > 0
