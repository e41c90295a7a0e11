"""Formulas whose repeated-grad programs would compile for minutes (issue 10): the derivative pages compute them
in Taylor mode and say so, or say which orders they did not compute; never a hang, never a traceback.

Expected values come from tests/oracle.py (independent float64 Taylor series) or closed forms.
"""

import numpy as np
import pytest

from calc_core import derivatives as d
from calc_core.expr import parse_function
from devtools.apptest import open_page
from tests import oracle

PRODUCT13 = "*".join(["sin(x)"] * 13)


def texts(at) -> str:
    return " ".join([c.value for c in at.caption] + [i.value for i in at.info] + [w.value for w in at.warning])


def higher_order(formula: str, order: int, degree: int):
    at = open_page("higher_order")
    at.text_input(key="ho_formula").set_value(formula).run()
    at.slider(key="ho_order").set_value(order).run()
    at.number_input(key="ho_point").set_value(0.7).run()
    at.slider(key="ho_degree").set_value(degree).run()
    assert not at.exception
    return at


def test_a_13_factor_product_gets_its_order_six_table_from_taylor_mode_and_the_page_says_so():
    at = higher_order(PRODUCT13, 6, 6)
    values = at.dataframe[0].value.iloc[:, 1].to_numpy(np.float64)
    want = oracle.derivatives(PRODUCT13, float(np.float32(0.7)))
    assert len(values) == 7
    np.testing.assert_allclose(values, want, rtol=1e-3, atol=1e-4 * np.abs(want).max())
    assert "Taylor mode" in texts(at) and "not computed" not in texts(at)


def test_orders_over_the_budget_are_not_computed_and_the_page_says_which(monkeypatch):
    monkeypatch.setattr(d, "TAYLOR_BUDGET", 10)  # no Taylor-mode program fits: repeated grad's orders only
    formula = PRODUCT13 + " + 0*x"  # a formula no earlier test cached a decision for
    at = higher_order(formula, 6, 6)
    top = d.highest_order(parse_function(formula))  # the page's decision (same text, same cached function)
    assert 1 <= top < 6
    assert f"Derivatives above order {top} are not computed for this formula" in texts(at)
    assert len(at.dataframe[0].value) == top + 1  # the table stops where the computation stopped
    want = oracle.derivatives(PRODUCT13, float(np.float32(0.7)))[: top + 1]
    np.testing.assert_allclose(at.dataframe[0].value.iloc[:, 1].to_numpy(np.float64), want, rtol=1e-3,
                               atol=1e-4 * np.abs(want).max())
    assert f"Showing degree {max(top - 2, 0)} instead of 6" in texts(at)


@pytest.mark.parametrize("formula", [PRODUCT13, "x^x^x"])
def test_the_extrema_page_classifies_costly_formulas(formula):
    """sin¹³ on [0.5, 2.5]: one maximum at π/2 with f″ = −13 (closed form); x^x^x on [0.2, 1]: f′ > 0 there,
    no critical point (x^x^x rises from 0.2 to 1, oracle slope checks)."""
    at = open_page("extrema")
    interval = (0.5, 2.5) if formula == PRODUCT13 else (0.2, 1.0)
    at.text_input(key="ext_formula_0").set_value(formula).run()
    at.slider(key="ext_range_0").set_value(interval).run()
    assert not at.exception
    if formula == PRODUCT13:
        table = at.dataframe[0].value
        assert list(table["kind"]) == ["global maximum"]
        assert table["x"].iloc[0] == pytest.approx(np.pi / 2, abs=1e-3)
        assert float(table["f″(x)"].iloc[0]) == pytest.approx(-13.0, rel=1e-3)
    else:
        slopes = [oracle.derivatives(formula, x)[1] for x in np.linspace(0.2, 1.0, 9)]
        assert min(slopes) > 0
        assert "No critical point" in texts(at)
