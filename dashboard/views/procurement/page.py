"""Procurement split: supplier price files, the ω slider over L(ω) and dL/dω, and the minimum-variance split."""

import numpy as np
import pandas as pd
import streamlit as st

from calc_core import exports
from calc_core import procurement as P
from calc_core.article import PRICES_A, PRICES_B
from calc_core.pages import procurement as model
from dashboard.figures import procurement as figs
from dashboard.kit import chrome, guard, inputs, links, markup, predict
from dashboard.kit.page import PageSpec
from dashboard.kit.script import Values, render_script
from dashboard.views.procurement import analyst

DATE_ORDERS = {"day-first (dd.mm)": True, "month-first (mm.dd)": False}
DECIMAL_MARKS = {"',' decimal comma (1.234 = 1234)": ",", "'.' decimal point (1.234 = 1.234)": "."}


@st.cache_data(max_entries=32, show_spinner=False)
def load(files: tuple[tuple[str, bytes], ...], sheets: tuple[tuple[str, str], ...], dayfirst: bool | None,
         decimal: str | None) -> tuple[pd.DataFrame, dict]:
    prices = P.read_price_files(dict(files), dict(sheets), dayfirst=dayfirst, decimal=decimal)
    return prices, dict(prices.attrs)


@st.cache_data(max_entries=32, show_spinner=False)
def workbook_sheets(data: bytes) -> list[str]:
    """A workbook's sheets shaped like price tables ([] when it cannot be read: loading says why)."""
    try:
        return P.price_sheets(data)
    except P.PriceDataError:
        return []


