"""The benchmark harness's own logic: rows and their goals, the table, results.json, robustness to broken pages.

No timing here: the figures themselves are measured by `make bench`.
"""

from __future__ import annotations

import json
import math
import sys
import types
from types import SimpleNamespace

import pytest

from bench import bench_pages as bp
from bench import browser, runner
from bench.common import Row, below, faster
from dashboard.registry import GROUPS, all_pages
from devtools.chromium import ChromiumNotFound

BASELINE = "public Streamlit GD visualiser (2.9 s, 2.4 MB)"


# ---------------------------------------------------------------- rows and goals

def test_derivatives_pages_have_the_100_ms_goal_and_the_others_300():
    derivatives = {spec.slug for spec in GROUPS["Derivatives"]}
    assert derivatives == {"rate_of_change", "tangent_line", "extrema", "higher_order", "chain_rule"}
    for spec in all_pages():
        assert bp.rerun_goal_ms(spec.slug) == (100 if spec.slug in derivatives else 300)


def test_rerun_row_is_the_median_in_ms_against_the_page_goal():
    seconds = [0.050] * 10 + [0.070] * 9 + [5.0]  # 20 reruns, one outlier
    row = bp.rerun_row("tangent_line", seconds)
    assert (row.name, row.unit, row.goal) == ("rerun tangent_line", "ms", "< 100 ms")
    assert row.value == pytest.approx(60.0)
    assert row.passed is True
    assert (row.baseline, row.ratio) == (None, None)
    slow = bp.rerun_row("descent_1d", [0.4] * 20)
    assert slow.goal == "< 300 ms" and slow.passed is False


def test_fewer_reruns_are_said_in_the_goal():
    row = bp.rerun_row("gradient_field", [0.2, 0.25, 0.21, 0.22, 0.3])
    assert row.goal == "< 300 ms (median of 5)"
    assert row.value == pytest.approx(220.0)
    assert row.passed is True


@pytest.mark.parametrize(("single", "expected"), [
    (0.001, 20), (0.05, 20), (0.1, 20), (0.2, 10), (0.4, 5), (3.0, 5), (float("nan"), 20), (0.0, 20)])
def test_rerun_count_keeps_20_unless_a_rerun_is_slow(single, expected):
    assert bp.rerun_count(single, budget_s=2.0) == expected


def test_interaction_row_compares_with_the_named_baseline():
    row = bp.interaction_row("descent_1d", 145.0)
    assert (row.name, row.unit, row.baseline, row.goal) == ("interaction descent_1d", "ms", BASELINE, "< 300 ms")
    assert row.ratio == pytest.approx(20.0)
    assert row.passed is True
    assert bp.interaction_row("descent_1d", 450.0).passed is False


def test_payload_row_compares_with_the_named_baseline():
    row = bp.payload_row("extrema", 48_000)
    assert (row.name, row.unit, row.baseline, row.goal) == ("payload extrema", "bytes", BASELINE, "< 300 KB")
    assert row.ratio == pytest.approx(50.0)
    assert row.passed is True
    assert bp.payload_row("extrema", 300_001).passed is False
    assert bp.payload_row("extrema", 0).ratio is None  # nothing received: no ratio, not a division by zero


def test_cold_start_row():
    row = bp.cold_start_row(4.2)
    assert (row.name, row.value, row.unit, row.passed) == ("cold start", 4.2, "s", True)
    assert bp.cold_start_row(12.0).passed is False


def test_failed_row_is_nan_and_failed(capsys):
    row = bp.failed_row("interaction jit", "ms", "< 300 ms", "TimeoutError: no answer")
    assert row.name == "interaction jit" and math.isnan(row.value) and row.passed is False
    assert "no answer" in capsys.readouterr().err


# ---------------------------------------------------------------- the shared table and results.json

def test_table_shows_value_goal_baseline_ratio_and_verdict():
    rows = [bp.interaction_row("jit", 290.0), bp.rerun_row("home", [0.4] * 20), Row("info", 3.0, "s")]
    lines = runner.table(rows).splitlines()
    assert lines[0] == "| benchmark | value | unit | baseline | ratio | goal | pass |"
    assert len(lines) == 2 + len(rows)
    assert lines[2] == f"| interaction jit | 290 | ms | {BASELINE} | 10.0x | < 300 ms | pass |"
    assert lines[3] == "| rerun home | 400 | ms |  |  | < 300 ms | FAIL |"
    assert lines[4] == "| info | 3 | s |  |  |  |  |"


