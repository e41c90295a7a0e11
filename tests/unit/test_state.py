"""The session-state map (dashboard.kit.state) against the pages' specs: every linked key has its page's prefix."""

import re

import pytest

from dashboard import registry
from dashboard.kit import state
from dashboard.registry import all_pages, page

SLUGS = [spec.slug for spec in all_pages()]


def test_every_page_has_its_own_prefixes():
    assert set(registry.prefixes()) == set(SLUGS)
    owners = [prefix for prefixes in registry.prefixes().values() for prefix in prefixes]
    assert len(owners) == len(set(owners)), "a prefix belongs to two pages"
    for live_slug, (prefix, _) in registry.live_pages().items():
        assert prefix in registry.prefixes()[live_slug]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_key_a_page_binds_to_its_link_carries_its_prefix(slug):
    allowed = [re.escape(prefix + "_") for prefix in registry.prefixes()[slug]]
    unprefixed = page(slug).unprefixed
    for pattern in page(slug).links:
        assert any(pattern.startswith(p) for p in allowed) or pattern in unprefixed, (slug, pattern)


def test_renamed_names_lead_to_keys_the_page_binds_and_no_page_binds_an_old_name():
    regression = state.known_params(registry.page("linear_regression"))
    for old, new in state.RENAMED.items():
        assert regression.fullmatch(new) and not regression.fullmatch(old)
        assert not any(state.known_params(registry.page(slug)).fullmatch(old) for slug in SLUGS)


def test_current_names_keep_order_and_let_the_current_name_win():
    assert state.current_names({"lr_lr": "0.3", "nn_lr": "0.1"}) == {"reg_lr": "0.3", "nn_lr": "0.1"}
    assert list(state.current_names({"nn_lr": "1", "lr_n": "20", "presenter": "true"})) == [
        "nn_lr", "reg_n", "presenter"]
    for params in ({"lr_lr": "0.3", "reg_lr": "0.5"}, {"reg_lr": "0.5", "lr_lr": "0.3"}):
        assert state.current_names(params) == {"reg_lr": "0.5"}
    assert state.current_names({}) == {}
