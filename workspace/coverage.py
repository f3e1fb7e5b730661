"""The coverage checklist of a plan year and division: what the board should know before it
reads the annual table. Built in a fixed number of queries, whatever the number of actions."""

from dataclasses import dataclass

from common.content import CONTENT_LANGUAGES
from plans.models import Action, ActionFocusArea, Division, FocusArea, Plan, StrategicGoal


@dataclass
class AreaCoverage:
    """A focus area with the year's links to it, each a fact or an interpretation."""

    area: FocusArea
    links: list[ActionFocusArea]

    @property
    def interpreted(self) -> int:
        return sum(1 for link in self.links if link.is_interpretation)

    @property
    def only_interpretations(self) -> bool:
        """Every action tied to the area was read into it: the source itself ties none."""
        return bool(self.links) and self.interpreted == len(self.links)


@dataclass
class Coverage:
    plan: Plan
    year: int
    division: Division
    action_count: int
    areas: list[AreaCoverage]
    without_area: list[Action]
    unreviewed: list[Action]

    @property
    def uncovered(self) -> list[FocusArea]:
        return [row.area for row in self.areas if not row.links]

    @property
    def covered(self) -> list[AreaCoverage]:
        return [row for row in self.areas if row.links]

    @property
    def only_interpreted(self) -> list[FocusArea]:
        return [row.area for row in self.areas if row.only_interpretations]

    def goals(self) -> list[tuple[StrategicGoal, list[AreaCoverage]]]:
        """The covered areas grouped under their goals, in the plan's order."""
        grouped: dict[int, tuple[StrategicGoal, list[AreaCoverage]]] = {}
        for row in self.covered:
            grouped.setdefault(row.area.goal_id, (row.area.goal, []))[1].append(row)
        return list(grouped.values())


def build_coverage(plan: Plan, year: int, division: Division) -> Coverage:
    """Four queries: the plan's focus areas, the year's links to them with their actions, the
    actions without a focus area, and those whose carried text nobody has reviewed (the count
    of the year's actions is the fifth)."""
    year_actions = Action.objects.in_plan(plan).for_year(year).in_division(division)
    links: dict[int, list[ActionFocusArea]] = {}
    for link in (
        ActionFocusArea.objects.filter(action__in=year_actions)
        .select_related("action")
        .only(
            "focus_area_id",
            "interpretation",
            "source",
            # Both languages' texts: the page names each action in the reader's language.
            *(
                f"action__{text}_{language}"
                for text in ("title", "description")
                for language in CONTENT_LANGUAGES
            ),
        )
        .order_by("action__order", "action__pk")
    ):
        links.setdefault(link.focus_area_id, []).append(link)
    areas = [
        AreaCoverage(area=area, links=links.get(area.pk, []))
        for area in FocusArea.objects.in_plan(plan).in_report_order()
    ]
    labelled = year_actions.only("title", "description").order_by("order", "pk")
    return Coverage(
        plan=plan,
        year=year,
        division=division,
        action_count=year_actions.count(),
        areas=areas,
        without_area=list(labelled.filter(focus_areas__isnull=True)),
        unreviewed=list(labelled.needing_review()),
    )
