"""The dashboard's figures for a year: actions by goal and status, coverage gaps by division,
the year's project money, the latest changes and the year's reports.

Every figure is counted or summed by the database, with a fixed number of queries whatever the
number of actions: nothing reads a year's actions into Python.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from indicators.trends import IndicatorTrend, sources_text, trends_for_plan
from plans.models import (
    Action,
    Division,
    FocusArea,
    FocusAreaCount,
    GoalCount,
    Plan,
    StrategicGoal,
    label_of,
)
from projects.models import Project

# The project amounts the dashboard sums for a year, as named on the project.
MONEY_FIELDS = ("total_budget", "city_share", "self_financing")


@dataclass(frozen=True)
class CoverageWarning:
    division: Division
    uncovered: int
    without_area: int
    plan_id: int | str


@dataclass(frozen=True)
class MoneySum:
    """The sum of the known amounts, and how many projects' amounts are unknown.

    `amount` is None when no amount is known: unknown is never zero."""

    amount: Decimal | None
    unknown: int


@dataclass(frozen=True)
class ProjectMoney:
    projects: int
    total_budget: MoneySum
    city_share: MoneySum
    self_financing: MoneySum

    @property
    def rows(self) -> list[tuple[str, MoneySum]]:
        """Each sum with the name of its amount on the project form."""
        return [(Project.field_label(name), getattr(self, name)) for name in MONEY_FIELDS]


@dataclass
class Dashboard:
    year: int
    goal_rows: list[tuple[StrategicGoal, list[int]]]
    warnings: list[CoverageWarning]
    report_divisions: list[Division]
    money: ProjectMoney
    latest: list[tuple[object, bool]]
    # THL's indicators of the year's plan that move against their focus area's target.
    indicators_against: list[IndicatorTrend] = field(default_factory=list)

    @property
    def indicator_sources(self) -> str:
        return sources_text(self.indicators_against)


def default_year() -> int:
    """This year if it has actions, else the latest year that has."""
    this_year = timezone.localdate().year
    years = Action.objects.order_by("-year").values_list("year", flat=True)
    if years.filter(year=this_year).exists():
        return this_year
    return years.first() or this_year


def goal_status_counts(year: int, area_goals: dict[int, int]) -> dict[tuple[int, str], int]:
    """How many of the year's actions serve each goal, by status; an action under two focus
    areas of one goal counts once. Read from the actions counted ahead (`plans.counts`): a
    few hundred rows, not the year's ties."""
    rows = (
        GoalCount.objects.filter(year=year, goal__in=set(area_goals.values()))
        .values_list("goal", "status")
        .annotate(actions=Sum("actions"))
        .order_by()
    )
    return {(goal_id, status): actions for goal_id, status, actions in rows}


def division_coverage(year: int, areas: set[int]) -> dict[int, tuple[int, int]]:
    """For each division with actions in the year: how many of the plans' focus areas its
    actions serve, and how many of its actions serve none.

    Read from the actions counted ahead per division and focus area (`plans.counts`: at most
    divisions × focus areas × statuses rows), not from the year's actions."""
    rows = (
        FocusAreaCount.objects.filter(year=year)
        .values_list("division", "focus_area")
        .annotate(actions=Sum("actions"))
        .order_by()
    )
    covered = defaultdict(int)
    without_area = defaultdict(int)
    for division_id, area_id, actions in rows:
        if area_id is None:
            without_area[division_id] += actions
        else:
            covered[division_id] += area_id in areas
    return {
        division_id: (covered[division_id], without_area[division_id])
        for division_id in covered.keys() | without_area.keys()
    }


def project_money(year: int) -> ProjectMoney:
    """The projects running in the year and their amounts summed, in one query. Amounts are
    whole cents in the database (`projects.fields.MoneyField`), so the sums are exact on
    PostgreSQL and SQLite alike."""
    figures = Project.objects.running_in(year).aggregate(
        projects=Count("pk"),
        **{f"{name}_sum": Sum(name) for name in MONEY_FIELDS},
        **{
            f"{name}_unknown": Count("pk", filter=Q(**{f"{name}__isnull": True}))
            for name in MONEY_FIELDS
        },
    )
    return ProjectMoney(
        projects=figures["projects"],
        **{
            name: MoneySum(amount=figures[f"{name}_sum"], unknown=figures[f"{name}_unknown"])
            for name in MONEY_FIELDS
        },
    )


def build_dashboard(year: int) -> Dashboard:
    goals = list(
        StrategicGoal.objects.filter(plan__in=Plan.objects.covering(year))
        .select_related("plan")
        .order_by("plan", "order")
    )
    area_goals = dict(
        FocusArea.objects.filter(goal__in=[goal.pk for goal in goals])
        .values_list("pk", "goal_id")
        .order_by()
    )
    counts = goal_status_counts(year, area_goals)
    goal_rows = [
        (goal, [counts.get((goal.pk, status), 0) for status in Action.Status]) for goal in goals
    ]
    coverage = division_coverage(year, set(area_goals))
    divisions = list(Division.objects.filter(pk__in=coverage))
    plan_id = goals[0].plan_id if goals else ""
    warnings = []
    for division in divisions:
        covered, without_area = coverage[division.pk]
        uncovered = len(area_goals) - covered
        if uncovered or without_area:
            warnings.append(
                CoverageWarning(
                    division=division,
                    uncovered=uncovered,
                    without_area=without_area,
                    plan_id=plan_id,
                )
            )
    latest = list(
        Action.history.select_related("history_user").order_by("-history_date", "-history_id")[:10]
    )
    existing = set(
        Action.objects.filter(pk__in={record.id for record in latest}).values_list("pk", flat=True)
    )
    for record in latest:
        record.label = label_of(record.title, record.description)  # as `Action.label` reads
    plan = goals[0].plan if goals else None
    trends = trends_for_plan(plan) if plan else []
    return Dashboard(
        indicators_against=[trend for trend in trends if trend.against_target],
        year=year,
        goal_rows=goal_rows,
        warnings=warnings,
        report_divisions=divisions,
        money=project_money(year),
        latest=[(record, record.id in existing) for record in latest],
    )
