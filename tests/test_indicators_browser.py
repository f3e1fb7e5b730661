"""The indicators' pages in Chromium: the coordinator picks an indicator and sets its target
as a Finn types it; the focus-area page, the indicator screen, the annual report and the
overview pass axe-core without a single violation, at 1366 and 390 px (screenshots kept in
var/screenshots/indicators/ for a person to look at)."""

from decimal import Decimal

import pytest

from indicators.models import FocusAreaIndicator, Indicator
from plans.models import FocusArea
from tests.browser_pages import SCREENSHOTS, WIDTHS, new_context
from tests.browser_pages import sign_in as sign_in_as

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AREA = "Syrjäytymisen ehkäisy"


def axe_violations(page, context=None) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"{[node['target'] for node in violation['nodes']]}"
        for violation in results.response["violations"]
    ]


def test_a_target_stores_what_was_typed_and_saves_unchanged_as_it_was(
    browser, live_server, kemi, coordinator
):
    area = FocusArea.objects.get(text=AREA)
    context = new_context(browser)
    try:
        sign_in_as(context, live_server, coordinator)
        page = context.new_page()
        page.goto(f"{live_server.url}/focus-areas/{area.pk}/indicators/")

        # Find an indicator by a part of its Finnish title and follow it.
        page.get_by_label("Hae indikaattoria nimen osalla").fill("huumausaine")
        with page.expect_navigation():
            page.get_by_role("button", name="Hae", exact=True).click()
        with page.expect_navigation():
            page.locator("form", has_text="Poliisin tietoon tulleet").get_by_role(
                "button", name="Liitä"
            ).click()
        link = FocusAreaIndicator.objects.get(focus_area=area, indicator__sotkanet_id=3090)

        section = page.get_by_role("region", name="Poliisin tietoon tulleet")
        section.get_by_label("Tavoitesuunta").select_option(label="laskeva")
        section.get_by_label("Tavoitearvo").fill("0,15")
        section.get_by_label("Tavoitevuosi").fill("2025")
        with page.expect_navigation():
            section.get_by_role("button", name="Tallenna tavoite").click()
        link.refresh_from_db()
        assert (link.direction, link.target_value, link.target_year) == (
            "down",
            Decimal("0.15"),
            2025,
        )

        # Saved again as the page shows it, nothing changes.
        section = page.get_by_role("region", name="Poliisin tietoon tulleet")
        assert section.get_by_label("Tavoitearvo").input_value() == "0,1500"
        with page.expect_navigation():
            section.get_by_role("button", name="Tallenna tavoite").click()
        link.refresh_from_db()
        assert (link.direction, link.target_value, link.target_year) == (
            "down",
            Decimal("0.15"),
            2025,
        )
        assert axe_violations(page) == []
    finally:
        context.close()


def test_the_indicator_pages_pass_axe_and_are_photographed_at_both_widths(
    browser, live_server, kemi, coordinator
):
    area = FocusArea.objects.get(text="Hyvinvoinnin ongelmien ennalta ehkäisyyn panostaminen")
    pages = {
        "focus-area": f"/focus-areas/{area.pk}/",
        "indicators": f"/focus-areas/{area.pk}/indicators/?q=toimeentulo",
        "annual": "/reports/annual/2023/hyvinvointitoimiala/",
        "overview": "/reports/overview/2023/",
        "dashboard": "/?year=2023",
    }
    problems = []
    for width in WIDTHS:
        context = new_context(browser, width)
        try:
            sign_in_as(context, live_server, coordinator)
            page = context.new_page()
            for name, url in pages.items():
                response = page.goto(live_server.url + url)
                assert response.status == 200, url
                path = SCREENSHOTS / "indicators" / f"{width}-{name}.png"
                path.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(path), full_page=True)
                # The whole page, the overview's scrolling chart boxes included.
                problems += [f"{name} @ {width}px: {v}" for v in axe_violations(page)]
                wider = page.evaluate(
                    "document.documentElement.scrollWidth > window.innerWidth + 1"
                )
                if wider:
                    problems.append(f"{name} @ {width}px: wider than the window")
        finally:
            context.close()
    assert not problems, "\n".join(problems)
    assert Indicator.objects.filter(sample=True).count() == 3
