"""Every registered page runs through the real router without an exception."""

import json

import pytest

from dashboard.registry import GROUPS, all_pages
from devtools.apptest import open_page
from tests.figure_spec import plotly_specs
from tests.palette import unsafe_colours


@pytest.mark.parametrize("spec", all_pages(), ids=lambda spec: spec.slug)
def test_page_runs_without_exception(spec):
    at = open_page(spec.slug)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title and at.title[0].value, f"{spec.slug} shows no title"
    charts = plotly_specs(at) + [json.loads(el.proto.spec) for el in at.get("vega_lite_chart")]
    assert not [unsafe_colours(chart) for chart in charts if unsafe_colours(chart)], spec.slug  # Okabe–Ito


def test_navigation_groups_follow_the_article():
    assert list(GROUPS) == ["Derivatives", "Optimization", "Training", "Applications", "Class", "Reference"]
    slugs = [spec.slug for spec in all_pages()]
    assert len(slugs) == len(set(slugs)) == 16
    for spec in all_pages():
        assert spec.path.is_file(), spec.path


def test_home_links_every_page():
    at = open_page("home")
    linked = {link.proto.page for link in at.get("page_link")}
    assert linked == {spec.slug for specs in GROUPS.values() for spec in specs}
