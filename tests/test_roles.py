"""The three roles exist from the first migration and can do what their names promise."""

import pytest
from django.contrib.auth.models import Group

from plans.models import Action
from tests.factories import ActionFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_roles_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= {"coordinator", "board", "admin"}


@pytest.mark.parametrize(
    ("persona", "allowed", "refused"),
    [
        (
            "coordinator",
            [
                "plans.change_action",
                "plans.add_action",
                "plans.change_focusarea",
                "projects.view_project",
            ],
            ["projects.change_project", "auth.change_user"],
        ),
        (
            "board_member",
            [
                "plans.view_action",
                "plans.view_plan",
                "projects.view_project",
                "projects.view_costsplit",
            ],
            [
                "plans.change_action",
                "plans.add_action",
                "projects.change_project",
                "plans.delete_action",
            ],
        ),
        (
            "admin_user",
            [
                "projects.change_project",
                "projects.add_costshare",
                "auth.add_user",
                "plans.view_action",
            ],
            ["plans.change_action", "plans.delete_plan"],
        ),
    ],
)
def test_role_permissions(request, persona, allowed, refused):
    user = request.getfixturevalue(persona)
    assert all(user.has_perm(permission) for permission in allowed)
    assert not any(user.has_perm(permission) for permission in refused)


def test_board_member_reads_the_admin_but_cannot_change_anything(client, board_member):
    action = ActionFactory()
    client.force_login(board_member)

    assert client.get("/admin/plans/action/").status_code == 200
    assert client.get(f"/admin/plans/action/{action.pk}/change/").status_code == 200
    response = client.post(f"/admin/plans/action/{action.pk}/change/", {"title": "Muutettu"})

    assert response.status_code == 403
    assert Action.objects.get(pk=action.pk).title == action.title


def test_coordinator_cannot_change_a_projects_budget(client, coordinator):
    project = ProjectFactory()
    client.force_login(coordinator)

    response = client.post(f"/admin/projects/project/{project.pk}/change/", {"total_budget": "1"})

    assert response.status_code == 403


def test_outsider_without_a_role_gets_no_admin(client, outsider):
    client.force_login(outsider)
    response = client.get("/admin/plans/action/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_anonymous_user_is_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
