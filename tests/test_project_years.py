"""A project's years written ahead (`ProjectYear`), which the summaries sum, follow the rules of
`runs_in_year` and `division_in_year` after every change of its dates, money or periods."""

import datetime
from decimal import Decimal

import pytest

from plans.models import plan_years
from projects.models import (
    DivisionPeriod,
    Project,
    ProjectYear,
    division_in_year,
    refresh_project_years,
    runs_in_year,
)
from reports.project_summary import totals_by_year
from tests.factories import DivisionFactory, DivisionPeriodFactory, PlanFactory, ProjectFactory

YEARS = range(2018, 2032)


def by_the_rules() -> dict[tuple[int, int], int | None]:
    """(project, year) -> division in it, for every year of `YEARS` the project runs in."""
    found = {}
    for project in Project.objects.prefetch_related("division_periods"):
        periods = [
            (p.valid_from, p.valid_until, p.division_id) for p in project.division_periods.all()
        ]
        for year in YEARS:
            if runs_in_year(project.start_date, project.end_date, year):
                found[project.pk, year] = division_in_year(periods, project.end_date, year)
    return found


def by_the_rows() -> dict[tuple[int, int], int | None]:
    return {
        (project, year): division
        for year in YEARS
        for project, division in ProjectYear.objects.in_year(year).values_list(
            "project", "division"
        )
    }


def assert_rows_follow_the_rules():
    assert by_the_rows() == by_the_rules()
    stored = sorted(ProjectYear.objects.values_list("project", "year", "division", "continues"))
    refresh_project_years()
    assert stored == sorted(
        ProjectYear.objects.values_list("project", "year", "division", "continues")
    )


@pytest.fixture
def old_and_new(db):
    return DivisionFactory(name="Perusturvatoimiala"), DivisionFactory(name="Hyvinvointitoimiala")


def test_a_projects_years_follow_its_dates_and_periods_as_they_change(old_and_new):
    old, new = old_and_new
    project = ProjectFactory(start_date=datetime.date(2021, 3, 1), end_date=None)
    assert_rows_follow_the_rules()  # no period: running, in no division

    first = DivisionPeriodFactory(project=project, division=old)
    assert_rows_follow_the_rules()
    first.valid_until = datetime.date(2022, 12, 31)
    first.save()
    DivisionPeriodFactory(project=project, division=new, valid_from=datetime.date(2023, 1, 1))
    assert_rows_follow_the_rules()
    # With no end date, the last row stands for every later year.
    assert ProjectYear.objects.in_year(2031).get().division == new

    project.end_date = datetime.date(2024, 6, 30)
    project.save()
    assert_rows_follow_the_rules()
    assert not ProjectYear.objects.in_year(2025).exists()

    first.delete()
    assert_rows_follow_the_rules()
    assert ProjectYear.objects.get(project=project, year=2022).division is None


def test_deleting_a_project_takes_its_years_and_periods(old_and_new):
    project = ProjectFactory()
    DivisionPeriodFactory(project=project, division=old_and_new[0])

    project.delete()

    assert not ProjectYear.objects.exists()
    assert not DivisionPeriod.objects.exists()


def test_the_totals_by_year_count_an_open_project_in_every_later_year(old_and_new):
    PlanFactory(start_year=2022, end_year=2025)
    old, new = old_and_new
    open_project = ProjectFactory(start_date=datetime.date(2022, 6, 1), end_date=None)
    DivisionPeriodFactory(project=open_project, division=old)
    ended = ProjectFactory(end_date=datetime.date(2023, 12, 31), self_financing=None)
    DivisionPeriodFactory(project=ended, division=new)
    open_project.city_share = Decimal("70000.00")
    open_project.save()

    years = totals_by_year(plan_years(), division_names={old.pk: old.name, new.pk: new.name})

    assert [row.totals.count for row in years] == [2, 2, 1, 1]
    assert [row.totals.city_share for row in years] == [Decimal("120000.00")] * 2 + [
        Decimal("70000.00")
    ] * 2
    assert [row.totals.unknown_self_financing for row in years] == [1, 1, 0, 0]
    assert [group.label for group in years[0].by_division] == [new.name, old.name]
    (only_old,) = totals_by_year(plan_years(), old)[3:]
    assert only_old.totals.count == 1
