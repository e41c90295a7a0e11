"""The persistent compilation cache: on by default, off on request, compiled programs written to disk.

Each case runs in a fresh interpreter, because JAX's cache settings are process-wide.
"""

import subprocess
import sys

SCRIPT = """
import jax, jax.numpy as jnp
from calc_core import compile_cache
print(compile_cache.enable())
jax.jit(lambda v: jnp.sin(v) * 3.0 + v ** 2)(jnp.arange(7.0)).block_until_ready()
"""


def run_with(env_value: str, tmp_path) -> str:
    env = {"CALCULUS_LAB_JAX_CACHE": env_value, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "JAX_PLATFORMS": "cpu"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_compiled_programs_are_written_to_the_cache_directory(tmp_path):
    cache = tmp_path / "jax-cache"
    assert run_with(str(cache), tmp_path) == str(cache)
    assert any(cache.iterdir())  # the jitted function's executable


def test_off_turns_the_cache_off(tmp_path):
    assert run_with("off", tmp_path) == "None"
    assert not (tmp_path / ".cache").exists()


def test_an_unwritable_directory_runs_without_the_cache(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    assert run_with(str(blocker / "jax"), tmp_path) == "None"


TIMING_SCRIPT = """
from calc_core import compile_cache
from calc_core import regression, timing
cache = compile_cache.enable()
x, y = regression.make_data(n=100)
for _ in range(2):
    timing.eager_vs_jit(x, y, 0.1, repeats=1)
    print(len(list(cache.iterdir())))
"""


def test_the_jit_pages_compile_time_is_a_real_compile_even_with_the_cache(tmp_path):
    """Each measurement compiles a program the cache has never seen, so it writes a new entry."""
    env = {"CALCULUS_LAB_JAX_CACHE": str(tmp_path / "c"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "JAX_PLATFORMS": "cpu"}
    done = subprocess.run([sys.executable, "-c", TIMING_SCRIPT], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    first, second = (int(n) for n in done.stdout.split()[-2:])
    assert second > first
