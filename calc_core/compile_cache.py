"""JAX's persistent compilation cache: compiled programs survive a server restart.

A fresh server process traces and compiles every page's functions on first use (about 1-2 s on the
heavier pages). With the cache on disk, a restarted server (the next class, a redeploy) loads the compiled
XLA programs instead of compiling them again. Set ``CALCULUS_LAB_JAX_CACHE`` to a directory, or to ``off``.

It lives in calc_core because it is JAX set-up, not UI: the app calls :func:`enable` once at start-up, and a
script or benchmark that imports calc_core can call it too. It is the one calc_core module with a side effect
(process-wide JAX settings), and only when called.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path

import jax

__all__ = [
    "enable", "ENV", "DEFAULT_DIR", "MAX_CACHE_BYTES",
]

ENV = "CALCULUS_LAB_JAX_CACHE"
DEFAULT_DIR = Path.home() / ".cache" / "calculus-lab" / "jax"
MAX_CACHE_BYTES = 256 * 2**20


@functools.cache
def enable(directory: str | None = None) -> Path | None:
    """Turn the cache on (once per process); the directory used, or None when off or not writable."""
    choice = directory or os.environ.get(ENV) or str(DEFAULT_DIR)
    if choice.lower() == "off":
        return None
    path = Path(choice).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only home: run without the cache
    if not os.access(path, os.W_OK):
        return None
    jax.config.update("jax_compilation_cache_dir", str(path))
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)  # ours compile in 10-300 ms each
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)
    if importlib.util.find_spec("filelock"):  # JAX needs it to evict; typed formulas keep adding entries
        jax.config.update("jax_compilation_cache_max_size", MAX_CACHE_BYTES)
    return path
