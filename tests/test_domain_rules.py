"""The domain's rules by year, each proved at its edges, in the database and in Python alike.

- A project runs in a year when its dates overlap the calendar year.
- A project running in a year belongs to the division of the period in force on its last day
  in that year (31.12. or its end date): one division at most, never two.
- A plan covers the years from its start year to its end year, both included.

The pages that answer these questions (the project summary, the overview, the admin's year
filter, the annual report) must give the QuerySet methods' answer for the same data.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from django.http import Http404

from plans.models import Division, Plan, plan_years
from projects.models import Project, division_in_year, runs_in_year
from reports.annual import plan_for_year
from reports.overview import build_overview
from reports.project_summary import build_project_summary
from tests.factories import (
    DivisionFactory,
    DivisionPeriodFactory,
    FunderFactory,
    PlanFactory,
    ProjectFactory,
)

D = datetime.date

pytestmark = pytest.mark.django_db


# Runs in the year: (start, end) and the years it runs in, among 2022–2027.
RUNNING = {
    "starts on 31.12.": (D(2024, 12, 31), D(2025, 6, 30), {2024, 2025}),
    "ends on 1.1.": (D(2023, 3, 1), D(2025, 1, 1), {2023, 2024, 2025}),
    "one day, 31.12.": (D(2024, 12, 31), D(2024, 12, 31), {2024}),
    "one day, 1.1.": (D(2024, 1, 1), D(2024, 1, 1), {2024}),
    "open end": (D(2023, 6, 1), None, {2023, 2024, 2025, 2026, 2027}),
    "ends on 31.12.": (D(2022, 1, 1), D(2023, 12, 31), {2022, 2023}),
}
YEARS = range(2022, 2028)


@pytest.mark.parametrize(("start", "end", "years"), RUNNING.values(), ids=RUNNING.keys())
def test_a_project_runs_in_the_years_its_dates_overlap(start, end, years):
    project = ProjectFactory(start_date=start, end_date=end)

    assert {year for year in YEARS if runs_in_year(start, end, year)} == years
    assert {year for year in YEARS if Project.objects.running_in(year).filter(pk=project.pk)} == (
        years
    )


def periods_of(project: Project) -> list[tuple]:
    return list(project.division_periods.values_list("valid_from", "valid_until", "division_id"))


def divisions_by_year(project: Project, divisions) -> dict[int, set]:
    """Per year, every division whose `in_division` holds the project, and the Python answer."""
    found = {}
    for year in YEARS:
        in_database = {
            division.pk
            for division in divisions
            if Project.objects.in_division(division, year).filter(pk=project.pk).exists()
        }
        annotated = {
            each.division_in_year
            for each in Project.objects.running_in(year).with_division_in(year)
            if each.pk == project.pk and each.division_in_year is not None
        }
        in_python = (
            division_in_year(periods_of(project), project.end_date, year)
            if runs_in_year(project.start_date, project.end_date, year)
            else None
        )
        assert in_database == annotated == ({in_python} - {None}), year
        found[year] = in_database
    return found


@pytest.fixture
def old_and_new():
    return DivisionFactory(name="Vanha toimiala"), DivisionFactory(name="Uusi toimiala")


def moved(old, new, *, on: datetime.date, end=None, close_old=True):
    """A project from 1.1.2023 that moves from the old division to the new one on the day."""
    project = ProjectFactory(start_date=D(2023, 1, 1), end_date=end)
    until = on - datetime.timedelta(days=1) if close_old else None
    DivisionPeriodFactory(project=project, division=old, valid_until=until)
    DivisionPeriodFactory(project=project, division=new, valid_from=on)
    return project


def test_a_project_moved_mid_year_counts_once_for_the_division_it_moved_to(old_and_new):
    old, new = old_and_new
    project = moved(old, new, on=D(2024, 7, 1))

    found = divisions_by_year(project, old_and_new)

    assert found[2023] == {old.pk}
    assert found[2024] == {new.pk}
    assert found[2025] == {new.pk}
    assert all(len(divisions) <= 1 for divisions in found.values())


@pytest.mark.parametrize(
    ("move", "division_2024"),
    [(D(2024, 12, 31), "new"), (D(2025, 1, 1), "old"), (D(2024, 1, 1), "new")],
    ids=["moved on 31.12.", "moved on 1.1. of the next year", "moved on 1.1."],
)
def test_the_division_is_the_one_on_the_years_last_day(old_and_new, move, division_2024):
    old, new = old_and_new
    project = moved(old, new, on=move)

    expected = {"old": old, "new": new}[division_2024]
    assert divisions_by_year(project, old_and_new)[2024] == {expected.pk}


def test_a_project_ending_before_its_move_counts_for_the_division_it_ended_in(old_and_new):
    old, new = old_and_new
    project = moved(old, new, on=D(2024, 7, 1), end=D(2024, 3, 31))

    found = divisions_by_year(project, old_and_new)

    assert found[2024] == {old.pk}
    assert found[2025] == set()  # not running


def test_overlapping_periods_still_give_one_division_the_latest_started(old_and_new):
    old, new = old_and_new
    project = moved(old, new, on=D(2024, 7, 1), close_old=False)

    found = divisions_by_year(project, old_and_new)

    assert found[2024] == {new.pk}
    assert found[2023] == {old.pk}


def test_a_project_whose_period_ended_before_the_years_last_day_has_no_division(old_and_new):
    old, _ = old_and_new
    project = ProjectFactory(start_date=D(2023, 1, 1), end_date=None)
    DivisionPeriodFactory(project=project, division=old, valid_until=D(2024, 6, 30))

    found = divisions_by_year(project, old_and_new)

    assert found[2023] == {old.pk}
    assert found[2024] == set()


def test_a_period_starting_after_the_project_ends_in_the_year_does_not_count(old_and_new):
    old, _ = old_and_new
    project = ProjectFactory(start_date=D(2024, 1, 1), end_date=D(2024, 5, 31))
    DivisionPeriodFactory(project=project, division=old, valid_from=D(2024, 6, 1))

    assert divisions_by_year(project, old_and_new)[2024] == set()


# Plans: which plans cover a year.


def test_a_plan_covers_its_first_and_last_year_and_no_other():
    plan = PlanFactory(start_year=2022, end_year=2025)

    covered = {year for year in range(2018, 2030) if Plan.objects.covering(year).exists()}
    assert covered == {2022, 2023, 2024, 2025}
    assert {year for year in range(2018, 2030) if plan.covers(year)} == covered


def test_a_year_outside_every_plan_has_no_plan_and_no_report(client, board_member):
    PlanFactory(start_year=2018, end_year=2021)
    PlanFactory(start_year=2022, end_year=2025)

    assert not Plan.objects.covering(2026).exists()
    assert not Plan.objects.covering(2017).exists()
    with pytest.raises(Http404):
        plan_for_year(2026)
    client.force_login(board_member)
    assert client.get("/reports/overview/2026/").status_code == 404
    assert client.get("/reports/overview/2021/").status_code == 200


def test_where_plans_overlap_a_year_the_newest_is_the_years_plan():
    older = PlanFactory(start_year=2020, end_year=2023)
    newer = PlanFactory(start_year=2023, end_year=2026)

    assert set(Plan.objects.covering(2023)) == {older, newer}
    assert plan_for_year(2023) == newer
    assert plan_for_year(2022) == older


# The pages give the QuerySet methods' answer.


@pytest.fixture
def projects(old_and_new):
    """Projects at every edge, with two funders, in a plan of 2022–2025."""
    PlanFactory(start_year=2022, end_year=2025)
    old, new = old_and_new
    esr, stm = FunderFactory(code="ESR"), FunderFactory(code="STM", name="STM")
    for name, (start, end, _) in RUNNING.items():
        project = ProjectFactory(name=name, start_date=start, end_date=end, funders=[esr])
        DivisionPeriodFactory(project=project, division=old)
    moved(old, new, on=D(2024, 7, 1)).funders.set([esr, stm])
    moved(old, new, on=D(2024, 7, 1), end=D(2024, 3, 31)).funders.set([stm])
    moved(old, new, on=D(2025, 1, 1), close_old=False)
    ProjectFactory(name="Ilman toimialaa", start_date=D(2022, 6, 1), end_date=None)
    return old_and_new


def names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


def test_the_summary_overview_and_admin_filter_agree_with_the_queryset_methods(
    client, admin_user, projects
):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    divisions = projects
    for year in range(2022, 2026):
        running = Project.objects.running_in(year)
        summary = build_project_summary(year=year)

        # Which projects run in the year.
        assert {row.name for row in summary.rows} == names(running), year
        admin_list = client.get(f"/admin/projects/project/?year={year}").context["cl"].result_list
        assert {project.name for project in admin_list} == names(running), year

        # Which division each counts for: the rows, the filtered summary and the year's totals.
        by_division = {
            division.name: names(Project.objects.in_division(division, year))
            for division in divisions
        }
        for division in divisions:
            filtered = build_project_summary(year=year, division=division)
            assert {row.name for row in filtered.rows} == by_division[division.name], year
        assert {row.name: row.division for row in summary.rows if row.division} == {
            name: division for division, each in by_division.items() for name in each
        }
        without = running.with_division_in(year).filter(division_in_year=None).count()
        expected = {division: len(each) for division, each in by_division.items() if each}
        if without:
            expected["ei toimialaa"] = without
        totals = next(each for each in summary.by_year if each.year == year)
        assert {group.label: group.totals.count for group in totals.by_division} == expected
        assert totals.totals.count == running.count()

        # The overview's money by funder and by year.
        overview = build_overview(year)
        by_funder = {
            code: running.filter(funders__code=code).count()
            for code in ("ESR", "STM")
            if running.filter(funders__code=code).exists()
        }
        if running.filter(funders=None).exists():
            by_funder["ei rahoittajaa"] = running.filter(funders=None).count()
        assert {group.label: group.totals.count for group in overview.funders} == by_funder
        assert [(each.year, each.totals.count) for each in overview.years] == [
            (each, Project.objects.running_in(each).count()) for each in range(2022, 2026)
        ]


# The same rules in SQL (`Project.objects`) and in Python (`runs_in_year`, `division_in_year`),
# on the demo data and on the projects at every edge above, and the summary's SQL totals.


def rules_in_sql(year: int) -> dict:
    """Each project running in the year and its division in it, as the database answers."""
    running = Project.objects.running_in(year).with_division_in(year)
    return dict(running.values_list("pk", "division_in_year"))


def rules_in_python(year: int) -> dict:
    """The same, by the Python functions."""
    found = {}
    for project in Project.objects.prefetch_related("division_periods"):
        if runs_in_year(project.start_date, project.end_date, year):
            periods = [
                (period.valid_from, period.valid_until, period.division_id)
                for period in project.division_periods.all()
            ]
            found[project.pk] = division_in_year(periods, project.end_date, year)
    return found


def exact(values) -> Decimal:
    return sum((value for value in values if value is not None), Decimal("0.00"))


def assert_summary_totals_are_the_python_sums(years):
    """Each year's totals by division of the summary, summed by the database, against exact
    Decimal sums of the projects the Python rules give each division."""
    names = dict(Division.objects.values_list("pk", "name"))
    by_year = {each.year: each for each in build_project_summary().by_year}
    for year in years:
        projects = Project.objects.in_bulk(rules_in_python(year))
        groups = defaultdict(list)
        for pk, division in rules_in_python(year).items():
            groups[names.get(division, "ei toimialaa")].append(projects[pk])
        expected = {
            label: (
                len(group),
                exact(p.total_budget for p in group),
                exact(p.city_share for p in group),
                exact(p.self_financing for p in group),
            )
            for label, group in groups.items()
        }
        found = {
            group.label: (
                group.totals.count,
                group.totals.total_budget,
                group.totals.city_share,
                group.totals.self_financing,
            )
            for group in by_year[year].by_division
        }
        assert found == expected, year
        assert by_year[year].totals.count == len(rules_in_python(year))


def test_the_database_and_python_rules_agree_on_the_kemi_projects(kemi):
    years = plan_years()
    for year in years:
        assert rules_in_sql(year) == rules_in_python(year), year
    # Not vacuous: the demo's projects run in several years, and Vahvax changes division.
    vahvax = Project.objects.get(short_name="Vahvax").pk
    assert rules_in_sql(2022)[vahvax] != rules_in_sql(2023)[vahvax]
    assert_summary_totals_are_the_python_sums(years)


def test_the_database_and_python_rules_agree_on_projects_moved_mid_year(projects):
    for year in YEARS:
        assert rules_in_sql(year) == rules_in_python(year), year
    assert_summary_totals_are_the_python_sums(range(2022, 2026))
