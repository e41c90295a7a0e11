"""The address students open: the current view's link, reachable from a phone, and its QR code.

No Streamlit here: the sidebar passes in what the browser and the server know. With
``make run HOST=0.0.0.0`` the teacher's own browser usually shows ``127.0.0.1``, which a phone cannot
open, so a loopback host is swapped for this machine's LAN address. ``PUBLIC_URL`` (an environment
variable, e.g. ``http://lab.school.example``) overrides everything, for a server behind a proxy.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from urllib.parse import urlencode, urlsplit, urlunsplit

import segno

PUBLIC_URL_ENV = "PUBLIC_URL"
WILDCARD_BINDS = frozenset({"", "0.0.0.0", "::"})


def is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def lan_addresses() -> list[str]:
    """This machine's non-loopback IPv4 addresses, as its own name resolves them (no traffic is sent)."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    addresses = {info[4][0] for info in infos}
    return sorted(a for a in addresses if not ipaddress.ip_address(a).is_loopback)


def view_url(browser_url: str, query: dict[str, str | list[str]], bind_address: str | None,
             public_url: str | None = None, lan: list[str] | None = None) -> str:
    """The link to the current view that a student can open.

    ``browser_url`` is the page address the teacher's browser shows (scheme, host, port, path; no query),
    ``query`` the page's bound widget values (a list for a multi-valued one), ``bind_address`` the server's ``server.address`` option.
    """
    parts = urlsplit(browser_url)
    if public_url:
        base = urlsplit(public_url.rstrip("/"))
        parts = parts._replace(scheme=base.scheme or parts.scheme, netloc=base.netloc,
                               path=base.path + parts.path)
    elif is_loopback(parts.hostname or "") and (bind_address or "") in WILDCARD_BINDS:
        addresses = lan_addresses() if lan is None else lan
        if addresses:
            port = f":{parts.port}" if parts.port else ""
            parts = parts._replace(netloc=f"{addresses[0]}{port}")
    return urlunsplit(parts._replace(query=urlencode(query, doseq=True), fragment=""))


def reachable_from_phone(url: str) -> bool:
    """False when the link points at this machine's loopback, which no other device can open."""
    return not is_loopback(urlsplit(url).hostname or "")


def public_url_from_env() -> str | None:
    return os.environ.get(PUBLIC_URL_ENV) or None


def qr_code(text: str) -> segno.QRCode:
    """The QR symbol of ``text``: error correction M (a projector's glare or a smudge still scans)."""
    return segno.make(text, error="m", micro=False)


def qr_svg(text: str, scale: int = 8) -> str:
    """An SVG QR code of ``text``, black on white with the standard 4-module quiet zone."""
    return qr_code(text).svg_inline(scale=scale, dark="#000000", light="#ffffff", border=4)
