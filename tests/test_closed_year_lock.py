"""A year the board has taken note of is locked on every path, not only through the services:
the admin's deletions, a project's links, cascades, bulk QuerySet writes and restoring an old
version. Each is refused in Finnish and changes nothing; after reopening the same path works."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from plans.closing import close_year, reopen_year
from plans.models import Action, Decision, Division, InterpretationMark, Plan, StrategicGoal
from plans.services import carry_forward, restore_action, update_action
from projects.models import Project
from tests.factories import ActionFactory, DecisionFactory, ProjectFactory, UserFactory
from tests.reports_helpers import visible_text
from tests.test_action_versions import admin_form
from tests.workspace import small_plan

LOCKED = "Toimialan Hyvinvointitoimiala vuosi 2023 on lukittu"


@pytest.fixture
def small(db):
    return small_plan()


@pytest.fixture
def superuser(db):
    return UserFactory(username="yllapito", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def action(small):
    return ActionFactory(
        plan=small.plan,
        division=small.division,
        year=2023,
        title="Someturvan käyttöönotto",
        focus_areas=[small.cooperation],
    )


@pytest.fixture
def project(action):
    project = ProjectFactory(name="Someturva-hanke")
    project.actions.add(action)
    return project


@pytest.fixture
def closing(small, superuser, action):
    return close_year(
        plan=small.plan,
        year=2023,
        division=small.division,
        body="Hyvinvointilautakunta",
        date=datetime.date(2024, 3, 12),
        section=25,
        closed_by=superuser,
    )


def reopen(closing, superuser):
    reopen_year(closing=closing, reopened_by=superuser)


def refused(call) -> str:
    """The refusal's message. The call runs in a savepoint of its own, as a view's would: the
    ORM raises inside its own transaction blocks, which leaves the enclosing one unusable."""
    with pytest.raises(ValidationError) as error, transaction.atomic():
        call()
    return " ".join(error.value.messages)


# The admin's deletions of actions


def test_the_admins_delete_page_names_the_locked_action_and_deletes_nothing(
    admin_client, action, closing, superuser
):
    url = f"/admin/plans/action/{action.pk}/delete/"

    page = admin_client.get(url)
    posted = admin_client.post(url, {"post": "yes"})

    assert page.status_code == posted.status_code == 200
    assert "Ei voida poistaa" in visible_text(page)
    assert f"Toimenpide ”Someturvan käyttöönotto”: {LOCKED}" in visible_text(posted)
    assert Action.objects.filter(pk=action.pk).exists()

    reopen(closing, superuser)
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Action.objects.filter(pk=action.pk).exists()


def test_the_admins_bulk_delete_refuses_and_deletes_none(
    admin_client, small, action, closing, superuser
):
    other = ActionFactory(plan=small.plan, year=2024, focus_areas=[small.wellbeing])
    chosen = {"action": "delete_selected", "_selected_action": [other.pk, action.pk]}

    response = admin_client.post("/admin/plans/action/", {**chosen, "post": "yes"})

    assert response.status_code == 200
    assert LOCKED in visible_text(response)
    assert Action.objects.filter(pk__in=[action.pk, other.pk]).count() == 2

    reopen(closing, superuser)
    admin_client.post("/admin/plans/action/", {**chosen, "post": "yes"})
    assert not Action.objects.filter(pk__in=[action.pk, other.pk]).exists()


# QuerySet writes that go around the services


def test_a_querysets_delete_is_refused(action, closing, superuser):
    assert LOCKED in refused(lambda: Action.objects.filter(year=2023).delete())
    assert LOCKED in refused(action.delete)
    assert Action.objects.filter(pk=action.pk).exists()

    reopen(closing, superuser)
    Action.objects.filter(year=2023).delete()
    assert not Action.objects.exists()


def test_a_querysets_update_is_refused_and_so_is_a_move_into_the_closed_year(
    small, action, closing, superuser
):
    later = ActionFactory(
        plan=small.plan, division=small.division, year=2024, focus_areas=[small.wellbeing]
    )

    assert LOCKED in refused(lambda: Action.objects.filter(year=2023).update(title="Muutettu"))
    assert LOCKED in refused(lambda: Action.objects.filter(pk=later.pk).update(year=2023))
    assert LOCKED in refused(
        lambda: Action.objects.bulk_update([Action(pk=action.pk, title="Muutettu")], ["title"])
    )
    action.refresh_from_db()
    later.refresh_from_db()
    assert (action.title, later.year) == ("Someturvan käyttöönotto", 2024)

    Action.objects.filter(pk=later.pk).update(title="Vuoden 2024 toimenpide")  # an open year

    reopen(closing, superuser)
    Action.objects.filter(year=2023).update(title="Muutettu")
    action.refresh_from_db()
    assert action.title == "Muutettu"


def test_restoring_an_earlier_version_is_refused(small, action, superuser):
    record = action.history.first()
    update_action(action=action, focus_areas=[small.housing], expected_version=1)
    closing = close_year(
        plan=small.plan,
        year=2023,
        division=small.division,
        body="Hyvinvointilautakunta",
        date=datetime.date(2024, 3, 12),
        section=25,
        closed_by=superuser,
    )

    assert LOCKED in refused(
        lambda: restore_action(
            action=Action.objects.get(pk=action.pk), record=record, expected_version=2
        )
    )
    assert list(Action.objects.get(pk=action.pk).focus_areas.all()) == [small.housing]

    reopen(closing, superuser)
    restore_action(action=Action.objects.get(pk=action.pk), record=record, expected_version=2)
    assert list(Action.objects.get(pk=action.pk).focus_areas.all()) == [small.cooperation]


# A project's links to the year's actions


def test_links_changed_from_the_projects_side_are_refused(
    small, action, project, closing, superuser
):
    other_project = ProjectFactory(name="Toinen hanke")

    assert LOCKED in refused(lambda: project.actions.remove(action))
    assert LOCKED in refused(project.actions.clear)
    assert LOCKED in refused(lambda: project.actions.set([]))
    assert LOCKED in refused(lambda: other_project.actions.add(action))
    assert LOCKED in refused(lambda: action.projects.remove(project))
    assert list(action.projects.all()) == [project]

    reopen(closing, superuser)
    project.actions.remove(action)
    assert not action.projects.exists()


def test_the_project_admin_shows_a_form_error_and_keeps_the_links(
    admin_client, small, action, project, closing, superuser
):
    url = f"/admin/projects/project/{project.pk}/change/"
    data = admin_form(admin_client, url)
    assert data["actions"] == [action.pk]
    data["actions"] = []

    response = admin_client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["actions"]
    assert "Lukitun vuoden toimenpidettä ei voi liittää hankkeeseen" in errors[0]
    assert LOCKED in errors[0]
    assert list(project.actions.all()) == [action]

    reopen(closing, superuser)
    assert admin_client.post(url, data).status_code == 302
    assert not project.actions.exists()


def test_the_project_admin_keeps_other_changes_possible_while_a_link_is_locked(
    admin_client, small, action, project, closing
):
    open_year = ActionFactory(
        plan=small.plan, division=small.division, year=2024, focus_areas=[small.wellbeing]
    )
    url = f"/admin/projects/project/{project.pk}/change/"
    data = admin_form(admin_client, url) | {"actions": [action.pk, open_year.pk]}

    assert admin_client.post(url, data).status_code == 302
    assert set(project.actions.all()) == {action, open_year}


def test_deleting_a_project_linked_to_the_year_is_refused(
    admin_client, action, project, closing, superuser
):
    url = f"/admin/projects/project/{project.pk}/delete/"

    assert LOCKED in refused(project.delete)
    assert LOCKED in refused(lambda: Project.objects.filter(pk=project.pk).delete())
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "Ei voida poistaa" in visible_text(response)
    assert LOCKED in visible_text(response)
    assert list(Project.objects.get(pk=project.pk).actions.all()) == [action]

    reopen(closing, superuser)
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()


# Deletions that cascade into the year from the plan's structure


def test_the_plans_structure_under_the_years_actions_cannot_be_deleted(
    admin_client, small, action, closing
):
    # Protected whether the year is closed or not: the actions would lose their plan.
    for instance in [small.cooperation, small.cooperation.goal, small.plan, small.division]:
        with pytest.raises(ProtectedError), transaction.atomic():
            instance.delete()
    response = admin_client.post(f"/admin/plans/plan/{small.plan.pk}/delete/", {"post": "yes"})
    assert "Ei voida poistaa" in visible_text(response)
    assert Plan.objects.filter(pk=small.plan.pk).exists()
    assert Division.objects.filter(pk=small.division.pk).exists()
    assert StrategicGoal.objects.filter(pk=small.cooperation.goal_id).exists()
    assert list(action.focus_areas.all()) == [small.cooperation]


def test_focus_area_and_decision_links_changed_from_their_side_are_refused(
    admin_client, small, action, closing, superuser
):
    decision = DecisionFactory()
    Action.decisions.through.objects.create(action=action, decision=decision)

    assert LOCKED in refused(lambda: small.cooperation.actions.remove(action))
    assert LOCKED in refused(lambda: small.housing.actions.add(action))
    assert LOCKED in refused(lambda: decision.actions.clear())
    assert LOCKED in refused(decision.delete)
    response = admin_client.post(f"/admin/plans/decision/{decision.pk}/delete/", {"post": "yes"})
    assert LOCKED in visible_text(response)
    assert list(action.focus_areas.all()) == [small.cooperation]
    assert list(action.decisions.all()) == [decision]

    reopen(closing, superuser)
    decision.delete()
    assert not action.decisions.exists()
    assert not Decision.objects.filter(pk=decision.pk).exists()


# Copies carried into the next year


def test_a_copy_keeps_its_link_to_the_closed_action_and_can_be_deleted(
    small, action, closing, superuser
):
    (copy,) = carry_forward(actions=[action], to_year=2024)

    assert LOCKED in refused(action.delete)
    copy.refresh_from_db()
    assert copy.carried_from == action

    copy.delete()  # the next year is open: its copy goes, the closed action is untouched
    assert Action.objects.filter(pk=action.pk).exists()


def test_deleting_the_source_of_a_copy_in_a_closed_year_is_refused(small, superuser):
    source = ActionFactory(
        plan=small.plan, division=small.division, year=2022, focus_areas=[small.wellbeing]
    )
    (copy,) = carry_forward(actions=[source], to_year=2023)
    closing = close_year(
        plan=small.plan,
        year=2023,
        division=small.division,
        body="Hyvinvointilautakunta",
        date=datetime.date(2024, 3, 12),
        section=25,
        closed_by=superuser,
        confirm_unreviewed=True,  # the copy's text is not reviewed
    )

    # The copy's `carried_from` would be emptied.
    assert LOCKED in refused(source.delete)
    copy.refresh_from_db()
    assert copy.carried_from == source

    reopen(closing, superuser)
    source.delete()
    copy.refresh_from_db()
    assert copy.carried_from is None


def test_the_open_years_keep_working(small, action, project, closing):
    open_year = ActionFactory(
        plan=small.plan, division=small.division, year=2024, focus_areas=[small.wellbeing]
    )
    project.actions.add(open_year)
    project.actions.remove(open_year)
    open_year.delete()
    assert list(project.actions.all()) == [action]


def test_the_interpretation_mark_of_a_closed_years_figure_cannot_be_deleted(
    admin_client, action, superuser
):
    mark = InterpretationMark.objects.create(
        content_object=action, field_name="status", interpretation="Luettu tekstistä.", source="002"
    )
    closing = close_year(
        plan=action.plan,
        year=2023,
        division=action.division,
        body="Hyvinvointilautakunta",
        date=datetime.date(2024, 3, 12),
        section=25,
        closed_by=superuser,
    )
    url = f"/admin/plans/interpretationmark/{mark.pk}/delete/"
    chosen = {"action": "delete_selected", "_selected_action": [mark.pk], "post": "yes"}

    assert LOCKED in refused(mark.delete)
    assert LOCKED in visible_text(admin_client.post(url, {"post": "yes"}))
    assert LOCKED in visible_text(admin_client.post("/admin/plans/interpretationmark/", chosen))
    assert InterpretationMark.objects.filter(pk=mark.pk).exists()

    reopen(closing, superuser)
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not InterpretationMark.objects.filter(pk=mark.pk).exists()
