"""The coordinator's workspace in a real browser, with axe-core on every page visited."""

import re

import pytest

from tests.conftest import assert_no_serious_axe_violations
from tests.factories import DivisionFactory, FocusAreaFactory, PlanFactory, StrategicGoalFactory

# serialized_rollback keeps the roles that a migration created across the live-server flushes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "salasana-testi-123"


@pytest.fixture
def plan(db):
    plan = PlanFactory(name="Hyvinvointisuunnitelma", start_year=2022, end_year=2025)
    goal = StrategicGoalFactory(plan=plan, order=1, name="Hyvinvoivat kuntalaiset")
    FocusAreaFactory(goal=goal, order=4, text="Yhteistyö hyvinvointialueen yhdyspinnoilla")
    DivisionFactory(name="Hyvinvointitoimiala", slug="hyvinvointitoimiala")
    return plan


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu").click()
    page.get_by_role("heading", level=1).wait_for()


def test_coordinator_records_finds_and_edits_an_action(page, live_server, coordinator, plan):
    sign_in(page, live_server, "koordinaattori")
    assert_no_serious_axe_violations(page)

    page.get_by_role("navigation", name="Päävalikko").get_by_role(
        "link", name="Uusi toimenpide"
    ).click()
    assert_no_serious_axe_violations(page)
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_role("heading", name="Tarkista tiedot").wait_for()
    assert_no_serious_axe_violations(page)

    page.get_by_label("Suunnitelma").select_option(label=str(plan))
    page.get_by_label("Vuosi").select_option("2023")
    page.get_by_label("Toimiala").select_option(label="Hyvinvointitoimiala")
    page.get_by_label("Otsikko", exact=True).fill("Someturvan käyttöönotto")
    page.get_by_label("Tila", exact=True).select_option(label="toteutunut")
    page.get_by_label("Kuvaus", exact=True).fill("Koulujen some-neuvontapalvelu.")
    page.get_by_label("1.4 Yhteistyö hyvinvointialueen yhdyspinnoilla").check()
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_role("heading", name="Someturvan käyttöönotto").wait_for()
    assert_no_serious_axe_violations(page)

    page.get_by_role("link", name="Toimenpiteet", exact=True).click()
    page.get_by_label("Haku").fill("kayttoonotto")
    page.get_by_role("button", name="Hae").click()
    assert_no_serious_axe_violations(page)
    page.get_by_role("link", name="Someturvan käyttöönotto").click()

    page.get_by_role("link", name="Muokkaa").click()
    page.get_by_label("Otsikko", exact=True).fill("Someturva kaikkiin kouluihin")
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_role("heading", name="Someturva kaikkiin kouluihin").wait_for()
    assert_no_serious_axe_violations(page)

    page.get_by_role("link", name="Etusivu").click()
    assert page.get_by_role("link", name="Someturva kaikkiin kouluihin").is_visible()
    assert_no_serious_axe_violations(page)

    page.get_by_role("link", name="Kattavuus").click()
    page.get_by_role("button", name="Näytä").click()
    page.get_by_role("heading", name="Painopisteet ilman toimenpidettä").wait_for()
    assert_no_serious_axe_violations(page)


def test_board_member_sees_no_edit_control(page, live_server, coordinator, board_member, plan):
    sign_in(page, live_server, "koordinaattori")
    page.goto(f"{live_server.url}/actions/new/")
    page.get_by_label("Suunnitelma").select_option(label=str(plan))
    page.get_by_label("Vuosi").select_option("2023")
    page.get_by_label("Toimiala").select_option(label="Hyvinvointitoimiala")
    page.get_by_label("Otsikko", exact=True).fill("Liikuntaviikko")
    page.get_by_label("Tila", exact=True).select_option(label="toteutunut")
    page.get_by_label("1.4 Yhteistyö hyvinvointialueen yhdyspinnoilla").check()
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_role("heading", name="Liikuntaviikko").wait_for()
    page.get_by_role("button", name=re.compile("Kirjaudu ulos")).click()

    sign_in(page, live_server, "lautakunnan-jasen")
    page.get_by_role("link", name="Toimenpiteet", exact=True).click()
    assert_no_serious_axe_violations(page)
    page.get_by_role("link", name="Liikuntaviikko").click()
    assert_no_serious_axe_violations(page)
    assert page.get_by_role("link", name="Muokkaa").count() == 0
    assert page.get_by_role("link", name="Poista").count() == 0
    assert page.get_by_role("link", name="Uusi toimenpide").count() == 0
