"""The frozen copy of a closed year: the public fields only (`public_fields.py`), as plain JSON.

Read once, when the year is published (`services.publish_year`). Dates are ISO strings
(`2023-01-01`), money and indicator values decimal strings (`295600.00`, `8.9`), unknown
amounts `null`: the open data (`opendata.py`) writes them as they stand.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from indicators.models import FocusAreaIndicator, Indicator, IndicatorValue, Region
from plans.models import (
    Action,
    ActionFocusArea,
    Decision,
    Division,
    FocusArea,
    Objective,
    Plan,
    StrategicGoal,
    YearClosing,
)
from projects.models import Funder, Project
from publication.public_fields import PROJECT_MONEY, public_fields

# Raised when the copy's shape changes, so that a reader can tell old copies from new.
SCHEMA = 1


def plain(value):
    """A value as JSON holds it: ISO dates, decimals as strings, the rest as it is."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def row(values: dict, fields, renames: dict | None = None) -> dict:
    renames = renames or {}
    return {renames.get(name, name): plain(values[name]) for name in fields}


def decision_of(decision_id) -> dict | None:
    if decision_id is None:
        return None
    values = Decision.objects.values(*public_fields(Decision)).get(pk=decision_id)
    return row(values, public_fields(Decision))


def build_snapshot(*, plan: Plan, year: int, division: Division, closing: YearClosing) -> dict:
    plan_fields = public_fields(Plan)
    plan_values = Plan.objects.values("decision_id", *plan_fields).get(pk=plan.pk)
    division_fields = public_fields(Division)
    division_values = Division.objects.values(*division_fields).get(pk=division.pk)
    goals, numbers = goals_of(plan)
    return {
        "schema": SCHEMA,
        "year": year,
        "plan": {
            **row(plan_values, plan_fields),
            "decision": decision_of(plan_values["decision_id"]),
        },
        "division": row(division_values, division_fields),
        "closing_decision": decision_of(closing.decision_id),
        "goals": goals,
        "actions": actions_of(plan, year, division, numbers),
        "indicators": indicators_of(plan, numbers),
        "regions": [
            row(region, public_fields(Region))
            for region in Region.objects.order_by("pk").values(*public_fields(Region))
        ],
        "projects": projects_of(year, division),
    }


def goals_of(plan: Plan) -> tuple[list[dict], dict[int, str]]:
    """The plan's goals with their objectives and focus areas; and each focus area's number
    (`1.4`: the goal's position and its own), which the actions and indicators refer to."""
    goal_fields = public_fields(StrategicGoal)
    goals = {
        values["pk"]: {**row(values, goal_fields), "objectives": [], "focus_areas": []}
        for values in StrategicGoal.objects.rewrite(False)
        .filter(plan=plan)
        .order_by("order", "pk")
        .values("pk", *goal_fields)
    }
    for values in (
        Objective.objects.rewrite(False)
        .filter(goal__plan=plan)
        .order_by("order", "pk")
        .values("goal_id", *public_fields(Objective))
    ):
        goals[values["goal_id"]]["objectives"].append(row(values, public_fields(Objective)))
    numbers = {}
    for values in (
        FocusArea.objects.rewrite(False)
        .filter(goal__plan=plan)
        .order_by("order", "pk")
        .values("pk", "goal_id", *public_fields(FocusArea))
    ):
        goal = goals[values["goal_id"]]
        number = f"{goal['order']}.{values['order']}"
        numbers[values["pk"]] = number
        goal["focus_areas"].append({"number": number, **row(values, public_fields(FocusArea))})
    return list(goals.values()), numbers


def actions_of(plan: Plan, year: int, division: Division, numbers: dict) -> list[dict]:
    """The year's actions of the division in the report's order, each with the numbers of the
    focus areas it serves and whether that tie is an interpretation (never its reason)."""
    fields = public_fields(Action)
    actions = {
        values["pk"]: {**row(values, fields), "focus_areas": []}
        for values in Action.objects.rewrite(False)
        .in_plan(plan)
        .for_year(year)
        .in_division(division)
        .order_by("order", "pk")
        .values("pk", *fields)
    }
    links = (
        ActionFocusArea.objects.filter(action_id__in=list(actions))
        .order_by("focus_area__goal__order", "focus_area__order")
        .values_list("action_id", "focus_area_id", "interpretation")
    )
    for action_id, focus_area_id, interpretation in links:
        actions[action_id]["focus_areas"].append(
            {"number": numbers[focus_area_id], "interpretation": bool(interpretation)}
        )
    return list(actions.values())


def indicators_of(plan: Plan, numbers: dict) -> list[dict]:
    """The indicators the plan's focus areas follow, with the target and every value of the
    compared regions known when the year was published."""
    link_fields = public_fields(FocusAreaIndicator)
    links = list(
        FocusAreaIndicator.objects.in_plan(plan)
        .order_by("focus_area__goal__order", "focus_area__order", "order", "indicator__title_fi")
        .values("focus_area_id", "indicator_id", *link_fields)
    )
    indicator_ids = {link["indicator_id"] for link in links}
    indicator_fields = public_fields(Indicator)
    indicators = {
        values["pk"]: row(values, indicator_fields)
        for values in Indicator.objects.filter(pk__in=indicator_ids).values("pk", *indicator_fields)
    }
    roles = dict(Region.objects.values_list("pk", "role"))
    series = defaultdict(list)
    for values in (
        IndicatorValue.objects.filter(
            indicator_id__in=indicator_ids, gender=IndicatorValue.Gender.TOTAL
        )
        .order_by("year", "region_id")
        .values("indicator_id", "region_id", *public_fields(IndicatorValue))
    ):
        series[values["indicator_id"]].append(
            {"region": roles[values["region_id"]], **row(values, public_fields(IndicatorValue))}
        )
    return [
        {
            "focus_area": numbers[link["focus_area_id"]],
            **indicators[link["indicator_id"]],
            **row(link, link_fields),
            "values": series[link["indicator_id"]],
        }
        for link in links
    ]


def projects_of(year: int, division: Division) -> list[dict]:
    """The projects running in the year that count for the division (projects/README.md)."""
    fields = public_fields(Project)
    projects = {
        values["pk"]: {**row(values, fields, PROJECT_MONEY), "funders": []}
        for values in Project.objects.rewrite(False)
        .running_in(year)
        .in_division(division, year)
        .order_by("name")
        .values("pk", *fields)
    }
    funder_fields = public_fields(Funder)
    for values in (
        Project.funders.through.objects.filter(project_id__in=list(projects))
        .order_by("funder__code")
        .values("project_id", *(f"funder__{name}" for name in funder_fields))
    ):
        projects[values["project_id"]]["funders"].append(
            {name: values[f"funder__{name}"] for name in funder_fields}
        )
    return list(projects.values())
