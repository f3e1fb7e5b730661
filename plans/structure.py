"""The plan's structure read from a document: found where it exists, created where it does not.

A city starting with the app has its plan only on paper (the annual table, `imports.document`
reads it); a city that has it already must not get a second copy of a goal or a focus area.
`find_structure` tells, without writing, what of a document's plan exists; `save_structure`
writes what is missing, in one transaction with the caller's other writes.

Matching is by text, ignoring case and spacing (`same_text`): the plan by its name and start
year, the decision by body, date and section, the division by its name, a goal by its name in
the plan, an objective and a focus area by their text under their goal. What is new is
appended after what exists (order = the last + 1): nothing existing is renumbered or renamed.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from common.content import finnish_columns
from plans.models import Decision, Division, FocusArea, Objective, Plan, StrategicGoal

DECISION_REFERENCE = re.compile(
    r"^\s*(?P<body>[^\d§]+?)\s+(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\s*§\s*"
    r"(?P<section>\d+)\s*$"
)


def same_text(text: str) -> str:
    """A text's key for matching: case and runs of spaces do not count."""
    return " ".join(text.split()).casefold()


@dataclass
class GoalText:
    name: str
    objectives: list[str]
    focus_areas: list[str]


@dataclass
class PlanText:
    """The plan as a document states it; `decision` as printed: `KV 3.10.2022 § 77`."""

    name: str
    start_year: int
    end_year: int
    strategy_name: str
    decision: str
    division: str
    goals: list[GoalText]


@dataclass
class Found:
    """What of a PlanText is stored already (None / missing keys: new)."""

    plan: Plan | None = None
    decision: Decision | None = None
    division: Division | None = None
    goals: dict[str, StrategicGoal] = field(default_factory=dict)
    objectives: set[tuple[int, str]] = field(default_factory=set)
    focus_areas: dict[tuple[int, str], FocusArea] = field(default_factory=dict)

    def goal(self, name: str) -> StrategicGoal | None:
        return self.goals.get(same_text(name))

    def focus_area(self, goal_name: str, text: str) -> FocusArea | None:
        goal = self.goal(goal_name)
        return self.focus_areas.get((goal.pk, same_text(text))) if goal else None

    def has_objective(self, goal_name: str, text: str) -> bool:
        goal = self.goal(goal_name)
        return bool(goal) and (goal.pk, same_text(text)) in self.objectives


def parse_decision(reference: str) -> tuple[str, datetime.date, int]:
    """`KV 3.10.2022 § 77` as (body, date, section); ValidationError in Finnish otherwise."""
    match = DECISION_REFERENCE.match(reference)
    if match:
        try:
            date = datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            pass
        else:
            return match["body"].strip(), date, int(match["section"])
    raise ValidationError(
        _("Kirjoita päätös muodossa toimielin, päivämäärä ja pykälä, esim. KV 3.10.2022 § 77.")
    )


def find_structure(text: PlanText, *, lock: bool = False) -> Found:
    """The stored plan, decision, division, goals, objectives and focus areas that the text
    names: six queries whatever the size of the plan. With `lock`, the plan's row is locked
    until the transaction ends (`FOR NO KEY UPDATE`): two imports of the same plan run one
    after the other, and the second finds what the first wrote."""
    found = Found()
    plans = Plan.objects.filter(name__iexact=text.name.strip(), start_year=text.start_year)
    if lock:
        plans = plans.select_for_update(no_key=True)
    found.plan = plans.first()
    if text.decision:
        body, date, section = parse_decision(text.decision)
        found.decision = Decision.objects.filter(
            body__iexact=body, date=date, section=section
        ).first()
    found.division = Division.objects.filter(name__iexact=text.division.strip()).first()
    if found.plan is None:
        return found
    # The document is Finnish: matched against the Finnish texts (`name` would be the active
    # language's), and the new rows written into the Finnish columns.
    found.goals = {same_text(goal.name_fi): goal for goal in found.plan.goals.all()}
    found.objectives = {
        (goal_id, same_text(objective))
        for goal_id, objective in Objective.objects.filter(goal__plan=found.plan).values_list(
            "goal_id", "text_fi"
        )
    }
    found.focus_areas = {
        (area.goal_id, same_text(area.text_fi)): area
        for area in FocusArea.objects.filter(goal__plan=found.plan)
    }
    return found


