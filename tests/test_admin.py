"""The admin screens: Finnish messages on bad budgets, all-or-nothing cost splits, fixed queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Action
from projects.models import CostShare, CostSplit, Project
from tests.factories import (
    DivisionFactory,
    DivisionPeriodFactory,
    FocusAreaFactory,
    FunderFactory,
    OrganizationFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

PROJECT_INLINES = ["division_periods", "partnerships", "earmarked_parts", "results"]


def management_forms(prefixes, total=0):
    data = {}
    for prefix in prefixes:
        data |= {
            f"{prefix}-TOTAL_FORMS": str(total),
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def project_form(**fields):
    return {
        "name": "Uusi hanke",
        "start_date": "1.1.2024",
        "end_date": "31.12.2025",
        "city_role": "lead",
        "total_budget": "",
        "city_share": "",
        "self_financing": "",
        **fields,
        **management_forms(PROJECT_INLINES),
    }


def field_errors(response, field):
    return [str(error) for error in response.context["adminform"].form.errors.get(field, [])]


def test_admin_saves_money_typed_the_finnish_way(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/projects/project/add/",
        project_form(
            total_budget="295 600,50 €", city_share="295\u00a0600", self_financing="29 560"
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    project = Project.objects.get(name="Uusi hanke")
    assert project.total_budget == Decimal("295600.50")
    assert project.self_financing == Decimal("29560.00")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"city_share": "1 000", "self_financing": "2 000"},
            "self_financing",
            "Omarahoitus ei voi olla suurempi kuin Kemin osuus.",
        ),
        ({"total_budget": "-5"}, "total_budget", "Kustannusarvio ei voi olla negatiivinen."),
        (
            {"start_date": "1.1.2025", "end_date": "31.12.2024"},
            "end_date",
            "Päättymispäivä ei voi olla ennen alkamispäivää.",
        ),
    ],
    ids=["self-financing-above-share", "negative-total", "end-before-start"],
)
def test_admin_refuses_bad_budget_with_a_finnish_message_on_the_field(
    client, admin_user, fields, field, message
):
    client.force_login(admin_user)
    response = client.post("/admin/projects/project/add/", project_form(**fields))

    assert response.status_code == 200
    assert any(error.startswith(message) for error in field_errors(response, field))
    assert not Project.objects.exists()


def cost_split_form(shares):
    prefix = "shares"
    data = {"name": "Someturva-palvelu", **management_forms([prefix], total=len(shares))}
    for index, (organization, percent) in enumerate(shares):
        data[f"{prefix}-{index}-organization"] = str(organization.pk)
        data[f"{prefix}-{index}-percent"] = percent
    return data


def test_admin_refuses_a_cost_split_that_sums_to_99_percent_and_saves_nothing(client, admin_user):
    lapha, kemi = (
        OrganizationFactory(name="Lapin hyvinvointialue"),
        OrganizationFactory(name="Kemi"),
    )
    client.force_login(admin_user)

    response = client.post(
        "/admin/projects/costsplit/add/", cost_split_form([(lapha, "40"), (kemi, "59")])
    )

    assert response.status_code == 200
    assert "Osuuksien summa on 99 %, sen on oltava tasan 100 %." in response.content.decode()
    assert not CostSplit.objects.exists()
    assert not CostShare.objects.exists()


def test_admin_saves_a_cost_split_that_sums_to_100_percent(client, admin_user):
    lapha, kemi = (
        OrganizationFactory(name="Lapin hyvinvointialue"),
        OrganizationFactory(name="Kemi"),
    )
    client.force_login(admin_user)

    response = client.post(
        "/admin/projects/costsplit/add/", cost_split_form([(lapha, "40"), (kemi, "60")])
    )

    assert response.status_code == 302
    assert sorted(CostShare.objects.values_list("percent", flat=True)) == [
        Decimal("40"),
        Decimal("60"),
    ]


def test_cost_share_service_writes_all_shares_or_none():
    from django.core.exceptions import ValidationError

    from projects.services import set_cost_shares
    from tests.factories import CostSplitFactory

    split = CostSplitFactory()
    lapha, kemi = OrganizationFactory(), OrganizationFactory()
    set_cost_shares(split=split, shares={lapha: Decimal("40"), kemi: Decimal("60")})

    with pytest.raises(ValidationError, match="99"):
        set_cost_shares(split=split, shares={lapha: Decimal("40"), kemi: Decimal("59")})

    assert {share.percent for share in split.shares.all()} == {Decimal("40"), Decimal("60")}


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def make_projects(count):
    funder = FunderFactory()
    division = DivisionFactory()
    for _ in range(count):
        project = ProjectFactory(funders=[funder])
        DivisionPeriodFactory(project=project, division=division)


def make_actions(count):
    focus_area = FocusAreaFactory()
    division = DivisionFactory()
    actions = Action.objects.bulk_create(
        Action(plan=focus_area.goal.plan, year=2023, division=division, title=f"Toimenpide {n}")
        for n in range(count)
    )
    Action.focus_areas.through.objects.bulk_create(
        Action.focus_areas.through(action=action, focus_area=focus_area) for action in actions
    )


@pytest.mark.parametrize(
    ("url", "make_rows"),
    [("/admin/projects/project/", make_projects), ("/admin/plans/action/", make_actions)],
    ids=["projects", "actions"],
)
def test_admin_changelist_runs_the_same_queries_for_10_and_1000_rows(
    client, admin_user, url, make_rows
):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    make_rows(10)
    with_ten = queries_for(client, url)

    make_rows(990)
    with_thousand = queries_for(client, url)

    assert with_ten == with_thousand


def test_admin_lists_amounts_in_finnish_format(client, admin_user):
    ProjectFactory(
        name="Vahvax", total_budget=Decimal("295600"), start_date=datetime.date(2021, 9, 1)
    )
    client.force_login(admin_user)
    response = client.get("/admin/projects/project/")
    assert "295\u00a0600\u00a0€" in response.content.decode()
    assert "1.9.2021–31.12.2023" in response.content.decode()
