"""Property tests for the price reader and the solvers (hypothesis; 100 examples each in `make test`, 2,000 in
`make fuzz`).

- The reader returns a frame or raises PriceDataError, never another exception: on arbitrary bytes and on
  valid files with bytes inserted, deleted, replaced or lines duplicated.
- One table written with any delimiter, line ending, thousands style, date rendering (dd.mm, mm/dd, ISO;
  a day above 12 somewhere) and row order reads to the same frame: the true one.
- The split does not depend on the unit: prices × 10^k (k in −20..20) give the weights of a float64 NumPy
  brute force over every support set, computed on the unscaled prices.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from calc_core import procurement as P
from calc_core.procurement import PriceDataError, read_price_files, read_prices


def check_frame(prices: pd.DataFrame) -> None:
    """What any accepted file must give: ≥ 3 rows of ≥ 2 suppliers, finite positive float64 prices."""
    values = prices.to_numpy()
    assert prices.shape[0] >= 3 and prices.shape[1] >= 2 and values.dtype == np.float64
    assert np.isfinite(values).all() and (values > 0).all()


# --- a frame or a PriceDataError -------------------------------------------------------------------------
@given(data=st.binary(max_size=3000))
def test_arbitrary_bytes_give_a_frame_or_a_price_error(data):
    with contextlib.suppress(PriceDataError):
        check_frame(read_prices(data))


VALID = [
    b"date;A;B\n13.01.2024;1.234,50;2\n02.02.2024;1.300;3,5\n01.03.2024;1.250;4\n",
    b"date,supplier,price\n2024-01-01T00:00:00+01:00,A,1.5\n2024-01-01,B,2\n2024-01-02,A,3\n2024-01-02,B,4\n"
    b"2024-01-03,A,5\n2024-01-03,B,\"1,234.5\"\n",
    b"Week\tA\tB\tC\n01/02/2024\t1\t2\t3\n01/30/2024\t$4\t5\t6\n02/02/2024\t7\t8\tNA\n03/03/2024\t1'234.5\t2\t3\n",
    b"A,B\r1,2\r3,4\r5,6\r",
]
NASTY = [b",", b";", b"\t", b"\r", b"\n", b"\r\n", b'"', b"'", b".", b",", b"-", b"+", b"e", b"0", b"9", b"13",
         b"\xe2\x82\xac", b"$", b" ", b"NA", b"\xff", b"\x00", b"\xc3", b"=", b"date", b"2024-13-45", b"31.02."]
mutation = st.tuples(st.sampled_from(["insert", "delete", "replace", "duplicate"]), st.floats(0, 1),
                     st.sampled_from(NASTY))


def mutate(data: bytes, edits: list[tuple[str, float, bytes]]) -> bytes:
    for kind, where, chunk in edits:
        i = int(where * len(data))
        if kind == "insert":
            data = data[:i] + chunk + data[i:]
        elif kind == "delete":
            data = data[:i] + data[i + len(chunk):]
        elif kind == "replace":
            data = data[:i] + chunk + data[i + len(chunk):]
        else:
            lines = data.split(b"\n")
            j = int(where * (len(lines) - 1))
            data = b"\n".join(lines[: j + 1] + lines[j:])
    return data


@given(base=st.sampled_from(VALID), edits=st.lists(mutation, min_size=1, max_size=6),
       other=st.sampled_from(VALID))
def test_mutated_valid_files_give_a_frame_or_a_price_error(base, edits, other):
    broken = mutate(base, edits)
    for read in (lambda: read_prices(broken), lambda: read_price_files({"x.csv": broken, "y.csv": other})):
        with contextlib.suppress(PriceDataError):
            check_frame(read())


# --- the same table in every rendering reads the same -------------------------------------------------
STYLES = {  # name: (thousands separator, decimal mark)
    "plain": ("", "."), "plain comma": ("", ","), "comma groups": (",", "."), "dot groups": (".", ","),
    "space groups": (" ", ","), "apostrophe groups": ("'", "."),
}
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y"]


def number(cents: int, style: str, whole_short: bool) -> str:
    """A price of ``cents`` written in ``style``; whole prices without decimals when ``whole_short``."""
    thousands, decimal = STYLES[style]
    text = f"{cents // 100:,}".replace(",", thousands)
    return text if whole_short and cents % 100 == 0 else f"{text}{decimal}{cents % 100:02d}"


cents_values = st.integers(100, 10**9).map(lambda c: c - c % 100 if c % 3 else c)  # many whole prices
tables = st.integers(3, 10).flatmap(lambda t: st.integers(2, 4).flatmap(lambda n: st.tuples(
    st.lists(st.lists(cents_values, min_size=n, max_size=n), min_size=t, max_size=t),
    st.lists(st.integers(0, 3650), min_size=t, max_size=t, unique=True),  # distinct days from 2015-01-01
    st.permutations(range(t)))))


@given(table=tables, style=st.sampled_from(sorted(STYLES)), delimiter=st.sampled_from([",", ";", "\t"]),
       newline=st.sampled_from(["\n", "\r\n", "\r"]), date_format=st.sampled_from(DATE_FORMATS),
       long=st.booleans(), whole_short=st.booleans(), bom=st.booleans())
def test_every_rendering_of_a_table_reads_to_the_same_frame(table, style, delimiter, newline, date_format, long,
                                                           whole_short, bom):
    cents, days, order = table
    cents = np.array(cents, dtype=np.int64)
    cents[0, 0] += 1 if cents[0, 0] % 100 == 0 else 0  # one price with cents: the decimal mark is in evidence
    dates = pd.Timestamp("2015-01-01") + pd.to_timedelta(days, unit="D")
    assume(any(d.day > 12 for d in dates))  # the date order is in evidence
    names = [f"S{j}" for j in range(cents.shape[1])]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    if long:
        writer.writerow(["date", "supplier", "price"])
        writer.writerows([dates[t].strftime(date_format), names[j], number(int(cents[t, j]), style, whole_short)]
                         for t in order for j in range(len(names)))
    else:
        writer.writerow(["date", *names])
        writer.writerows([dates[t].strftime(date_format)] + [number(int(c), style, whole_short) for c in cents[t]]
                         for t in order)
    prices = read_prices(("\ufeff" if bom else "").encode() + out.getvalue().encode())
    truth = pd.DataFrame(cents / 100.0, index=pd.DatetimeIndex(dates, name="date"), columns=names).sort_index()
    pd.testing.assert_frame_equal(prices, truth, check_freq=False, check_index_type=False)
    assert prices.attrs["open"] == []  # everything was settled by evidence


# --- solvers do not see the unit -------------------------------------------------------------------------
def brute_force_weights(prices: np.ndarray) -> tuple[np.ndarray, float]:
    """Long-only minimum-variance weights by trying every support set (float64 NumPy): (weights, variance)."""
    cov = np.cov(prices, rowvar=False, bias=True)
    n = cov.shape[0]
    best, best_value = None, np.inf
    for size in range(1, n + 1):
        for support in itertools.combinations(range(n), size):
            s = list(support)
            kkt = np.block([[2 * cov[np.ix_(s, s)], np.ones((size, 1))], [np.ones((1, size)), np.zeros((1, 1))]])
            w_s = np.linalg.lstsq(kkt, np.r_[np.zeros(size), 1.0], rcond=None)[0][:size]
            if w_s.min() < -1e-12 or abs(w_s.sum() - 1) > 1e-9:
                continue
            w = np.zeros(n)
            w[s] = np.clip(w_s, 0, None) / np.clip(w_s, 0, None).sum()
            value = float(w @ cov @ w)
            if value < best_value - 1e-15 * np.trace(cov):
                best, best_value = w, value
    return best, best_value


price_matrices = st.integers(4, 40).flatmap(lambda t: st.integers(2, 4).flatmap(lambda n: st.lists(
    st.lists(st.floats(1.0, 1000.0, allow_nan=False).map(lambda v: round(v, 2)), min_size=n, max_size=n),
    min_size=t, max_size=t)))


@given(rows=price_matrices, k=st.integers(-20, 20))
def test_weights_do_not_depend_on_the_unit(rows, k):
    prices = np.array(rows)
    cov = np.cov(prices, rowvar=False, bias=True)
    assume(np.trace(cov) > 0)
    expected, best = brute_force_weights(prices)
    weights = P.min_variance_weights(pd.DataFrame(prices * 10.0**k))
    assert np.isfinite(weights).all() and weights.min() >= 0 and weights.sum() == pytest.approx(1.0)
    assert weights @ cov @ weights <= best + 1e-9 * np.trace(cov)  # as low a variance as the oracle's
    eig = np.linalg.eigvalsh(cov)
    if eig.min() > 1e-6 * eig.max():  # strictly convex: the optimum is unique
        np.testing.assert_allclose(weights, expected, atol=1e-5)


@given(rows=price_matrices, k=st.integers(-20, 20))
def test_two_supplier_omega_does_not_depend_on_the_unit(rows, k):
    a, b = np.array(rows)[:, 0], np.array(rows)[:, 1]
    cov = np.cov(np.stack([a, b]), bias=True)
    curvature = cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]
    assume(curvature > 0.05 * (cov[0, 0] + cov[1, 1]))  # float32 resolves ω* to ~1e-4 here
    expected = np.clip((cov[1, 1] - cov[0, 1]) / curvature, 0, 1)
    sa, sb = a * 10.0**k, b * 10.0**k
    for scale in (P.price_scale(sa, sb), 1.0):  # with the page's common scale, and without any
        pa, mask = P.pad(sa, scale)
        pb, _ = P.pad(sb, scale)
        omega = float(P.closed_form_omega(pa, pb, mask)[1])
        assert omega == pytest.approx(expected, abs=2e-3)
        assert float(P.projected_descent(0.5, 1.0, pa, pb, mask)[-1]) == pytest.approx(expected, abs=2e-3)


@pytest.mark.parametrize("spread", [1e3, 1e6])
def test_a_supplier_in_a_much_larger_unit_does_not_flatten_the_others(spread):
    """One supplier's prices swing 10⁶× more than the others': the split among the others is still exact
    (it fell back to 0.5/0.5 when a scale-dependent null-space test mistook them for collinear)."""
    rng = np.random.default_rng(1)
    prices = np.c_[1e7 + spread * rng.standard_normal(200), 100 + rng.standard_normal(200),
                   100 + 3 * rng.standard_normal(200)]
    expected, _ = brute_force_weights(prices)
    np.testing.assert_allclose(P.min_variance_weights(pd.DataFrame(prices)), expected, atol=1e-6)
