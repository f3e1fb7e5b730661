"""The database itself refuses rows that break the domain's rules, whoever writes them."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from plans.models import Action, FocusArea, Objective, Plan, StrategicGoal
from projects.models import CostShare, DivisionPeriod, EarmarkedPart, Project
from tests.factories import (
    CostSplitFactory,
    DivisionFactory,
    FocusAreaFactory,
    ObjectiveFactory,
    OrganizationFactory,
    PlanFactory,
    ProjectFactory,
    StrategicGoalFactory,
)

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def new_project(**amounts):
    fields = {
        "name": "Testihanke",
        "start_date": datetime.date(2022, 1, 1),
        "end_date": datetime.date(2022, 12, 31),
        **amounts,
    }
    return Project.objects.create(**fields)


@pytest.mark.parametrize(
    "amounts",
    [
        {"total_budget": Decimal("-1")},
        {"city_share": Decimal("-0.01")},
        {"self_financing": Decimal("-100")},
        {"city_share": Decimal("1000"), "self_financing": Decimal("1000.01")},
        {"total_budget": Decimal("1000"), "city_share": Decimal("1000.01")},
        {"total_budget": Decimal("1000"), "self_financing": Decimal("2000")},
    ],
    ids=[
        "negative-total",
        "negative-share",
        "negative-self-financing",
        "self-financing-above-share",
        "share-above-total",
        "self-financing-above-total",
    ],
)
def test_database_refuses_impossible_project_money(amounts):
    refused(lambda: new_project(**amounts))


def test_unknown_amounts_do_not_trip_the_money_rules():
    project = new_project(total_budget=None, city_share=None, self_financing=Decimal("53200"))
    assert Project.objects.get(pk=project.pk).self_financing == Decimal("53200.00")


def test_database_refuses_a_project_ending_before_it_starts():
    refused(
        lambda: Project.objects.create(
            name="Takaperin",
            start_date=datetime.date(2023, 1, 1),
            end_date=datetime.date(2022, 12, 31),
        )
    )


def test_database_refuses_a_division_period_ending_before_it_starts():
    project = ProjectFactory()
    refused(
        lambda: DivisionPeriod.objects.create(
            project=project,
            division=DivisionFactory(),
            valid_from=datetime.date(2023, 1, 1),
            valid_until=datetime.date(2022, 1, 1),
        )
    )


def test_database_refuses_a_plan_ending_before_it_starts():
    refused(lambda: Plan.objects.create(name="Takaperin", start_year=2025, end_year=2022))


def test_database_refuses_a_negative_earmarked_amount():
    project = ProjectFactory()
    refused(
        lambda: EarmarkedPart.objects.create(
            project=project, recipient=OrganizationFactory(), amount=Decimal("-5")
        )
    )


@pytest.mark.parametrize("percent", [Decimal("0"), Decimal("-10"), Decimal("100.01")])
def test_database_refuses_a_cost_share_outside_0_to_100(percent):
    split = CostSplitFactory()
    refused(
        lambda: CostShare.objects.create(
            split=split, organization=OrganizationFactory(), percent=percent
        )
    )


def test_database_refuses_two_shares_for_one_organization_in_a_split():
    split = CostSplitFactory()
    organization = OrganizationFactory()
    CostShare.objects.create(split=split, organization=organization, percent=Decimal("40"))
    refused(
        lambda: CostShare.objects.create(
            split=split, organization=organization, percent=Decimal("60")
        )
    )


def test_database_refuses_duplicate_ordering_within_a_parent():
    goal = StrategicGoalFactory(order=1)
    refused(lambda: StrategicGoal.objects.create(plan=goal.plan, order=1, name="Toinen"))
    objective = ObjectiveFactory(goal=goal, order=1)
    refused(lambda: Objective.objects.create(goal=objective.goal, order=1, text="Toinen"))
    focus_area = FocusAreaFactory(goal=goal, order=1)
    refused(lambda: FocusArea.objects.create(goal=focus_area.goal, order=1, text="Toinen"))


def test_database_refuses_a_feedback_score_above_five():
    refused(
        lambda: Action.objects.create(
            plan=PlanFactory(),
            year=2023,
            division=DivisionFactory(),
            title="X",
            feedback_score=Decimal("5.5"),
        )
    )


def test_deleting_what_a_years_actions_depend_on_is_refused_not_cascaded():
    focus_area = FocusAreaFactory()
    action = Action.objects.create(
        plan=focus_area.goal.plan, year=2023, division=DivisionFactory(), title="Vuoden työ"
    )
    action.focus_areas.add(focus_area)
    division = action.division

    with pytest.raises(ProtectedError):
        focus_area.delete()
    with pytest.raises(ProtectedError):
        focus_area.goal.plan.delete()
    with pytest.raises(ProtectedError):
        division.delete()
    assert Action.objects.filter(pk=action.pk).exists()