@transaction.atomic
def save_structure(text: PlanText) -> Found:
    """Create what of the text's plan is missing, and return every part of it, stored.

    The new rows are checked (`full_clean`) before any is written and written in bulk, a
    fixed number of queries whatever the size of the plan. Their uniqueness was settled by
    the matching; the database's constraints stay the guard when two imports of a new plan
    meet (one of them fails with IntegrityError and writes nothing).
    """
    found = find_structure(text, lock=True)
    if found.decision is None and text.decision:
        body, date, section = parse_decision(text.decision)
        found.decision = checked(
            Decision(body=body, date=date, section=section, title=plan_title(text))
        )
        found.decision.save()
    if found.plan is None:
        found.plan = checked(
            Plan(
                name=text.name.strip(),
                start_year=text.start_year,
                end_year=text.end_year,
                strategy_name=text.strategy_name,
                decision=found.decision,
            )
        )
        found.plan.save()
    if found.division is None:
        found.division = checked(Division(name=text.division.strip(), slug=slugify(text.division)))
        found.division.save()
    new_goals = []
    order = max((goal.order for goal in found.goals.values()), default=0)
    for goal_text in text.goals:
        if found.goal(goal_text.name) is None:
            order += 1
            goal = checked(StrategicGoal(plan=found.plan, order=order, name_fi=goal_text.name))
            found.goals[same_text(goal.name_fi)] = goal
            new_goals.append(goal)
    # The original columns get the Finnish texts, as a save writes them (`common.content`).
    with finnish_columns():
        StrategicGoal.objects.bulk_create(new_goals)
    objectives, areas = new_rows(text, found)
    with finnish_columns():
        Objective.objects.bulk_create(objectives)
        FocusArea.objects.bulk_create(areas)
    if found.decision is not None and areas:
        links = FocusArea.decisions.through
        links.objects.bulk_create(
            [links(focusarea_id=area.pk, decision_id=found.decision.pk) for area in areas]
        )
    for area in areas:
        found.focus_areas[(area.goal_id, same_text(area.text_fi))] = area
    return found


def new_rows(text: PlanText, found: Found) -> tuple[list[Objective], list[FocusArea]]:
    objective_order: dict[int, int] = dict(
        Objective.objects.filter(goal__plan=found.plan)
        .order_by()
        .values_list("goal_id")
        .annotate(last=Max("order"))
    )
    area_order: dict[int, int] = {}
    for (goal_id, _key), area in found.focus_areas.items():
        area_order[goal_id] = max(area_order.get(goal_id, 0), area.order)
    objectives, areas = [], []
    for goal_text in text.goals:
        goal = found.goal(goal_text.name)
        seen = set()
        for objective in goal_text.objectives:
            key = (goal.pk, same_text(objective))
            if key in found.objectives or key in seen:
                continue
            seen.add(key)
            objective_order[goal.pk] = objective_order.get(goal.pk, 0) + 1
            objectives.append(
                checked(Objective(goal=goal, order=objective_order[goal.pk], text_fi=objective))
            )
        for area_text in goal_text.focus_areas:
            key = (goal.pk, same_text(area_text))
            if key in found.focus_areas or key in seen:
                continue
            seen.add(key)
            area_order[goal.pk] = area_order.get(goal.pk, 0) + 1
            areas.append(
                checked(FocusArea(goal=goal, order=area_order[goal.pk], text_fi=area_text))
            )
    return objectives, areas


def plan_title(text: PlanText) -> str:
    return f"{text.name} {text.start_year}–{str(text.end_year)[-2:]}"


def checked(instance):
    """The model's own rules (`full_clean`); uniqueness is the matching's and the database's."""
    instance.full_clean(validate_unique=False, validate_constraints=False)
    return instance
