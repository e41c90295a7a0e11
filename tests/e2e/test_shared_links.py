"""Share a view: change controls, copy the address, open it in another tab, see the same page."""

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.st_helpers import by_key, goto_page, wait_for_app, wait_for_charts


def metric_value(page, label: str) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text=label).first
    return metric.get_by_test_id("stMetricValue").inner_text()


def test_a_copied_link_opens_the_same_view(browser, app_url, screenshots_dir):
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    goto_page(page, app_url, "descent_1d")
    formula = by_key(page, "d1_formula").locator("input")
    formula.fill("(x - 1)^2")
    formula.press("Enter")
    wait_for_app(page)
    slider = by_key(page, "d1_lr").get_by_role("slider")
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")  # 0.100 → 0.101, 0.102, ...
    wait_for_app(page)
    lr = slider.input_value()
    assert float(lr) > 0.1
    page.wait_for_function(f"() => location.search.includes('d1_lr={lr}')")
    query = parse_qs(urlparse(page.url).query)
    assert query == {"d1_formula": ["(x - 1)^2"], "d1_lr": [lr]}  # defaults stay out of the link
    shown = metric_value(page, "x_k")

    student = browser.new_page(viewport={"width": 1400, "height": 1400})
    student.on("pageerror", lambda exc: errors.append(str(exc)))
    student.goto(page.url)
    wait_for_app(student)
    wait_for_charts(student)
    expect(by_key(student, "d1_formula").locator("input")).to_have_value("(x - 1)^2")
    expect(by_key(student, "d1_lr").get_by_role("slider")).to_have_value(lr)
    assert metric_value(student, "x_k") == shown
    student.screenshot(path=str(screenshots_dir / "shared_link_descent_1d.png"), full_page=True)

    goto_page(page, app_url, "tangent_line")  # another page: the first page's settings leave the address
    assert urlparse(page.url).query == ""
    assert not errors, errors
    student.close()
    page.close()
