"""The join link: a phone-reachable address of the current view, and a QR code that decodes to it."""

import numpy as np
import pytest
import segno
import zxingcpp

from dashboard.classroom import share


def decode(code: segno.QRCode) -> str:
    """Decode a QR symbol the way a phone does: from pixels, 8 px a module, with the quiet zone.

    (The SVG the page draws is decoded from a Chromium screenshot in tests/e2e/test_teacher.py.)
    """
    modules = np.array(code.matrix, dtype=np.uint8)
    image = np.kron(np.pad(1 - modules, 4, constant_values=1), np.ones((8, 8), np.uint8)) * 255
    return zxingcpp.read_barcodes(image)[0].text


@pytest.mark.parametrize("url", ["http://192.168.1.20:8501/descent_1d?d1_lr=1.2&presenter=true",
                                 "https://lab.school.example/gradient_field?gf_surface=The+article%27s+saddle"])
def test_qr_code_decodes_to_the_address(url):
    assert decode(share.qr_code(url)) == url


def test_svg_has_the_symbol_size_of_the_address():
    url = "http://10.0.0.5:8501/extrema"
    svg = share.qr_svg(url, scale=10)
    side = (len(share.qr_code(url).matrix) + 8) * 10
    assert f'width="{side}"' in svg and f'height="{side}"' in svg


def test_loopback_is_swapped_for_the_lan_address_when_serving_every_interface():
    url = share.view_url("http://127.0.0.1:8501/descent_1d", {"d1_lr": "1.2"}, "0.0.0.0", lan=["192.168.1.20"])
    assert url == "http://192.168.1.20:8501/descent_1d?d1_lr=1.2"
    assert share.reachable_from_phone(url)


def test_loopback_stays_when_the_server_listens_on_loopback_only():
    url = share.view_url("http://localhost:8501/extrema", {}, "127.0.0.1", lan=["192.168.1.20"])
    assert url == "http://localhost:8501/extrema"
    assert not share.reachable_from_phone(url)


def test_an_address_the_browser_already_used_is_kept():
    url = share.view_url("http://192.168.1.20:8501/jit", {"jit_n": "1000"}, "0.0.0.0", lan=["10.0.0.9"])
    assert url == "http://192.168.1.20:8501/jit?jit_n=1000"


def test_public_url_overrides_host_and_prefixes_the_path():
    url = share.view_url("http://127.0.0.1:8501/gradient_field", {"gf_optimizers": ["SGD", "Adam"]}, "0.0.0.0",
                         public_url="https://lab.school.example/calculus/", lan=["10.0.0.9"])
    assert url == "https://lab.school.example/calculus/gradient_field?gf_optimizers=SGD&gf_optimizers=Adam"


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("127.8.9.1", True), ("localhost", True),
                                                ("[::1]", True), ("::1", True), ("192.168.0.3", False),
                                                ("lab.example", False)])
def test_is_loopback(host, loopback):
    assert share.is_loopback(host) is loopback


def test_lan_addresses_are_never_loopback():
    assert all(not share.is_loopback(a) for a in share.lan_addresses())
