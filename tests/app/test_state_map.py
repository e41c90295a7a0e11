"""The live pages keep only the session keys the map (dashboard.kit.state) declares, after Step, Reset and Play."""

import pytest

from dashboard import registry
from dashboard.kit import state
from devtools.apptest import open_page


@pytest.mark.parametrize("slug", sorted(registry.live_pages()))
def test_a_live_page_keeps_only_mapped_keys(slug):
    prefix, fields = registry.live_pages()[slug]
    at = open_page(slug)
    for button in ("step", "reset_button", "play", "play"):  # Step, Reset, Play, Pause
        at.button(key=f"{prefix}_{button}").click().run()
    assert not at.exception
    mapped = {f"{prefix}_{name}" for name in [*state.LIVE_KEYS, *fields]}
    bound = state.known_params(registry.page(slug))
    own = [key for key in at.session_state if key.startswith(prefix + "_")]
    assert {f"{prefix}_{name}" for name in fields} <= set(own)
    assert [key for key in own if key not in mapped and not bound.fullmatch(key)] == []
    others = [key for key in at.session_state if not any(key.startswith(p + "_") for p in registry.prefixes()[slug])]
    assert [key for key in others if key not in state.APP_KEYS and not key.startswith("lesson_")] == []
