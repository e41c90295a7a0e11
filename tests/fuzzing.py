"""Is this a `make fuzz` run (CALCULUS_LAB_FUZZ=1)? Long property runs and the fuzz-only tests key on it."""

import os

FUZZING = os.environ.get("CALCULUS_LAB_FUZZ") == "1"
