"""Money and decimals in a real browser: what a page shows, Chromium sends back unchanged.

A number input cannot hold `295600,00`: Chromium shows it empty and submits it empty, so
an unchanged save wiped the amounts. These tests save forms as a person does.
"""

import datetime
from decimal import Decimal

import pytest

from plans.models import Action
from projects.models import Project

# serialized_rollback keeps the roles that a migration created across the live-server flushes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "salasana-testi-123"
MONEY = ["total_budget", "city_share", "self_financing"]


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu").click()
    page.get_by_role("heading", level=1).wait_for()


def save_and_continue(page):
    page.get_by_role("button", name="Tallenna välillä ja jatka muokkaamista").click()
    page.locator(".messagelist .success, .errornote").first.wait_for()
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert not errors, errors


def money_of(project: Project) -> dict:
    project.refresh_from_db()
    return {name: getattr(project, name) for name in MONEY}


def test_admin_keeps_a_projects_money_on_an_unchanged_save(page, live_server, kemi, admin_user):
    vahvax = Project.objects.get(short_name="Vahvax")
    before = money_of(vahvax)
    assert before["total_budget"] == Decimal("295600.00")
    assert before["self_financing"] == Decimal("29560.00")
    sign_in(page, live_server, "paakayttaja")
    page.goto(f"{live_server.url}/admin/projects/project/{vahvax.pk}/change/")

    save_and_continue(page)

    assert money_of(vahvax) == before
    assert vahvax.start_date == datetime.date(2021, 9, 1)
    total = page.locator("#id_total_budget")
    assert total.get_attribute("type") == "text"
    assert total.get_attribute("inputmode") == "decimal"
    assert total.input_value() == "295 600,00"

    page.locator("#id_total_budget").fill("295 600,50")
    page.locator("#id_city_share").fill("30\u00a0000,5 €")
    page.locator("#id_start_date").fill("1.9.2021")
    save_and_continue(page)

    assert money_of(vahvax) == {
        "total_budget": Decimal("295600.50"),
        "city_share": Decimal("30000.50"),
        "self_financing": Decimal("29560.00"),
    }
    assert page.locator("#id_total_budget").input_value() == "295 600,50"


def test_admin_refuses_money_out_of_range_with_a_message(page, live_server, kemi, admin_user):
    vahvax = Project.objects.get(short_name="Vahvax")
    sign_in(page, live_server, "paakayttaja")
    page.goto(f"{live_server.url}/admin/projects/project/{vahvax.pk}/change/")

    page.locator("#id_total_budget").fill("Infinity")
    page.locator("#id_self_financing").fill("99999999999999999999")
    page.get_by_role("button", name="Tallenna välillä ja jatka muokkaamista").click()

    page.locator(".errornote").wait_for()
    assert "Anna summa euroina" in page.locator(".field-total_budget").inner_text()
    assert "Summa on liian suuri" in page.locator(".field-self_financing").inner_text()
    assert money_of(vahvax)["total_budget"] == Decimal("295600.00")


def test_action_form_keeps_and_reads_a_feedback_score(page, live_server, kemi, coordinator):
    action = Action.objects.order_by("pk").first()
    Action.objects.filter(pk=action.pk).update(feedback_score=Decimal("4.11"))
    sign_in(page, live_server, "koordinaattori")
    edit = f"{live_server.url}/actions/{action.pk}/edit/"

    page.goto(edit)
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_role("link", name="Muokkaa").wait_for()
    action.refresh_from_db()
    assert action.feedback_score == Decimal("4.11")

    page.goto(edit)
    score = page.get_by_label("Palautteen keskiarvo")
    assert score.get_attribute("type") == "text"
    assert score.get_attribute("inputmode") == "decimal"
    assert score.input_value() == "4,11"

    page.goto(edit)
    page.get_by_label("Palautteen keskiarvo").fill("4,5")
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_role("link", name="Muokkaa").wait_for()
    action.refresh_from_db()
    assert action.feedback_score == Decimal("4.5")
