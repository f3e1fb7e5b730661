"""The sign-in page in a real browser: usable by keyboard, accessible, and it lets a user in."""

import pytest

from tests.conftest import assert_no_serious_axe_violations

# serialized_rollback brings back the roles a migration created after each live-server test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_coordinator_signs_in_with_the_keyboard(page, live_server, coordinator):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_no_serious_axe_violations(page)

    page.get_by_label("Käyttäjätunnus").fill("koordinaattori")
    page.get_by_label("Salasana").fill("salasana-testi-123")
    page.get_by_label("Salasana").press("Enter")

    page.get_by_role("button", name="Kirjaudu ulos (koordinaattori)").wait_for()


def test_wrong_password_is_explained_in_finnish(page, live_server, coordinator):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Käyttäjätunnus").fill("koordinaattori")
    page.get_by_label("Salasana").fill("väärä")
    page.get_by_role("button", name="Kirjaudu").click()

    assert page.get_by_role("alert").inner_text().startswith("Kirjautuminen ei onnistunut")
    assert_no_serious_axe_violations(page)
