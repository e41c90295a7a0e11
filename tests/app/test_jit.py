"""jit page: live timings, the jaxpr, the recompilation table and the scan demo."""

from tests.app.conftest import open_page
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


def test_new_data_size_is_a_new_program():
    at = open_page("jit")
    at.select_slider(key="jit_n").set_value(500).run()
    assert "f32[500]" in at.code[0].value
    assert at.session_state["jit_timing"]["n"] == 500


def test_timings_are_shared_per_size_and_time_again_measures_anew():
    at = open_page("jit")
    first = at.session_state["jit_timing"]
    other = open_page("jit")  # a second session sees the same measurement: no second timing loop
    assert other.session_state["jit_timing"] is first or other.session_state["jit_timing"] == first
    other.button(key="jit_again").click().run()
    again = other.session_state["jit_timing"]
    assert again["n"] == first["n"] and again["eager"] > 0
    assert again is not first and again != first  # new medians (float timings never repeat exactly)
