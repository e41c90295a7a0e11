"""A link saved before the regression's keys were renamed (lr_* → reg_*) opens the same view in a browser."""

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.st_helpers import by_key, wait_for_app, wait_for_charts


def test_an_old_regression_link_opens_the_same_view_under_the_new_names(browser, app_url, screenshots_dir):
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/linear_regression?lr_lr=0.3&lr_noise=0.8&lr_seed=7")
    page.wait_for_function("() => location.search.includes('reg_lr=0.3')")
    wait_for_app(page)
    wait_for_charts(page)
    assert parse_qs(urlparse(page.url).query) == {"reg_lr": ["0.3"], "reg_noise": ["0.8"], "reg_seed": ["7"]}
    expect(by_key(page, "reg_lr").get_by_role("slider")).to_have_value("0.3")
    expect(by_key(page, "reg_noise").get_by_role("slider")).to_have_value("0.8")
    expect(by_key(page, "reg_seed").locator("input")).to_have_value("7")
    expect(page.get_by_test_id("stAlertContentWarning").filter(has_text="link asked for")).to_have_count(0)
    page.screenshot(path=str(screenshots_dir / "renamed_link_linear_regression.png"), full_page=True)
    assert not errors, errors
    page.close()
