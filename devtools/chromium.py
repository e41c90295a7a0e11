"""Debian's Chromium, as the browser tests, bench/ and loadtest/ launch it."""

from __future__ import annotations

import os
import shutil

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class ChromiumNotFound(RuntimeError):
    """No Chromium executable here: the e2e fixtures turn it into a test failure, bench into failed rows."""


def chromium_path() -> str:
    """The Chromium executable: ``CHROMIUM_PATH``, Debian's, or the first on PATH."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/lib/chromium/chromium", "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise ChromiumNotFound("No Chromium found: run `make chromium` (Debian, as root) or set CHROMIUM_PATH")
