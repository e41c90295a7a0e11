"""dashboard.ui: a bad formula shows its message and the last good formula stays in use."""

from streamlit.testing.v1 import AppTest


def formula_app():
    import streamlit as st

    from dashboard import ui

    f, error = ui.formula_input("f(x) =", key="formula", default="x^2")
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
    from dashboard import ui

    ui.replica_footer()


def test_replica_footer_names_the_replica_only_behind_the_launcher(monkeypatch):
    monkeypatch.delenv("CALCULUS_LAB_REPLICA", raising=False)
    assert not AppTest.from_function(footer_app, default_timeout=60).run().caption
    monkeypatch.setenv("CALCULUS_LAB_REPLICA", "3")  # what scripts/run_replicas.py sets for replica 3
    at = AppTest.from_function(footer_app, default_timeout=60).run()
    assert [c.value for c in at.caption] == ["Served by replica 3"]
