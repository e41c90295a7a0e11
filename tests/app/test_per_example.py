"""Per-example page: 100 arrows, mean = batch gradient on screen, clipping changes the mean, timing."""

import numpy as np

from devtools.apptest import open_page
from tests.figure_spec import plotly_specs, trace


def test_mean_equals_batch_gradient_and_outliers_are_highlighted():
    at = open_page("per_example")
    assert not at.exception
    table = at.dataframe[0].value
    np.testing.assert_allclose(table.iloc[0, 1:].astype(float), table.iloc[1, 1:].astype(float), atol=1e-4)
    spec = plotly_specs(at)[0]
    names = [t.get("name", "") for t in spec["data"]]
    normal = next(n for n in names if n.startswith("per-example gradient ("))
    outlier = next(n for n in names if n.startswith("outlier"))
    count = int(normal.split("(")[1][:-1]) + int(outlier.rsplit("(", 1)[1][:-1])
    assert count == 100
    assert "(100, 2)" in at.markdown[-2].value or any("(100, 2)" in m.value for m in at.markdown)


def test_clipping_bounds_the_tips_and_moves_the_mean():
    at = open_page("per_example")
    at.slider(key="pe_clip").set_value(1.0).run()
    spec = plotly_specs(at)[0]
    tips = trace(spec, "clipped tips")
    assert np.hypot(tips["x"], tips["y"]).max() <= 1.0 + 1e-5
    table = at.dataframe[0].value
    clipped = table.iloc[2, 1:].astype(float).to_numpy()
    assert np.linalg.norm(clipped) <= 1.0 + 1e-5
    assert np.linalg.norm(clipped - table.iloc[1, 1:].astype(float).to_numpy()) > 0.5
    assert [m.label for m in at.metric][-1] == "Speed-up"
