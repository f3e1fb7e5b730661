"""Swedish in Chromium: the switch on the sign-in page, then a few pages at 1366 and 390 px,
each in Swedish, accessible (axe-core) and no wider than the window. The screenshots are
saved in var/screenshots/<width>/sv-*.png for a person to look at."""

import pytest

from tests.browser_pages import WIDTHS, new_context, overflow_on_page, screenshot, sign_in
from tests.conftest import assert_no_serious_axe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = {
    "home": "/",
    "actions": "/actions/?year=2023",
    "coverage": "/coverage/",
    "imports": "/imports/actions/",
}


@pytest.mark.parametrize("width", WIDTHS)
def test_the_switch_turns_the_pages_swedish(browser, live_server, kemi, coordinator, width):
    context = new_context(browser, width)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")

    page.get_by_role("button", name="På svenska").click()

    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", name="Logga in").is_visible()
    assert page.get_by_role("button", name="Suomeksi").is_visible()
    screenshot(page, width, "sv-login")
    language = [cookie for cookie in context.cookies() if cookie["value"] == "sv"]
    assert language, "the switch set no language cookie"
    sign_in(context, live_server, coordinator)  # which starts from no cookies
    context.add_cookies(language)
    problems = []
    for name, url in PAGES.items():
        page.goto(live_server.url + url)
        assert page.locator("html").get_attribute("lang") == "sv", url
        screenshot(page, width, f"sv-{name}")
        assert_no_serious_axe_violations(page)
        overflow = overflow_on_page(page)
        if overflow:
            problems.append(f"{url}: {overflow}")
    assert page.get_by_role("navigation", name="Huvudmeny").is_visible() or width < 500
    assert not problems, "\n".join(problems)
    context.close()
