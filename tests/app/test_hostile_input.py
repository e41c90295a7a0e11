"""Hostile input, case by case: Markdown echoes stay literal, a bad seed in a link is refused in words, a
formula bomb is refused, a non-finite gradient is called so, and an unexpected error stays in its section."""

from __future__ import annotations

import logging
import re

import numpy as np
import pytest

from calc_core import article
from dashboard.kit import guard, markup
from tests.app.test_hostile_sweep import open_page, walk

EVIL = "[Session expired](http://evil)"
#: A Markdown inline link: ``[text](target)`` with the brackets and parentheses not backslash-escaped.
MARKDOWN_LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\((?!\\)")


def test_literal_escapes_every_markdown_and_html_character():
    text = markup.literal(EVIL + " <img src=x onerror=alert(1)> **bold** :red[x] $y$ `z` www.evil.example")
    assert MARKDOWN_LINK.search(text) is None
    # every Markdown-active character is preceded by a backslash: CommonMark renders each as itself
    assert all(f"\\{ch}" in text for ch in "[]()<>*`$:.")
    assert re.search(r"(?<!\\)[\[\]()<>*`$:_.!@]", text) is None
    assert re.search(r"https?:/|www\.|\w@\w", text.replace("\\", "")) is None  # no GFM autolink can form
    assert markup.literal("x" * 10_000).endswith("… (10,000 characters)")
    assert "\n" not in markup.literal("a\nb\r\nc")


def test_a_markdown_link_in_a_formula_from_a_link_is_echoed_literally():
    at = open_page("descent_1d", {"d1_formula": EVIL})
    assert not at.exception
    (error,) = [e.value for e in at.error if "Still showing the last good formula" in e.value]
    shown = error.replace(markup.WORD_JOINER, "")
    assert r"\[Session expired\]\(http\://evil\)" in shown  # shown as typed, each character escaped
    assert "http:" + markup.WORD_JOINER + "//" not in error and "http\\:" + markup.WORD_JOINER in error  # no autolink
    assert MARKDOWN_LINK.search(error) is None


def test_a_5000_digit_seed_in_a_link_is_refused_with_a_message():
    at = open_page("linear_regression", {"reg_seed": "9" * 5000})
    assert not at.exception
    assert at.session_state["reg_seed"] == article.REGRESSION_SEED
    (note,) = [w.value for w in at.warning if "This link asked for values" in w.value]
    assert "reg\\_seed" in note and "could not be used" in note and "(5,000 characters)" in note


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "1e308", "12.5e999"])
def test_bad_numbers_in_a_link_fall_back_with_a_message(value):
    at = open_page("neural_network", {"nn_seed": value})
    assert not at.exception
    assert at.session_state["nn_seed"] == article.MLP_SEED
    assert any("nn\\_seed" in w.value for w in at.warning)


def test_a_good_link_gets_no_message():
    at = open_page("gradient_field", {"gf_surface": "Rosenbrock", "gf_lr": "0.001"})
    assert not any("This link asked" in w.value for w in at.warning)


def test_a_power_tower_in_the_gradient_field_is_refused_in_words():
    at = open_page("gradient_field", {"gf_surface": "Your formula", "gf_formula": "9**9**9**9"})
    assert not at.exception
    assert any("too many powers stacked in exponents" in e.value for e in at.error)
    assert not any("Something went wrong" in e.value for e in at.error)


def test_an_overflowing_gradient_is_called_not_finite():
    at = open_page("gradient_field", {"gf_surface": "Your formula", "gf_formula": "exp(1000*x)"})
    assert not at.exception
    # at the default point (1, 2): ∂f/∂x = 1000·e^1000 overflows float32 (an independent float64 check)
    with np.errstate(over="ignore"):
        assert not np.isfinite(np.float32(1000 * np.exp(np.float64(1000))))
    assert any("The gradient ∇f is not finite here" in w.value for w in at.warning)
    assert not any("curved like a" in m.value for m in at.markdown)  # no classification of NaN eigenvalues


def test_the_jacobian_hessian_page_says_inf_is_not_finite():
    at = open_page("jacobian_hessian", {"jh_scalar": "exp(1000*x)"})
    assert not at.exception
    assert any("The Hessian or the gradient is not finite here" in w.value for w in at.warning)
    assert not any("|\\nabla f| = inf" in m.value for m in at.markdown)


@pytest.fixture
def fault():
    """Inject a fault into a named section through the test-only hook; always removed afterwards."""
    names: list[str] = []

    def inject(section: str) -> None:
        names.append(section)
        guard.FAULTS.add(section)

    yield inject
    for name in names:
        guard.FAULTS.discard(name)


@pytest.fixture
def app_log():
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("calculus_lab")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def test_an_error_in_one_section_leaves_the_rest_of_the_page_working(fault, app_log):
    fault("Partial derivatives")
    at = open_page("gradient_field")
    assert not at.exception
    (message,) = [e.value for e in at.error if "Something went wrong" in e.value]
    reference = re.search(r"reference \*\*([0-9a-f]{6})\*\*", message).group(1)
    assert "Partial derivatives" in message
    # the other tab's section still drew its charts, and the sidebar is there
    keys = {getattr(e.proto, "id", "") for e in walk(at._tree) if e.type == "plotly_chart"}
    assert any(k.endswith("gf_field_chart") for k in keys) and not any(k.endswith("gf_slice_x") for k in keys)
    assert at.toggle(key="presenter") is not None
    # the server log keeps the traceback under the same reference
    (record,) = [r for r in app_log if reference in r.getMessage()]
    assert record.exc_info is not None and "fault injected by a test" in str(record.exc_info[1])


def test_an_error_in_a_page_keeps_the_app_working(fault, app_log):
    fault("the page “Chain rule”")
    at = open_page("chain_rule")
    assert not at.exception
    assert any("Something went wrong" in e.value for e in at.error)
    assert at.toggle(key="presenter") is not None  # the router and its sidebar still run
    guard.FAULTS.clear()
    at.switch_page("views/descent_1d.py").run()  # and another page opens normally in the same session
    assert not at.exception and not at.error
