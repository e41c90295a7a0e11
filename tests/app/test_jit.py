"""jit page: live timings, the jaxpr, the recompilation table and the scan demo."""

from devtools.apptest import open_page
from tests.figure_spec import plotly_specs


def test_jit_page_times_eager_and_jit_and_shows_recompiles():
    at = open_page("jit")
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert labels == ["Eager step (median)", "Jitted step (median)", "Tracing (once)", "XLA compile (once)"]
    bars = plotly_specs(at)[0]["data"][0]
    assert list(bars["y"]) == ["eager step", "jitted step", "200 steps: loop of jit", "200 steps: one scan"]
    assert (bars["x"] > 0).all()
    assert "f32[100]" in at.code[0].value
    table = at.dataframe[0].value
    assert list(table["Traced and compiled?"]) == [True, False, True, True, False, True]


def bar_seconds(at) -> list[float]:
    """The four medians drawn in the timing chart (µs)."""
    return list(plotly_specs(at)[0]["data"][0]["x"])


def test_new_data_size_is_a_new_program():
    at = open_page("jit")
    at.select_slider(key="jit_n").set_value(500).run()
    assert "f32[500]" in at.code[0].value
    assert "(n = 500)" in plotly_specs(at)[0]["layout"]["title"]["text"]


def test_timings_are_shared_per_size_and_time_again_measures_anew():
    first = bar_seconds(open_page("jit"))
    other = open_page("jit")  # a second session sees the same measurement: no second timing loop
    assert bar_seconds(other) == first
    other.button(key="jit_again").click().run()
    again = bar_seconds(other)
    assert all(v > 0 for v in again)
    assert again != first  # new medians (float timings never repeat exactly)
