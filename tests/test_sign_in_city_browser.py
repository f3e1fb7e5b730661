"""Signing in with the city's account in Chromium, through the local OpenID Connect provider's own
sign-in page: the pages are accessible, Finnish and fit a phone; screenshots at both widths."""

from urllib.parse import urlsplit

import pytest

from tests.browser_pages import judge_page
from tests.conftest import assert_no_serious_axe_violations

# serialized_rollback brings back the roles a migration created after each live-server test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = (1366, 390)


@pytest.fixture
def offline_page(page):
    """The provider's pages ask for a stylesheet on the internet; the tests stay on this machine."""
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlsplit(route.request.url).hostname in {"localhost", "127.0.0.1"}
            else route.abort()
        ),
    )
    return page


def sign_in_at_the_provider(page, subject: str) -> None:
    page.get_by_role("button", name="Kirjaudu kaupungin tunnuksella").click()
    page.get_by_label("Subject").fill(subject)
    page.get_by_role("button", name="Authorize", exact=True).click()


def judge(page, name: str) -> None:
    assert_no_serious_axe_violations(page)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert judge_page(page, width, name) == []


def test_a_coordinator_signs_in_and_out_with_the_city_account(
    offline_page, live_server, city_provider
):
    page = offline_page
    city_provider.person("maija", roles=["Hyte.Coordinator"], name="Maija Meikäläinen")
    page.goto(f"{live_server.url}/accounts/login/")
    judge(page, "city-sign-in")

    sign_in_at_the_provider(page, "maija")

    page.get_by_role("button", name="Kirjaudu ulos (maija@kemi.fi)").click()
    page.get_by_role("heading", name="Olet kirjautunut ulos").wait_for()
    judge(page, "city-signed-out")
    page.get_by_role("link", name="Kirjaudu ulos myös kaupungin tunnuksesta").click()
    # The provider asks to confirm, then sends the browser back to the sign-in page.
    page.get_by_role("button", name="End session").click()
    page.get_by_role("button", name="Kirjaudu kaupungin tunnuksella").wait_for()
    assert page.url == f"{live_server.url}/accounts/login/"


def test_a_person_without_a_role_is_told_whom_to_ask(offline_page, live_server, city_provider):
    page = offline_page
    city_provider.person("outi", roles=[])
    page.goto(f"{live_server.url}/accounts/login/")

    sign_in_at_the_provider(page, "outi")

    page.get_by_role("heading", name="Ei käyttöoikeutta").wait_for()
    assert "Käyttöoikeuden myöntää" in page.get_by_role("alert").inner_text()
    judge(page, "city-sign-in-refused")


def test_a_declined_sign_in_is_explained(offline_page, live_server, city_provider):
    page = offline_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Kirjaudu kaupungin tunnuksella").click()

    page.get_by_role("button", name="Deny access").click()

    page.get_by_role("heading", name="Kirjautuminen ei onnistunut").wait_for()
    assert "peruttiin" in page.get_by_role("alert").inner_text()
    judge(page, "city-sign-in-failed")
