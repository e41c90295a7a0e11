"""dashboard.figures.encode: banded colours and the PNG data URI decode to the grid they encode."""

import base64
import zlib

import numpy as np

from dashboard.figures import encode as figs


def test_png_background_decodes_to_the_banded_grid():
    values = np.array([[0.0, 1.0], [2.0, 3.0]])
    rgb = figs.banded_rgb(values, 0.0, 3.0, bands=4)
    assert rgb.shape == (2, 2, 3) and rgb.dtype == np.uint8
    assert rgb[1, 0].sum() < rgb[0, 1].sum()  # lowest f (bottom-left in image order) is darkest
    png = base64.b64decode(figs.png_data_uri(rgb).split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    idat = png[png.index(b"IDAT") + 4:png.index(b"IEND") - 8]
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(2, 7)
    np.testing.assert_array_equal(raw[:, 1:].reshape(2, 2, 3), rgb)
