"""Scenario files name real pages and controls; the report's percentiles agree with NumPy's."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.registry import all_pages, page
from loadtest.protocol import RunResult
from loadtest.report import error_stats, latency_stats, percentile
from loadtest.scenario import SCENARIOS, load
from loadtest.student import Record


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.toml")), ids=lambda p: p.stem)
def test_every_scenario_names_real_pages_and_widget_keys(path):
    scenario = load(path)
    slugs = {p.slug for p in all_pages()}
    for plan in scenario.pages + scenario.live:
        assert plan.slug in slugs
    for plan in scenario.pages:
        source = page(plan.slug).path.read_text()
        for move in plan.moves:
            assert f'key="{move.key}"' in source, (plan.slug, move.key)
    for plan in scenario.live:  # Play buttons are made by dashboard.live.transport(prefix): key <prefix>_play
        assert plan.play.endswith("_play")
        assert f'live.transport("{plan.play.removesuffix("_play")}"' in page(plan.slug).path.read_text()


def test_live_students_are_at_most_half_of_a_step():
    scenario = load("class")
    assert [scenario.live_count(n) for n in (1, 5, 10, 20, 50)] == [0, 2, 5, 5, 5]


@given(st.lists(st.floats(0, 1e5, allow_nan=False), min_size=1, max_size=200), st.sampled_from([50, 95, 99]))
def test_percentile_matches_numpy_linear(values, q):
    assert percentile(values, q) == pytest.approx(np.percentile(np.array(values, np.float64), q), abs=1e-6)


def _record(status, latency=0.1, page="p", kind="move"):
    return Record(0, page, kind, "w", 0.0, RunResult(latency, 3, 100, status, [] if status == "ok" else ["x"]))


def test_errors_count_exceptions_drops_and_timeouts_and_latency_skips_them():
    records = [_record("ok", 0.2), _record("ok", 0.4), _record("exception", 0.3), _record("dropped"),
               _record("timeout", 30.0)]
    errors = error_stats(records)
    assert (errors["exceptions"], errors["dropped"], errors["timeouts"], errors["total"]) == (1, 1, 1, 3)
    stats = latency_stats(records)
    assert stats["count"] == 3 and stats["max_ms"] == pytest.approx(400)
