"""The actions counted ahead (`plans.counts`), which the dashboard and the overview read, stay
exact on every path that writes actions: after each write the stored counts are compared
with the counts made again from the actions."""

import pytest

from plans.counts import refresh_counts
from plans.models import Action, ActionFocusArea, FocusAreaCount, GoalCount
from plans.services import (
    ActionWrite,
    carry_forward,
    import_actions,
    restore_action,
    update_action,
)
from tests.factories import ActionFactory, DivisionFactory, StrategicGoalFactory
from tests.workspace import action_post, small_plan


@pytest.fixture
def small(db):
    return small_plan()


def counts() -> tuple[list, list]:
    goals = GoalCount.objects.values_list("year", "division", "status", "goal", "actions", "stated")
    areas = FocusAreaCount.objects.values_list(
        "year", "division", "status", "focus_area", "actions", "interpreted"
    )
    return sorted(goals), sorted(areas, key=str)


def assert_exact() -> tuple[list, list]:
    """The stored counts are those counted again from scratch; returns them."""
    stored = counts()
    refresh_counts()
    assert stored == counts()
    return stored


def goal_count(goal, **place) -> int:
    return sum(GoalCount.objects.filter(goal=goal, **place).values_list("actions", flat=True))


def test_the_form_creating_editing_and_deleting_an_action_keeps_the_counts_exact(
    client, coordinator, small
):
    client.force_login(coordinator)
    client.post("/actions/new/", action_post(small))
    action = Action.objects.get()
    assert_exact()
    assert goal_count(small.cooperation.goal, year=2023, status="done") == 1

    other = DivisionFactory()
    edit = action_post(
        small,
        year="2024",
        division=other.pk,
        status="ongoing",
        focus_areas=[small.wellbeing.pk, small.cooperation.pk, small.housing.pk],
        version=action.version,
    )
    assert client.post(f"/actions/{action.pk}/edit/", edit).status_code == 302
    assert_exact()
    assert goal_count(small.cooperation.goal, year=2023) == 0
    # Two focus areas of the first goal: the action counts once under it.
    assert goal_count(small.cooperation.goal, year=2024, division=other, status="ongoing") == 1

    client.post(f"/actions/{action.pk}/delete/")
    assert not Action.objects.exists()
    assert assert_exact() == ([], [])


def test_carrying_forward_and_restoring_keep_the_counts_exact(small):
    sources = [
        ActionFactory(plan=small.plan, division=small.division, focus_areas=[small.wellbeing]),
        ActionFactory(
            plan=small.plan, division=small.division, focus_areas=[small.housing, small.cooperation]
        ),
    ]
    carry_forward(actions=sources, to_year=2024)
    goals, areas = assert_exact()
    assert {row[0] for row in goals} == {2023, 2024}
    assert (2024, small.division.pk, "done", small.housing.pk, 1, 0) in areas

    action = Action.objects.get(pk=sources[0].pk)
    marks = {small.housing.pk: ("Luettu tekstistä", "Toimintakertomus 2023")}
    update_action(action=action, focus_areas=[small.housing], expected_version=1, link_marks=marks)
    assert_exact()
    # The interpreted link counts under its goal, as stated only through the other action.
    housing = GoalCount.objects.get(year=2023, goal=small.housing.goal)
    assert (housing.actions, housing.stated) == (2, 1)
    record = action.history.order_by("-history_id").first()
    action = Action.objects.get(pk=action.pk)
    update_action(action=action, focus_areas=[small.wellbeing], expected_version=2)
    assert_exact()
    assert GoalCount.objects.get(year=2023, goal=small.housing.goal).actions == 1

    restore_action(action=Action.objects.get(pk=action.pk), record=record, expected_version=3)
    assert_exact()
    housing = GoalCount.objects.get(year=2023, goal=small.housing.goal)
    assert (housing.actions, housing.stated) == (2, 1)


def test_an_import_keeps_the_counts_exact(small):
    moved = ActionFactory(plan=small.plan, division=small.division, focus_areas=[small.wellbeing])
    other = DivisionFactory()
    new = Action(plan=small.plan, year=2023, division=other, title="Tuotu")
    moved.division = other
    moved.status = Action.Status.ONGOING
    import_actions(
        creates=[ActionWrite(action=new, focus_areas=[small.housing])],
        updates=[ActionWrite(moved, [small.cooperation], expected_version=moved.version)],
    )
    assert_exact()
    assert not GoalCount.objects.filter(division=small.division).exists()
    assert goal_count(small.cooperation.goal, division=other, status="ongoing") == 1


def test_the_admin_deleting_an_action_keeps_the_counts_exact(client, coordinator, small):
    action = ActionFactory(plan=small.plan, focus_areas=[small.wellbeing])
    client.force_login(coordinator)  # who edits actions in the admin as well

    client.post(f"/admin/plans/action/{action.pk}/delete/", {"post": "yes"})

    assert not Action.objects.exists()
    assert assert_exact() == ([], [])


def test_a_link_saved_by_itself_and_a_focus_area_moved_keep_the_counts_exact(small):
    action = ActionFactory(plan=small.plan, focus_areas=[small.wellbeing, small.housing])
    link = ActionFocusArea.objects.get(action=action, focus_area=small.housing)
    link.interpretation, link.source = "Luettu tekstistä", "Toimintakertomus 2023"
    link.save()
    assert_exact()
    assert FocusAreaCount.objects.get(focus_area=small.housing).interpreted == 1

    small.housing.goal = StrategicGoalFactory(plan=small.plan, order=3, name="Kolmas")
    small.housing.save()
    assert_exact()
    assert goal_count(small.housing.goal) == 1


def test_many_actions_written_through_the_orm_are_counted_exactly(small):
    areas = [small.wellbeing, small.cooperation, small.housing]
    divisions = [small.division, DivisionFactory()]
    for n in range(30):
        ActionFactory(
            plan=small.plan,
            year=2022 + n % 3,
            division=divisions[n % 2],
            status=list(Action.Status)[n % 4],
            focus_areas=areas[: n % 4],
        )
    goals, areas_counted = assert_exact()
    assert sum(row[4] for row in areas_counted if row[3] is None) == 8  # n % 4 == 0