def test_common_row_builders():
    assert below("x", 1.0, "ms", 2).goal == "< 2 ms"
    assert faster("y", 1.0, "ms", "numpy", 3.0, 10).passed is False


def test_results_json_is_a_list_of_five_key_records(tmp_path, monkeypatch):
    fake = types.ModuleType("bench.bench_fake")
    fake.run = lambda: [bp.rerun_row("home", [0.01] * 20), bp.payload_row("jit", 1200.0)]
    broken = types.ModuleType("bench.bench_broken")
    broken.run = lambda: 1 / 0
    monkeypatch.setitem(sys.modules, "bench.bench_fake", fake)
    monkeypatch.setitem(sys.modules, "bench.bench_broken", broken)
    monkeypatch.setattr(runner, "modules", lambda filters: ["bench_broken", "bench_fake"])
    monkeypatch.setattr(runner, "RESULTS", tmp_path / "results.json")
    monkeypatch.chdir(tmp_path)
    assert runner.main([]) == 0
    records = json.loads((tmp_path / "results.json").read_text())
    assert [r["name"] for r in records] == ["bench_broken (crashed)", "rerun home", "payload jit"]
    for record in records:
        assert set(record) == {"name", "value", "unit", "baseline", "ratio"}
    assert records[1] == {"name": "rerun home", "value": pytest.approx(10.0), "unit": "ms", "baseline": None,
                          "ratio": None}
    assert records[2]["baseline"] == BASELINE and records[2]["ratio"] == pytest.approx(2000.0)


# ---------------------------------------------------------------- browser helpers without a browser

@pytest.mark.parametrize(("value", "low", "high", "expected"), [
    (0.1, 0.0, 1.5, 1), (1.4, 0.0, 1.5, -1), (1.5, 0.0, 1.5, -1), (0.0, 0.0, 1.0, 1), (2, 0, 4, 1)])
def test_first_direction_heads_for_the_side_with_more_room(value, low, high, expected):
    assert browser.first_direction(value, low, high) == expected


def test_next_direction_bounces_only_at_an_end():
    assert browser.next_direction(1, 3, 0, 4) == 1
    assert browser.next_direction(1, 4, 0, 4) == -1
    assert browser.next_direction(-1, 0, 0, 4) == 1
    assert browser.next_direction(-1, 2, 0, 4) == -1
    assert browser.next_direction(1, 5, 5, 5) == 1  # a degenerate slider: no bouncing forever


def test_websocket_bytes_counts_text_as_utf8_and_binary_as_is():
    meter = browser.WebSocketBytes()
    meter.count(b"\x00\x01\x02")
    meter.count("ω=1")  # ω is two bytes in UTF-8
    assert meter.received == 3 + 4


def test_median_change():
    changes = [browser.Change(300, 10), browser.Change(100, 30), browser.Change(200, 20)]
    assert browser.median_change(changes) == browser.Change(200, 20)


# ---------------------------------------------------------------- robustness: a broken page is a failed row

class FakeAppTest:
    def __init__(self, sliders=1, select_sliders=0, exception=()):
        self.runs = 0
        self.slider = [SimpleNamespace(key=f"s{i}", label=f"Slider {i}") for i in range(sliders)]
        self.select_slider = [SimpleNamespace(key=None, label=f"Choice {i}") for i in range(select_sliders)]
        self.exception = list(exception)

    def run(self):
        self.runs += 1
        return self


def test_time_reruns_times_20_warm_reruns_and_sees_the_slider():
    at = FakeAppTest(sliders=1)
    result = bp.time_reruns("extrema", lambda slug: at)
    assert result.row.name == "rerun extrema" and result.row.passed is True
    assert result.row.goal == "< 100 ms"
    assert at.runs == 1 + 20  # one warm-up, then 20 timed
    assert result.has_slider is True
    assert result.slider == ("s0", "Slider 0")
    none = bp.time_reruns("jit", lambda slug: FakeAppTest(sliders=0))
    assert none.has_slider is False and none.slider is None


