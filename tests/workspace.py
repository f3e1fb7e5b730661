"""A small plan to work on: two goals, three focus areas and a division, built by factories."""

from dataclasses import dataclass

from plans.models import Division, FocusArea, Plan
from tests.factories import DivisionFactory, FocusAreaFactory, PlanFactory, StrategicGoalFactory

PASSWORD = "salasana-testi-123"


@dataclass
class SmallPlan:
    plan: Plan
    division: Division
    wellbeing: FocusArea
    cooperation: FocusArea
    housing: FocusArea


def small_plan() -> SmallPlan:
    plan = PlanFactory(name="Hyvinvointisuunnitelma", start_year=2022, end_year=2025)
    first = StrategicGoalFactory(plan=plan, order=1, name="Hyvinvoivat kuntalaiset")
    second = StrategicGoalFactory(plan=plan, order=2, name="Sujuva arki")
    return SmallPlan(
        plan=plan,
        division=DivisionFactory(name="Hyvinvointitoimiala", slug="hyvinvointitoimiala"),
        wellbeing=FocusAreaFactory(goal=first, order=1, text="Liikunnallinen elämäntapa"),
        cooperation=FocusAreaFactory(
            goal=first, order=4, text="Yhteistyö hyvinvointialueen yhdyspinnoilla"
        ),
        housing=FocusAreaFactory(goal=second, order=1, text="Asumisen turvallisuus"),
    )


def action_post(small: SmallPlan, **overrides) -> dict:
    """What the action form posts for a valid new action of 2023."""
    data = {
        "plan": small.plan.pk,
        "year": "2023",
        "division": small.division.pk,
        "title": "Someturvan käyttöönotto",
        "description": "Koulujen some-neuvontapalvelu.",
        "status": "done",
        "focus_areas": [small.cooperation.pk],
        "participants": "",
        "events": "",
        "feedback_score": "",
    }
    data.update(overrides)
    return data
