"""Every page in the navigation, in real Chromium: no exception, no traceback, no JS error, no empty chart."""

import pytest
from playwright.sync_api import expect

from dashboard.registry import all_pages
from tests.st_helpers import goto_page, plot_point_counts, vega_mark_counts, wait_for_app


@pytest.mark.parametrize("spec", all_pages(), ids=lambda spec: spec.slug)
def test_page_renders_cleanly(page, app_url, page_errors, screenshots_dir, spec):
    goto_page(page, app_url, "" if spec.slug == "home" else spec.slug)
    expect(page.get_by_test_id("stHeading").first).to_be_visible()
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(height, 1000), 6000)})  # whole page in one shot
    page.wait_for_timeout(500)  # charts re-layout to the new size before the screenshot
    wait_for_app(page)
    page.screenshot(path=str(screenshots_dir / f"{spec.slug}.png"), full_page=True)
    assert page.get_by_test_id("stException").count() == 0
    assert "Traceback" not in page.get_by_test_id("stMain").inner_text()
    assert all(count > 0 for count in plot_point_counts(page)), plot_point_counts(page)
    assert all(count > 0 for count in vega_mark_counts(page)), vega_mark_counts(page)
    assert not page_errors, page_errors


def test_sidebar_navigation_reaches_every_page(page, app_url, page_errors):
    goto_page(page, app_url)
    for spec in all_pages()[1:]:
        page.get_by_test_id("stSidebarNavLink").filter(has_text=spec.title).first.click()
        expect(page).to_have_url(f"{app_url}/{spec.slug}")
        wait_for_app(page)
        expect(page.get_by_test_id("stHeading").first).to_be_visible()
        assert page.get_by_test_id("stException").count() == 0, spec.slug
    assert not page_errors, page_errors


def test_presenter_mode_is_kept_in_the_link(page, app_url):
    goto_page(page, app_url, "cheat_sheet?presenter=true")
    expect(page.get_by_role("switch", name="Presenter mode")).to_be_checked()
