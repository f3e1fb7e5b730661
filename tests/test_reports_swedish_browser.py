"""The annual table, the overview and the project summary in Swedish in a real browser, at both
widths: Swedish headings, no sideways scroll, accessible (a table wider than a phone scrolls in
a box the keyboard reaches); the screenshots go to var/screenshots/<width>/."""

import pytest
from django.conf import settings

from tests.browser_pages import WIDTHS, new_context, overflow_on_page, screenshot, sign_in
from tests.conftest import assert_no_serious_axe_violations

# serialized_rollback keeps the roles that a migration created across the live-server flushes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = {
    "annual": ("/reports/annual/2023/hyvinvointitoimiala/", "STRATEGISKT MÅL"),
    "overview": ("/reports/overview/2023/", "Självfinansiering per år"),
    "projects": ("/reports/projects/?year=2023", "Per år och sektor"),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_the_report_reads_in_swedish_at_each_width(
    browser, live_server, board_member, kemi, width, name
):
    path, swedish = PAGES[name]
    context = new_context(browser, width)
    sign_in(context, live_server, board_member)
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "sv", "url": live_server.url}]
    )
    page = context.new_page()

    page.goto(f"{live_server.url}{path}")

    assert page.get_by_text(swedish).first.is_visible()
    assert page.get_by_role("link", name="Ladda ner PDF").is_visible()
    assert overflow_on_page(page) is None
    assert_no_serious_axe_violations(page)
    screenshot(page, width, f"reports-sv-{name}")
    context.close()
