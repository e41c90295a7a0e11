"""The server configuration a classroom deployment relies on."""

import tomllib
from pathlib import Path

CONFIG = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())


def test_security_and_privacy_settings():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["server"]["maxUploadSize"] == 5
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_users_never_see_tracebacks():
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_theme_is_readable():
    theme = CONFIG["theme"]
    assert theme["base"] == "light" and theme["textColor"] != theme["backgroundColor"]


def test_no_per_rerun_source_watching_or_full_gc():
    """Both ran after every script run and took most of the server's CPU under a class (load test)."""
    assert CONFIG["server"]["fileWatcherType"] == "none"
    assert CONFIG["runner"]["postScriptGC"] is False
