"""Finalizing a year: the coordinator records the board's decision, the actions lock,
and only an admin reopens."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from plans.closing import close_year, reopen_year
from plans.models import Action, Decision, Division, Plan, YearClosing
from tests.reports_helpers import visible_text

ANNUAL = "/reports/annual/2023/hyvinvointitoimiala/"
DECISION = {"body": "Hyvinvointilautakunta", "date": "12.3.2024", "section": "25"}


def signed_in(client, user):
    client.force_login(user)
    return client


def closed_2023(user) -> YearClosing:
    return close_year(
        plan=Plan.objects.get(),
        year=2023,
        division=Division.objects.get(slug="hyvinvointitoimiala"),
        body="Hyvinvointilautakunta",
        date=datetime.date(2024, 3, 12),
        section=25,
        closed_by=user,
    )


def test_coordinator_records_the_boards_decision_and_the_report_shows_it(client, coordinator, kemi):
    response = signed_in(client, coordinator).post(f"{ANNUAL}close/", DECISION)

    assert response.status_code == 302
    closing = YearClosing.objects.get()
    assert closing.decision.reference == "Hyvinvointilautakunta 12.3.2024 § 25"
    assert closing.decision.outcome == Decision.Outcome.NOTED
    assert closing.closed_by == coordinator
    text = visible_text(client.get(ANNUAL))
    assert "Lautakunta on käsitellyt: Hyvinvointilautakunta 12.3.2024 § 25" in text
    assert "Toimenpiteitä ei voi enää muuttaa." in text


def test_the_years_actions_are_locked_with_a_clear_message(coordinator, kemi):
    closed_2023(coordinator)
    action = Action.objects.filter(year=2023).first()
    action.description = "Muutettu jälkikäteen."

    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "vuosi 2023 on lukittu" in str(error.value)
    assert "Hyvinvointilautakunta 12.3.2024 § 25" in str(error.value)
    assert "Vain pääkäyttäjä voi avata sen." in str(error.value)


def test_an_action_of_a_closed_year_cannot_be_deleted(client, coordinator, kemi):
    closed_2023(coordinator)
    action = Action.objects.filter(year=2023).first()

    response = signed_in(client, coordinator).post(f"/actions/{action.pk}/delete/")

    assert response.status_code == 200
    assert "vuosi 2023 on lukittu" in visible_text(response)
    assert Action.objects.filter(pk=action.pk).exists()


def test_an_action_cannot_be_moved_into_a_closed_year(coordinator, kemi):
    closed_2023(coordinator)
    action = Action.objects.create(
        plan=Plan.objects.get(),
        year=2024,
        division=Division.objects.get(slug="hyvinvointitoimiala"),
        title="Vuoden 2024 toimenpide",
    )
    action.full_clean()

    action.year = 2023
    with pytest.raises(ValidationError, match="lukittu"):
        action.full_clean()


def test_an_action_cannot_be_moved_out_of_a_closed_year(coordinator, kemi):
    closed_2023(coordinator)
    action = Action.objects.filter(year=2023).first()

    action.year = 2024
    with pytest.raises(ValidationError, match="lukittu"):
        action.full_clean()


def test_an_action_of_another_division_stays_editable(coordinator, kemi):
    closed_2023(coordinator)
    action = Action(
        plan=Plan.objects.get(),
        year=2023,
        division=Division.objects.get(slug="perusturvatoimiala"),
        title="Perusturvan toimenpide",
    )
    action.full_clean()


def test_board_member_cannot_record_the_decision(client, board_member, kemi):
    response = signed_in(client, board_member).post(f"{ANNUAL}close/", DECISION)

    assert response.status_code == 403
    assert not YearClosing.objects.exists()
    assert "Kirjaa päätös ja lukitse" not in client.get(ANNUAL).content.decode()


def test_closing_needs_a_valid_csrf_token(coordinator, kemi):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    assert client.post(f"{ANNUAL}close/", DECISION).status_code == 403
    assert not YearClosing.objects.exists()


def test_a_bad_date_is_explained_and_nothing_is_locked(client, coordinator, kemi):
    response = signed_in(client, coordinator).post(
        f"{ANNUAL}close/", {**DECISION, "date": "huomenna"}
    )

    assert response.status_code == 400
    assert "Tarkista lomakkeen tiedot." in visible_text(response)
    assert not YearClosing.objects.exists()


def test_closing_a_closed_year_again_is_refused_with_a_message(client, coordinator, kemi):
    closed_2023(coordinator)
    with pytest.raises(ValidationError, match="on jo lukittu"):
        closed_2023(coordinator)
    assert YearClosing.objects.count() == 1


def test_only_an_admin_reopens_and_the_reopening_is_kept_in_the_history(
    client, coordinator, board_member, admin_user, kemi
):
    closing = closed_2023(coordinator)
    reopen_url = f"{ANNUAL}reopen/{closing.pk}/"

    assert signed_in(Client(), coordinator).post(reopen_url).status_code == 403
    assert signed_in(Client(), board_member).post(reopen_url).status_code == 403
    assert signed_in(client, admin_user).post(reopen_url).status_code == 302

    closing.refresh_from_db()
    assert closing.reopened_by == admin_user
    assert closing.reopened_at is not None
    text = visible_text(client.get(ANNUAL))
    assert "Lautakunnan käsittelyä ei ole kirjattu." in text
    assert "Käsittelyhistoria" in text
    assert f"Hyvinvointilautakunta 12.3.2024 § 25 {coordinator.username}" in text
    assert admin_user.username in text
    Action.objects.filter(year=2023).first().full_clean()


def test_a_reopened_year_can_be_closed_again(coordinator, admin_user, kemi):
    reopen_year(closing=closed_2023(coordinator), reopened_by=admin_user)
    closed_2023(coordinator)

    assert YearClosing.objects.count() == 2
    assert YearClosing.objects.in_force().count() == 1


def test_the_index_marks_a_closed_year(client, coordinator, kemi):
    closed_2023(coordinator)
    text = visible_text(signed_in(client, coordinator).get("/reports/"))
    assert (
        "Toimenpiteet 2023, hyvinvointitoimiala ( PDF , DOCX , XLSX ) – lautakunta käsitellyt"
        in text
    )
    assert "Toimenpiteet 2022, hyvinvointitoimiala ( PDF , DOCX , XLSX ) Hankkeet" in text
