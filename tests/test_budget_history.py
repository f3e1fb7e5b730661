"""Projects and budgets are edited in the admin: money typed the Finnish way, and history kept."""

from decimal import Decimal

import pytest

from projects.models import Project
from tests.factories import ProjectFactory


@pytest.fixture
def project(db):
    return ProjectFactory(name="Vahvempi yhdessä", short_name="Vahvax")


def admin_form(project, **overrides) -> dict:
    data = {
        "name": project.name,
        "short_name": project.short_name,
        "start_date": "1.1.2022",
        "end_date": "31.12.2023",
        "total_budget": "100 000",
        "city_share": "50 000",
        "self_financing": "5 000",
        "city_role": "lead",
        "division_periods-TOTAL_FORMS": "0",
        "division_periods-INITIAL_FORMS": "0",
        "partnerships-TOTAL_FORMS": "0",
        "partnerships-INITIAL_FORMS": "0",
        "earmarked_parts-TOTAL_FORMS": "0",
        "earmarked_parts-INITIAL_FORMS": "0",
        "results-TOTAL_FORMS": "0",
        "results-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_admin_types_money_the_finnish_way_and_the_change_is_kept(client, admin_user, project):
    client.force_login(admin_user)

    response = client.post(
        f"/admin/projects/project/{project.pk}/change/",
        admin_form(project, total_budget="295\u00a0600,50 €", city_share="295 600,50"),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    project.refresh_from_db()
    assert project.total_budget == Decimal("295600.50")
    latest = project.history.first()
    assert latest.history_user == admin_user
    changed = latest.diff_against(latest.prev_record).changed_fields
    assert {"total_budget", "city_share"} <= set(changed)
    history_page = client.get(f"/admin/projects/project/{project.pk}/history/")
    assert "paakayttaja" in history_page.content.decode()


def test_an_earlier_budget_is_shown_in_the_history_but_not_restored_there(
    client, admin_user, project
):
    client.force_login(admin_user)
    client.post(
        f"/admin/projects/project/{project.pk}/change/", admin_form(project, total_budget="200 000")
    )
    first = project.history.earliest()
    url = f"/admin/projects/project/{project.pk}/history/{first.history_id}/"

    page = client.get(url)
    response = client.post(url, admin_form(project, total_budget="100 000,00"))

    assert page.status_code == 200
    assert "100" in page.content.decode()
    assert response.status_code == 403
    assert Project.objects.get().total_budget == Decimal("200000.00")
    assert project.history.count() == 2
