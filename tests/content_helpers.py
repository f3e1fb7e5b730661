"""A small plan with texts in both languages: the first goal and focus area translated into
Swedish, an objective in Finnish only, and two actions, one translated and one not."""

from plans.models import Action, FocusArea, StrategicGoal
from tests.factories import ActionFactory, ObjectiveFactory
from tests.workspace import SmallPlan, small_plan


def bilingual_plan() -> SmallPlan:
    small = small_plan()
    StrategicGoal.objects.filter(pk=small.wellbeing.goal_id).update(name_sv="Välmående invånare")
    FocusArea.objects.filter(pk=small.wellbeing.pk).update(text_sv="En motionsrik livsstil")
    small.wellbeing.refresh_from_db()
    ObjectiveFactory(goal=small.wellbeing.goal, order=1, text="Tuemme kuntalaisten terveyttä.")
    return small


def translated_and_finnish_actions(small: SmallPlan) -> tuple[Action, Action]:
    """One action translated into Swedish, one in Finnish only."""
    translated = ActionFactory(
        plan=small.plan,
        division=small.division,
        order=1,
        title="Uimakoulu",
        description="Uimakoulu kaikille ekaluokkalaisille.",
        focus_areas=[small.wellbeing],
    )
    Action.objects.filter(pk=translated.pk).update(
        title_sv="Simskola", description_sv="Simskola för alla förstaklassare."
    )
    finnish_only = ActionFactory(
        plan=small.plan,
        division=small.division,
        order=2,
        title="Someturvan käyttöönotto",
        description="Koulujen some-neuvontapalvelu.",
        focus_areas=[small.wellbeing],
    )
    return Action.objects.get(pk=translated.pk), finnish_only
