"""dashboard.kit: a bad formula shows its message and the last good formula stays in use."""

from streamlit.testing.v1 import AppTest


def formula_app():
    import streamlit as st

    from dashboard.kit import inputs

    f, error = inputs.formula_input("f(x) =", key="formula", default="x^2")
    st.markdown(f"value:{float(f(3.0))}")


def test_bad_formula_keeps_the_last_good_one():
    at = AppTest.from_function(formula_app, default_timeout=60).run()
    assert at.markdown[0].value == "value:9.0"
    at.text_input(key="formula").set_value("x^3").run()
    assert at.markdown[0].value == "value:27.0" and not at.error
    at.text_input(key="formula").set_value("x^3 +").run()
    assert "malformed" in at.error[0].value
    assert at.markdown[0].value == "value:27.0"  # the last good formula, not the default
    assert not at.exception


def test_bad_first_formula_falls_back_to_the_default():
    at = AppTest.from_function(formula_app, default_timeout=60)
    at.session_state["formula"] = "y + 1"
    at.run()
    assert "unknown name 'y'" in at.error[0].value
    assert at.markdown[0].value == "value:9.0"


def footer_app():
    from dashboard.kit import chrome

    chrome.replica_footer()


def test_replica_footer_names_the_replica_only_behind_the_launcher(monkeypatch):
    monkeypatch.delenv("CALCULUS_LAB_REPLICA", raising=False)
    assert not AppTest.from_function(footer_app, default_timeout=60).run().caption
    monkeypatch.setenv("CALCULUS_LAB_REPLICA", "3")  # what scripts/run_replicas.py sets for replica 3
    at = AppTest.from_function(footer_app, default_timeout=60).run()
    assert [c.value for c in at.caption] == ["Served by replica 3"]


def transport_app():
    import streamlit as st

    from dashboard.kit import live

    live.transport("t", "Speed", (1, 2), 1)
    for _ in range(st.session_state.get("deliveries", 0)):  # one click's callback, delivered again
        live._set_running("t", st.session_state["intent"])
    st.markdown(f"running:{live.is_running('t')} trainers:{live.live_trainers()}")


def test_play_and_pause_delivered_twice_still_mean_play_and_pause():
    """Streamlit can run a click's callback twice when it lands during a fragment tick: a toggle would undo it.
    (Other tests' sessions may hold trainer slots in this process: counts are read relative to the start.)"""
    at = AppTest.from_function(transport_app, default_timeout=60).run()
    base = int(at.markdown[0].value.split("trainers:")[1])
    at.button(key="t_play").click().run()
    assert at.markdown[0].value == f"running:True trainers:{base + 1}" and at.button(key="t_play").label == "Pause"
    at.session_state["deliveries"], at.session_state["intent"] = 1, True
    at.run()  # Play again while playing: still one slot for this session
    assert at.markdown[0].value == f"running:True trainers:{base + 1}"
    at.session_state["intent"] = False
    at.button(key="t_play").click().run()  # Pause, and its echo
    assert at.markdown[0].value == f"running:False trainers:{base}"
    at.session_state["deliveries"] = 0
    at.run()
    assert at.button(key="t_play").label == "Play"
