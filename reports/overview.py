"""A year's overview for the board: counts and money as charts, each with its numbers."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from plans.models import FocusArea, Plan, StrategicGoal
from reports.annual import plan_for_year
from reports.charts import Series, bar_chart, line_chart
from reports.project_summary import GroupTotals, YearTotals, build_project_summary

CHARTS = ("goals", "focus-areas", "funders", "self-financing")


@dataclass(frozen=True)
class CountRow:
    label: str
    this_year: int
    last_year: int


@dataclass
class Overview:
    plan: Plan
    year: int
    title: str
    goals: list[CountRow]
    focus_areas: list[CountRow]
    funders: list[GroupTotals]
    years: list[YearTotals]


def action_counts(year: int, prefix: str) -> dict:
    """Distinct actions of this and last year under a goal or focus area, all divisions."""
    return {
        "this_year": Count(prefix, filter=Q(**{f"{prefix}__year": year}), distinct=True),
        "last_year": Count(prefix, filter=Q(**{f"{prefix}__year": year - 1}), distinct=True),
    }


def build_overview(year: int) -> Overview:
    plan = plan_for_year(year)
    goals = [
        CountRow(label=goal.name, this_year=goal.this_year, last_year=goal.last_year)
        for goal in StrategicGoal.objects.filter(plan=plan)
        .annotate(**action_counts(year, "focus_areas__actions"))
        .order_by("order")
    ]
    focus_areas = [
        CountRow(
            label=f"{focus_area.goal.order}.{focus_area.order} {focus_area.text}",
            this_year=focus_area.this_year,
            last_year=focus_area.last_year,
        )
        for focus_area in FocusArea.objects.in_plan(plan)
        .in_report_order()
        .annotate(**action_counts(year, "actions"))
    ]
    summary = build_project_summary(year=year)
    return Overview(
        plan=plan,
        year=year,
        title=f"Vuoden {year} katsaus: {plan.name} {plan.period}",
        goals=goals,
        focus_areas=focus_areas,
        funders=summary.by_funder,
        years=summary.by_year,
    )


def euros(amount: Decimal) -> float:
    # pygal draws floats; the exact amounts are in the table beside the chart.
    return float(amount)


def render_chart(overview: Overview, name: str) -> bytes:
    year = overview.year
    if name == "goals":
        return bar_chart(
            title="Toimenpiteet strategisten päämäärien mukaan",
            labels=[row.label for row in overview.goals],
            series=[
                Series(str(year - 1), [row.last_year for row in overview.goals]),
                Series(str(year), [row.this_year for row in overview.goals]),
            ],
        )
    if name == "focus-areas":
        return bar_chart(
            title="Toimenpiteet painopisteittäin",
            labels=[row.label for row in overview.focus_areas],
            series=[
                Series(str(year - 1), [row.last_year for row in overview.focus_areas]),
                Series(str(year), [row.this_year for row in overview.focus_areas]),
            ],
            horizontal=True,
        )
    if name == "funders":
        return bar_chart(
            title=f"Hankkeiden kustannusarviot rahoittajittain {year} (€)",
            labels=[row.label for row in overview.funders],
            series=[
                Series(
                    "Kustannusarvio", [euros(row.totals.total_budget) for row in overview.funders]
                ),
                Series("Kemin osuus", [euros(row.totals.kemi_share) for row in overview.funders]),
                Series(
                    "Omarahoitus", [euros(row.totals.self_financing) for row in overview.funders]
                ),
            ],
        )
    if name == "self-financing":
        return line_chart(
            title="Omarahoitus vuosittain (€)",
            labels=[str(row.year) for row in overview.years],
            series=[
                Series("Omarahoitus", [euros(row.totals.self_financing) for row in overview.years])
            ],
        )
    raise KeyError(name)
