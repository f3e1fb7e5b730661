"""Report pages in a real browser: printed as a clean A4 document and accessible."""

import pytest

from tests.conftest import assert_no_serious_axe_violations

# serialized_rollback keeps the roles that a migration created across the live-server flushes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill("salasana-testi-123")
    page.get_by_role("button", name="Kirjaudu").click()
    page.get_by_role("button", name=f"Kirjaudu ulos ({username})").wait_for()


def test_the_annual_table_prints_without_navigation_and_with_repeated_headers(
    page, live_server, board_member, kemi, tmp_path
):
    sign_in(page, live_server, board_member.username)
    page.goto(f"{live_server.url}/reports/annual/2023/hyvinvointitoimiala/")
    assert page.locator(".site-header").is_visible()

    page.emulate_media(media="print")
    screenshot = page.screenshot(full_page=True, path=tmp_path / "print.png")

    assert screenshot.startswith(b"\x89PNG")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".report-tools").is_visible()
    assert not page.get_by_role("button", name="Kirjaa päätös ja lukitse").is_visible()
    assert (
        page.locator("thead").first.evaluate("e => getComputedStyle(e).display")
        == "table-header-group"
    )
    band = page.locator(".goal-band").first
    assert band.evaluate("e => getComputedStyle(e).breakAfter") == "avoid"
    assert band.inner_text().startswith("STRATEGINEN PÄÄMÄÄRÄ")
    # Chromium's own print to PDF: more than one A4 landscape page.
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") > 1


@pytest.mark.parametrize(
    "path",
    [
        "/reports/",
        "/reports/annual/2023/hyvinvointitoimiala/",
        "/reports/projects/?division=perusturvatoimiala&year=2022",
        "/reports/overview/2023/",
    ],
)
def test_report_pages_have_no_serious_accessibility_violations(
    page, live_server, coordinator, kemi, path
):
    sign_in(page, live_server, coordinator.username)
    page.goto(f"{live_server.url}{path}")
    assert_no_serious_axe_violations(page)


def test_the_overview_charts_open_in_the_browser_as_svg_images(
    page, live_server, board_member, kemi
):
    sign_in(page, live_server, board_member.username)
    page.goto(f"{live_server.url}/reports/overview/2023/")
    sources = page.locator(".chart img").evaluate_all("images => images.map(image => image.src)")
    assert len(sources) == 6  # goals, focus areas per goal (3), funders, self-financing
    for source in sources:
        response = page.goto(source)
        assert response.ok
        assert response.headers["content-type"] == "image/svg+xml"
        assert page.locator("svg").first.is_visible()
