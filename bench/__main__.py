"""``python -m bench``: the runner in bench/runner.py (``python -m bench --help`` says what it does)."""

import sys

from bench.runner import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
