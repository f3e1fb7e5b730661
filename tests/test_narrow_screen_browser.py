"""On a phone (390 px wide) no page scrolls sideways, and carry forward's "Valitse kaikki"
ticks and clears every box, in a real browser."""

import pytest

from plans.models import Action, Plan
from tests.test_workspace_browser import sign_in

# serialized_rollback keeps the roles that a migration created across the live-server flushes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}


def carry_forward_url() -> str:
    return f"/actions/carry-forward/?plan={Plan.objects.get().pk}&year=2023&division="


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_no_page_scrolls_sideways_on_a_phone(page, live_server, coordinator, kemi):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "koordinaattori")

    for url in [
        "/",
        "/actions/",
        "/actions/new/",
        f"/actions/{Action.objects.first().pk}/",
        f"/actions/{Action.objects.first().pk}/edit/",
        carry_forward_url(),
        "/coverage/",
        "/reports/annual/2023/hyvinvointitoimiala/",
        "/reports/projects/",
        "/reports/overview/2023/",
    ]:
        page.goto(f"{live_server.url}{url}")
        page.get_by_role("heading", level=1).first.wait_for()
        assert not scrolls_sideways(page), url

    # The wide actions table scrolls inside its own box instead.
    page.goto(f"{live_server.url}/actions/")
    box = page.locator(".table-container").first
    assert box.evaluate("element => element.scrollWidth > element.clientWidth")


def test_select_all_ticks_and_clears_every_action(page, live_server, coordinator, kemi):
    sign_in(page, live_server, "koordinaattori")
    page.goto(f"{live_server.url}{carry_forward_url()}")
    boxes = page.locator('#id_actions input[type="checkbox"]')
    assert boxes.count() > 2

    page.get_by_role("button", name="Valitse kaikki").click()
    assert all(boxes.nth(index).is_checked() for index in range(boxes.count()))

    page.get_by_role("button", name="Poista valinnat").click()
    assert not any(boxes.nth(index).is_checked() for index in range(boxes.count()))

    boxes.first.check()
    page.get_by_role("button", name="Valitse kaikki").wait_for()