@st.cache_data(max_entries=32, show_spinner="Resampling 1,000 times ...")
def bootstrap(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return P.bootstrap_prices(a, b, seed=0)


def article_prices() -> tuple[pd.DataFrame, dict]:
    prices = pd.DataFrame({"Supplier A": PRICES_A, "Supplier B": PRICES_B},
                          index=pd.RangeIndex(1, 11, name="period"))
    return prices, {"rows_read": 10, "rows_dropped": 0, "sources": ["the article's prices (default)"]}


def price_source() -> tuple[pd.DataFrame, dict, tuple[tuple[str, bytes], ...]]:
    """The uploaded files (or the article's prices), read as one table; returns ``(prices, info, files)``."""
    uploads = st.file_uploader("Supplier price files (CSV: wide or long, `,` `;` or tab; Excel .xlsx/.xlsm or "
                               "OpenDocument .ods; one or several files)",
                               type=["csv", "tsv", "txt", "xlsx", "xlsm", "ods"], accept_multiple_files=True,
                               key="price_files")
    files = tuple((f.name, f.getvalue()) for f in uploads or ())
    sheets = tuple((name, st.selectbox(f"Sheet of {name}", options, key=f"sheet:{name}"))
                   for name, options in ((name, workbook_sheets(blob)) for name, blob in files
                                         if P.is_spreadsheet(name)) if len(options) > 1)
    # The switches below (shown only when a file leaves its date order or decimal mark open) feed the reader.
    dayfirst = DATE_ORDERS.get(st.session_state.get("date_order"))
    decimal = DECIMAL_MARKS.get(st.session_state.get("decimal_mark"))
    data, error = inputs.last_good("procurement:prices",
                               lambda: load(files, sheets, dayfirst, decimal) if files else article_prices(),
                               errors=(P.PriceDataError,))
    if error:
        st.error(f"{markup.literal(error, limit=400)} Still showing the last good data.",
                 icon=":material/error:")
    prices, info = data or article_prices()
    return prices, info, files


def reading_notes(prices: pd.DataFrame, info: dict) -> None:
    """What was read, and the date-order and decimal-mark switches when the file leaves them open."""
    sources = ", ".join(markup.name(source) for source in info["sources"])  # file names, shown as typed
    st.caption(f"Using {sources}: {len(prices):,} complete rows, {prices.shape[1]} suppliers."
               + (f" {info['rows_dropped']:,} row{'s' * (info['rows_dropped'] != 1)} with a missing price "
                  f"{'was' if info['rows_dropped'] == 1 else 'were'} dropped." if info["rows_dropped"] else "")
               + "".join(f" {markup.name(name)}: sheet "
                         f"“{markup.name(sheet)}”." for name, sheet in info.get("sheets", {}).items()))
    if info.get("reading"):
        st.text("How the file was read:\n" + "\n".join(f"• {note}" for note in info["reading"]))
        order, mark = st.columns(2)
        if "dates" in info["open"]:
            order.radio("The file's dates are", list(DATE_ORDERS), index=0 if info["dayfirst"] else 1,
                        key="date_order", horizontal=True, help="The file does not say: no day is above 12.")
        if "decimal" in info["open"]:
            mark.radio("The file's decimal mark is", list(DECIMAL_MARKS), index=0 if info["decimal"] == "," else 1,
                       key="decimal_mark", help="The file does not say: every price reads either way.")


def basis_before_its_radio() -> str:
    """The basis the radio in "The data" will show (the answer sits above it): this session's choice, else the
    link's (a shared ``?basis=…`` opens on that basis at once), else price levels; unknown values are ignored."""
    value = links.view_lookup(st.session_state, links.current_query())("basis")
    return value if value in model.BASES else model.BASES[0]


def answer_first(prices: pd.DataFrame, info: dict, predicting: bool) -> bool:
    """The analyst's answer, walk-forward check and report; returns True while a prediction hides them."""
    if predicting and not st.session_state.get("proc_revealed", False):
        st.info("Predict first: the recommended split, ω* and the all-supplier weights stay hidden until you "
                "enter a guess for ω* in **Two suppliers** below and press Reveal.", icon=":material/visibility_off:")
        return True
    answer_basis = basis_before_its_radio()
    answer_series = model.basis_series(prices, answer_basis)
    answer = analyst.answer_section(answer_series, answer_basis)
    walk = analyst.walk_forward_section(answer_series, answer)
    analyst.report_section(answer_series, answer, walk, info, answer_basis)
    return False


def data_section(prices: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """The basis radio, statistics, correlations and prices; returns ``(basis, series)`` on that basis."""
    st.header("The data")
    basis = st.radio("Minimise the variance of", list(model.BASES), horizontal=True,
                     key="basis", bind=links.SHARE,
                     help="Changes suit prices that trend: a steady rise is not volatility.")
    view = model.data_view(prices, basis)
    stats, corr = st.columns([2, 3])
    stats.dataframe(view.stats, key="stats_table")
    stats.dataframe(prices, height=260, key="prices_table")
    corr.plotly_chart(figs.correlation_heatmap(view.corr), key="corr_chart", width="stretch")
    chrome.plotly_chart(figs.price_chart(view.series, basis), key="prices_chart", width="stretch")
    return basis, view.series


def supplier_pair(series: pd.DataFrame) -> tuple[str, str]:
    """The two suppliers of the ω section."""
    st.header("Two suppliers: drag ω")
    names = [str(c) for c in series.columns]
    pick_a, pick_b = st.columns(2)
    name_a = pick_a.selectbox("Supplier A", names, index=0, key="supplier_a")
    name_b = pick_b.selectbox("Supplier B", [n for n in names if n != name_a], index=0, key="supplier_b")
    return name_a, name_b


# The sections below are fragments: their sliders rerun (and resend) only their own section.
@st.fragment
@guard.guarded("Two suppliers")
def omega_section(curve: P.OmegaCurve, index: pd.Index, names: tuple[str, str]) -> None:
    """The ω figure with projected descent from ω₀, the optimum three ways, and the boundary explanation."""
    start, step = st.columns(2)
    w0 = start.slider("Descent starts at ω₀", 0.0, 1.0, 0.2, 0.05, key="gd_start", bind=links.SHARE)
    eta = step.slider("Step η (in units of 1/L″)", 0.1, 2.5, 0.5, 0.1, key="gd_step", bind=links.SHARE,
                      help="η = 1 jumps straight to the minimum of the parabola; 1 < η < 2 overshoots it but converges. "
                           "For η ≥ 2 plain descent would diverge, but each step is clipped back into [0, 1], so "
                           "ω stays in [0, 1]: when the minimum is inside, it keeps bouncing between two points (often "
                           "one of them a bound) without settling; when the optimum sits on a bound, ω still "
                           "reaches it.")
    chart = P.omega_chart(curve, w0, eta)
    chrome.plotly_chart(figs.omega_figure(chart, index, names), key="omega_chart", width="stretch")
    closed, descent, grid = st.columns(3)
    closed.metric("Closed form, clipped to [0, 1]", f"ω* = {curve.optimum:.3f}", f"unclipped {curve.unconstrained:.3f}",
                  delta_color="off", delta_arrow="off")
    descent.metric(f"Projected descent, {len(chart.descent) - 1} steps", f"ω = {float(chart.descent[-1]):.3f}")
    grid.metric("Article's grid: smallest |dL/dω|", f"ω = {curve.grid_best:.3f}")
    st.latex(r"\omega^* = \frac{\sigma_B^2 - \sigma_{AB}}{\sigma_A^2 + \sigma_B^2 - 2\sigma_{AB}}, \qquad "
             r"\omega \leftarrow \operatorname{clip}_{[0,1]}\!\left(\omega - \eta\,\frac{L'(\omega)}{L''}\right)")
    boundary_note(curve)


def boundary_note(curve: P.OmegaCurve) -> None:
    """Why dL/dω ≠ 0 at a bound (KKT), or that the optimum is interior."""
    unconstrained, optimum = curve.unconstrained, curve.optimum
    if not 0.0 <= unconstrained <= 1.0:
        st.info(f"The parabola's lowest point is at ω = {unconstrained:.3f}, outside [0, 1]. On the interval the "
                f"loss keeps falling towards the bound, so the optimum is ω* = {optimum:.0f} and the gradient "
                f"there is {curve.slope:,.0f}, not zero. That is the KKT condition for a bound: at ω* = 1 the slope "
                "must be ≤ 0 (at ω* = 0, ≥ 0); only an interior optimum has dL/dω = 0. Searching for |dL/dω| ≈ 0 "
                "answers a different question.", icon=":material/info:")
    else:
        st.success(f"The optimum ω* = {optimum:.3f} is inside [0, 1], where dL/dω = 0.", icon=":material/check:")


def bootstrap_section(curve: P.OmegaCurve) -> None:
    """"How sure is ω*?": the bootstrap histogram and its 90% interval."""
    st.header("How sure is ω*?")
    samples = bootstrap(curve.a, curve.b)
    low, high = P.bootstrap_interval(samples, 0.9)
    st.markdown(f"Resampling the {len(curve.a):,} periods with replacement 1,000 times (seed 0) and recomputing ω* "
                f"each time: 90% of the answers fall in **[{low:.3f}, {high:.3f}]**.")
    chrome.plotly_chart(figs.bootstrap_figure(samples, low, high, curve.optimum), key="bootstrap_chart",
                    width="stretch")


@st.fragment
@guard.guarded("All suppliers")
def all_suppliers_section(series: pd.DataFrame, basis: str, info: dict) -> None:
    """Long-only minimum-variance weights with a price trade-off, and the downloadable decision summary."""
    st.header("All suppliers: the minimum-variance split")
    share = st.slider("Trade-off: how much the average price counts (0 = only variance)", 0.0, 1.0, 0.0, 0.05,
                      key="tradeoff", bind=links.SHARE)
    view = model.tradeoff_view(series, share, basis, info["rows_dropped"], info["sources"])
    st.latex(rf"\min_{{w \ge 0,\ \sum w = 1}}\ w^\top \Sigma w + \lambda\, \bar p^\top w, \qquad "
             rf"\lambda = {view.lam:,.1f}")
    chrome.plotly_chart(figs.weights_figure([str(c) for c in series.columns], view.weights, view.variances,
                                            view.blend_variance), key="weights_chart", width="stretch")
    st.header("Decision summary")
    st.dataframe(view.table, key="summary_table")
    csv_col, json_col = st.columns(2)
    csv_col.download_button("Download CSV", exports.csv_text(view.table, index_label="supplier"),
                            "procurement_decision.csv", "text/csv", key="download_csv", icon=":material/download:")
    json_col.download_button("Download JSON", exports.json_text(view.record), "procurement_decision.json",
                             "application/json", key="download_json", icon=":material/download:")


def render() -> None:
    """Files → the answer first → the data → two suppliers (calc_core.procurement) → all suppliers."""
    st.title("Procurement split")
    st.markdown("Order a share $\\omega$ from supplier A and $1-\\omega$ from B. Which $\\omega$ makes the blended "
                "price $\\omega p_A + (1-\\omega) p_B$ most stable? Upload your own price history or use the "
                "article's ten periods.")
    prices, info, files = price_source()
    reading_notes(prices, info)
    predicting = predict.predict_mode("proc")  # the question itself sits in "Two suppliers", below
    hidden = answer_first(prices, info, predicting)
    basis, series = data_section(prices)
    name_a, name_b = supplier_pair(series)
    curve = P.omega_curve(series[name_a].to_numpy(), series[name_b].to_numpy())
    if predicting:
        hidden = not predict.guess_and_reveal("proc", f"Your guess: the share ω* of the order from {name_a} (the rest "
                                         f"from {name_b}) that makes the blended price steadiest", curve.optimum,
                                         (name_a, name_b, basis, tuple(n for n, _ in files), len(prices)), "{:.3f}")
    if hidden:
        st.info("The ω chart, ω* and the weights appear after Reveal.", icon=":material/visibility_off:")
    else:
        omega_section(curve, series.index, (name_a, name_b))
        bootstrap_section(curve)
        all_suppliers_section(series, basis, info)
    chrome.show_source(PAGE, P.variance_loss, P.loss_curve, P.closed_form_omega, P.projected_descent, P.min_variance_weights)


def script(v: Values) -> str:
    """The view as a script (``PageSpec.script``)."""
    uploads = v.get("price_files")
    files = [name for f in uploads if isinstance(name := getattr(f, "name", None), str)] \
        if isinstance(uploads, (list, tuple)) else []
    supplier_a, supplier_b = (v.get(key) for key in ("supplier_a", "supplier_b"))
    text = [s if isinstance(s, str) and len(s) <= 200 else None for s in (supplier_a, supplier_b)]
    return render_script(PAGE, {
        "PRICE_FILES": files,
        "BASIS": v.choice("basis", model.BASES, model.BASES[0]),
        "SUPPLIER_A": text[0] or "Supplier A", "SUPPLIER_B": text[1] or "Supplier B",
        "OMEGA0": v.number("gd_start", 0.2, 0.0, 1.0), "STEP": v.number("gd_step", 0.5, 0.1, 2.5),
        "TRADEOFF": v.number("tradeoff", 0.0, 0.0, 1.0)}, """
from pathlib import Path

import jax.numpy as jnp
import numpy as np
import pandas as pd

from calc_core import procurement as P
from calc_core.article import PRICES_A, PRICES_B
""", """
if PRICE_FILES:  # your uploaded files, read from the folder you run this in
    prices = P.read_price_files({name: Path(name).read_bytes() for name in PRICE_FILES})
else:  # the article's ten periods
    prices = pd.DataFrame({"Supplier A": PRICES_A, "Supplier B": PRICES_B}, index=pd.RangeIndex(1, 11, name="period"))
series = prices if BASIS == "price levels" else P.price_changes(prices)
pa, mask = P.pad(series[SUPPLIER_A].to_numpy())
pb, _ = P.pad(series[SUPPLIER_B].to_numpy())
unconstrained, optimum = (float(w) for w in P.closed_form_omega(pa, pb, mask))
print("omega* (closed form, clipped to [0, 1]) =", optimum)
print("omega (closed form, unclipped) =", unconstrained)
path = P.projected_descent(jnp.float32(OMEGA0), jnp.float32(STEP), pa, pb, mask)
print("projected descent steps =", len(path) - 1)
print("omega after projected descent =", float(path[-1]))
_, grad = P.loss_curve(jnp.linspace(0.0, 1.0, P.OMEGA_GRID, dtype=jnp.float32), pa, pb, mask)
print("omega on the article's grid, smallest |dL/domega| =", P.grid_omega(np.asarray(grad)))
lam = P.tradeoff_lambda(series, TRADEOFF)  # the price's weight, as the page computes it
for name, weight in zip(series.columns, P.min_variance_weights(series, price_weight=lam)):
    print(f"minimum-variance weight of {name} =", float(weight))
""")


PAGE = PageSpec(
    slug="procurement",
    title="Procurement split",
    icon="local_shipping",
    blurb="Upload supplier prices; find the minimum-variance split ω.",
    prefixes=("proc", "gd", "cap", "wf"),
    links=("basis", "gd_start", "gd_step", "tradeoff", "proc_predict"),
    # its keys from before the prefixes; basis and tradeoff are in links
    unprefixed=("basis", "tradeoff", "date_order", "decimal_mark", "price_files", "supplier_a", "supplier_b",
                "estimator"),
    script=script,
    file="views/procurement/page.py",
)


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
