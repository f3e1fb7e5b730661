"""The four roles exist from the first migration, their groups hold the permissions of
`common.roles.GROUP_PERMISSIONS`, and each can do what its name promises."""

import pytest
from django.contrib.auth.models import Group

from plans.models import Action
from tests.factories import ActionFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_roles_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "coordinator",
        "division_editor",
        "board",
        "admin",
    }


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
            "division_editor",
            ["plans.view_action", "plans.view_plan", "projects.view_project"],
            ["plans.add_action", "plans.change_action", "plans.delete_action"],
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


def test_every_role_group_has_exactly_the_permissions_of_the_table():
    from common.roles import GROUP_PERMISSIONS

    groups = {
        group.name: {
            (permission.content_type.app_label, permission.codename)
            for permission in group.permissions.select_related("content_type")
        }
        for group in Group.objects.filter(name__in=GROUP_PERMISSIONS)
    }
    assert groups == GROUP_PERMISSIONS


def test_the_groups_are_made_again_from_the_table_after_migrate():
    from django.contrib.auth.models import Permission
    from django.core.management import call_command

    editors = Group.objects.get(name="division_editor")
    editors.permissions.add(Permission.objects.get(codename="delete_action"))
    Group.objects.filter(name="board").delete()

    call_command("migrate", verbosity=0)

    assert not Group.objects.get(name="division_editor").permissions.filter(
        codename="delete_action"
    )
    assert Group.objects.get(name="board").permissions.filter(codename="view_action")


def test_a_division_editor_reads_the_admin_and_edits_actions_in_the_app_only(division_editor):
    assert division_editor.has_perm("plans.view_action")
    assert not any(
        division_editor.has_perm(f"plans.{action}_action") for action in ["add", "change", "delete"]
    )


def test_a_superuser_has_every_role_and_a_user_without_a_group_none(outsider):
    from common import roles
    from tests.factories import UserFactory

    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert roles.roles(superuser) == set(roles.ROLES)
    assert roles.can_close_year(superuser) and roles.can_reopen_year(superuser)
    assert roles.importable_kinds(superuser) == ["actions", "projects"]
    assert roles.roles(outsider) == set()
    assert not roles.can_read(outsider)


def test_the_import_kinds_are_the_imports_own():
    from common.roles import IMPORT_KINDS
    from imports.models import ImportBatch

    assert set(IMPORT_KINDS) == set(ImportBatch.Kind.values)


NO_ROLE_PAGES = [
    "/",
    "/actions/",
    "/coverage/",
    "/reports/",
    "/reports/annual/2023/hyvinvointitoimiala/",
    "/reports/annual/2023/hyvinvointitoimiala/xlsx/",
    "/reports/projects/",
    "/reports/projects/xlsx/",
    "/reports/overview/2023/",
    "/imports/",
]


@pytest.mark.parametrize("url", NO_ROLE_PAGES)
def test_a_user_without_a_role_sees_one_page_saying_whom_to_ask(client, outsider, settings, url):
    from tests.workspace import small_plan

    small_plan()
    settings.HYTE_SUPPORT_CONTACT = "hyte-koordinaattori Maija Meikäläinen"
    client.force_login(outsider)

    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 403
    assert "Sinulla ei ole roolia tässä sovelluksessa" in html
    assert "Käyttöoikeuksia myöntää hyte-koordinaattori Maija Meikäläinen." in html
    assert 'href="/reports/"' not in html


def test_a_staff_user_without_a_role_gets_no_admin(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_an_admin_manages_users_but_cannot_make_a_superuser_or_take_over_one(client, admin_user):
    from django.contrib.auth.models import User

    from tests.factories import UserFactory

    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin_user)

    page = client.get(f"/admin/auth/user/{admin_user.pk}/change/")
    password = client.post(
        f"/admin/auth/user/{superuser.pk}/password/",
        {"password1": "Uusi-salasana-2024", "password2": "Uusi-salasana-2024"},
    )

    assert "is_superuser" not in page.context["adminform"].form.fields
    assert password.status_code == 403
    assert not User.objects.get(pk=admin_user.pk).is_superuser
