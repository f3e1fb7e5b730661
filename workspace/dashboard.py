"""The dashboard's figures for a year: actions by goal and status, coverage gaps by division,
the latest changes and the year's reports."""

from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from plans.models import Action, Division, FocusArea, Plan, StrategicGoal, label_of


@dataclass(frozen=True)
class CoverageWarning:
    division: Division
    uncovered: int
    without_area: int
    plan_id: int | str


@dataclass
class Dashboard:
    year: int
    goal_rows: list[tuple[StrategicGoal, list[int]]]
    warnings: list[CoverageWarning]
    report_divisions: list[Division]
    latest: list[tuple[object, bool]]


def default_year() -> int:
    """This year if it has actions, else the latest year that has."""
    this_year = timezone.localdate().year
    years = Action.objects.order_by("-year").values_list("year", flat=True)
    if years.filter(year=this_year).exists():
        return this_year
    return years.first() or this_year


def build_dashboard(year: int) -> Dashboard:
    plans = Plan.objects.covering(year)
    goals = list(
        StrategicGoal.objects.filter(plan__in=plans)
        .select_related("plan")
        .order_by("plan", "order")
    )
    areas = set(FocusArea.objects.filter(goal__plan__in=plans).values_list("pk", flat=True))
    # The year's actions in one query, a row for each focus area an action serves (one with
    # None when it serves none), counted here: counting in SQL grouped a join of every year's
    # actions once per status.
    actions_of_goal = defaultdict(set)
    covered = defaultdict(set)
    without_area = defaultdict(int)
    rows = (
        Action.objects.for_year(year)
        .order_by()
        .values_list("pk", "division_id", "status", "focus_areas", "focus_areas__goal_id")
    )
    for pk, division_id, status, area_id, goal_id in rows:
        if area_id is None:
            without_area[division_id] += 1
        else:
            covered[division_id].add(area_id)
            actions_of_goal[goal_id, status].add(pk)
    goal_rows = [
        (goal, [len(actions_of_goal[goal.pk, status]) for status in Action.Status])
        for goal in goals
    ]
    divisions = list(Division.objects.filter(pk__in=covered.keys() | without_area.keys()))
    plan_id = goals[0].plan_id if goals else ""
    warnings = [
        CoverageWarning(
            division=division,
            uncovered=len(areas - covered[division.pk]),
            without_area=without_area[division.pk],
            plan_id=plan_id,
        )
        for division in divisions
        if areas - covered[division.pk] or without_area[division.pk]
    ]
    latest = list(
        Action.history.select_related("history_user").order_by("-history_date", "-history_id")[:10]
    )
    existing = set(
        Action.objects.filter(pk__in={record.id for record in latest}).values_list("pk", flat=True)
    )
    for record in latest:
        record.label = label_of(record.title, record.description)  # as `Action.label` reads
    return Dashboard(
        year=year,
        goal_rows=goal_rows,
        warnings=warnings,
        report_divisions=divisions,
        latest=[(record, record.id in existing) for record in latest],
    )