def test_the_slider_to_move_is_the_first_st_slider_else_the_first_select_slider():
    assert bp.slider_to_move(FakeAppTest(sliders=2, select_sliders=1)) == ("s0", "Slider 0")
    assert bp.slider_to_move(FakeAppTest(sliders=0, select_sliders=2)) == (None, "Choice 0")
    assert bp.slider_to_move(FakeAppTest(sliders=0)) is None


def test_time_reruns_turns_errors_into_failed_rows():
    def crash(slug):
        raise RuntimeError("boom")

    crashed = bp.time_reruns("jit", crash)
    assert crashed.row.passed is False and math.isnan(crashed.row.value) and crashed.has_slider is None
    shown = bp.time_reruns("jit", lambda slug: FakeAppTest(exception=[SimpleNamespace(value="bad")]))
    assert shown.row.name == "rerun jit" and shown.row.passed is False


def test_page_interaction_turns_browser_errors_into_two_failed_rows():
    def navigate(*args):
        raise TimeoutError("the page did not settle in time")

    rows = bp.page_interaction(None, "http://x", all_pages()[1], None, SimpleNamespace(navigate=navigate))
    assert [r.name for r in rows] == ["interaction rate_of_change", "payload rate_of_change"]
    assert all(r.passed is False and math.isnan(r.value) for r in rows)


def test_run_gives_every_page_a_rerun_row_and_visits_only_pages_that_may_have_a_slider(monkeypatch):
    sliders = {"descent_1d": True, "procurement": None}  # None: AppTest could not tell (page errored)
    monkeypatch.setattr(bp, "time_reruns", lambda slug, open_page: bp.Rerun(
        bp.rerun_row(slug, [0.01] * 20), sliders.get(slug, False),
        ("d1_lr", "Learning rate η") if sliders.get(slug) else None))
    visited = []

    def fake_browser_rows(specs, targets):
        assert targets == {"descent_1d": ("d1_lr", "Learning rate η")}
        visited.extend(spec.slug for spec in specs)
        return [bp.cold_start_row(3.0)] + [row for spec in specs for row in (
            bp.interaction_row(spec.slug, 100.0), bp.payload_row(spec.slug, 1e4))]

    monkeypatch.setattr(bp, "browser_rows", fake_browser_rows)
    rows = bp.run()
    assert visited == ["descent_1d", "procurement"]
    names = [r.name for r in rows]
    assert names[:len(all_pages())] == [f"rerun {spec.slug}" for spec in all_pages()]
    assert names[len(all_pages()):] == ["interaction descent_1d", "interaction procurement",
                                        "payload descent_1d", "payload procurement", "cold start"]


def test_without_chromium_every_figure_still_gets_a_failed_row(monkeypatch):
    def no_chromium():
        raise ChromiumNotFound("No Chromium found")

    monkeypatch.setattr(bp, "chromium_path", no_chromium)
    specs = [spec for spec in all_pages() if spec.slug in ("tangent_line", "jit")]
    rows = bp.browser_rows(specs)
    assert [r.name for r in rows] == ["cold start", "interaction tangent_line", "payload tangent_line",
                                      "interaction jit", "payload jit"]
    assert all(r.passed is False and math.isnan(r.value) for r in rows)


def test_failed_rows_are_written_as_json_null():
    import json

    from bench.common import Row

    row = Row("interaction x", float("nan"), "ms", ratio=float("inf"))
    assert json.loads(json.dumps(row.as_json(), allow_nan=False)) == {
        "name": "interaction x", "value": None, "unit": "ms", "baseline": None, "ratio": None}


def test_readme_table_replaces_only_the_marked_block():
    from bench.common import Row
    from bench.runner import BEGIN, END, with_table

    readme = f"# Title\n\n{BEGIN}\nold table\n{END}\n\nafter\n"
    out = with_table(readme, [Row("rerun home", 9.2, "ms", goal="< 300 ms", passed=True)], "note")
    assert out.startswith("# Title\n\n" + BEGIN + "\nnote\n")
    assert "| rerun home | 9.2 | ms |" in out and "old table" not in out
    assert out.endswith(f"{END}\n\nafter\n")


def test_help_lists_the_modules_and_runs_and_writes_nothing(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(runner, "RESULTS", tmp_path / "results.json")
    monkeypatch.setattr(runner.importlib, "import_module", lambda name: pytest.fail(f"imported {name}"))
    assert runner.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "python -m bench" in out and "bench_pages" in out and "bench_procurement" in out
    assert not (tmp_path / "results.json").exists()
