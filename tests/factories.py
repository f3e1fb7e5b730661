"""factory_boy factories for the domain; each builds a valid row with the fewest fields."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group, User

from plans.models import Action, Decision, Division, FocusArea, Objective, Plan, StrategicGoal
from projects.models import (
    CostShare,
    CostSplit,
    DivisionPeriod,
    Funder,
    Organization,
    Project,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("salasana-testi-123")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if extracted:
            user.groups.add(Group.objects.get(name=extracted))
            user.is_staff = True
            user.save()


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    body = "KV"
    date = factory.Sequence(lambda n: datetime.date(2022, 1, 1) + datetime.timedelta(days=n))
    section = factory.Sequence(lambda n: n + 1)


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Toimiala {n}")
    slug = factory.Sequence(lambda n: f"toimiala-{n}")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    name = factory.Sequence(lambda n: f"Hyvinvointisuunnitelma {n}")
    start_year = 2022
    end_year = 2025
    strategy_name = "Kaupunkistrategia 2022–25"
    decision = factory.SubFactory(DecisionFactory)


class StrategicGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicGoal

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Päämäärä {n}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    goal = factory.SubFactory(StrategicGoalFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Tavoite {n}")


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    goal = factory.SubFactory(StrategicGoalFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Painopiste {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    year = 2023
    division = factory.SubFactory(DivisionFactory)
    title = factory.Sequence(lambda n: f"Toimenpide {n}")
    description = "Kuvaus."

    @factory.post_generation
    def focus_areas(action, create, extracted, **kwargs):
        if create and extracted:
            action.focus_areas.set(extracted)


class FunderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funder
        django_get_or_create = ["code"]

    code = "ESR"
    name = "Euroopan sosiaalirahasto"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organisaatio {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Hanke {n}")
    start_date = datetime.date(2022, 1, 1)
    end_date = datetime.date(2023, 12, 31)
    total_budget = Decimal("100000.00")
    city_share = Decimal("50000.00")
    self_financing = Decimal("5000.00")

    @factory.post_generation
    def funders(project, create, extracted, **kwargs):
        if create and extracted:
            project.funders.set(extracted)


class DivisionPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DivisionPeriod

    project = factory.SubFactory(ProjectFactory)
    division = factory.SubFactory(DivisionFactory)
    valid_from = factory.SelfAttribute("project.start_date")


class CostSplitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostSplit

    name = factory.Sequence(lambda n: f"Kustannusjako {n}")


class CostShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostShare

    split = factory.SubFactory(CostSplitFactory)
    organization = factory.SubFactory(OrganizationFactory)
    percent = Decimal("50.00")
