"""Who may do what: anonymous / outsider / board / admin / division editor / coordinator, on
the workspace's pages, by example (tests/test_access_matrix.py walks every URL)."""

import pytest

from plans.models import Action
from plans.services import update_action
from tests.factories import ActionFactory, DivisionFactory
from tests.workspace import action_post, small_plan

READ_PAGES = [
    "/",
    "/actions/",
    "/coverage/",
    "/actions/export.xlsx",
    "/actions/export.csv",
    "/reports/",
    "/reports/projects/",
]
OWN = "own"  # an action of the division editor's own division
OTHER = "other"


@pytest.fixture
def setting(db, division_editor):
    small = small_plan()  # its division is the editor's own: same slug
    other = DivisionFactory(name="Perusturvatoimiala", slug="perusturvatoimiala")
    actions = {
        OWN: ActionFactory(plan=small.plan, division=small.division, focus_areas=[small.wellbeing]),
        OTHER: ActionFactory(plan=small.plan, division=other, focus_areas=[small.wellbeing]),
    }
    return small, actions


def users(request, name):
    if name == "anonymous":
        return None
    return request.getfixturevalue(name)


def sign_in(client, request, name):
    user = users(request, name)
    if user:
        client.force_login(user)
    return user


@pytest.mark.parametrize("url", READ_PAGES + ["/actions/{id}/"])
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("board_member", 200),
        ("admin_user", 200),
        ("division_editor", 200),
        ("coordinator", 200),
        ("outsider", 403),
    ],
)
def test_reading_pages_needs_a_role(client, request, setting, persona, expected, url):
    sign_in(client, request, persona)
    response = client.get(url.format(id=setting[1][OTHER].pk))
    assert response.status_code == expected


@pytest.mark.parametrize(
    "url",
    READ_PAGES
    + [
        "/actions/new/",
        "/actions/carry-forward/",
        "/actions/{id}/",
        "/actions/{id}/edit/",
        "/actions/{id}/delete/",
    ],
)
def test_anonymous_users_are_sent_to_the_sign_in_page(client, setting, url):
    response = client.get(url.format(id=setting[1][OWN].pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


EDIT_CASES = [
    # persona, which action, may edit
    ("coordinator", OWN, True),
    ("coordinator", OTHER, True),
    ("division_editor", OWN, True),
    ("division_editor", OTHER, False),
    ("board_member", OWN, False),
    ("admin_user", OWN, False),
    ("outsider", OWN, False),
]


@pytest.mark.parametrize(("persona", "which", "allowed"), EDIT_CASES)
def test_edit_page_and_edit_post(client, request, setting, persona, which, allowed):
    small, actions = setting
    action = actions[which]
    sign_in(client, request, persona)

    page = client.get(f"/actions/{action.pk}/edit/")
    post = client.post(
        f"/actions/{action.pk}/edit/",
        action_post(small, division=action.division_id, title="Muutettu", version=action.version),
    )

    action.refresh_from_db()
    if allowed:
        assert page.status_code == 200
        assert post.status_code == 302
        assert action.title == "Muutettu"
    else:
        assert (page.status_code, post.status_code) == (403, 403)
        assert action.title != "Muutettu"


@pytest.mark.parametrize(("persona", "which", "allowed"), EDIT_CASES)
def test_delete_page_and_delete_post(client, request, setting, persona, which, allowed):
    action = setting[1][which]
    sign_in(client, request, persona)

    page = client.get(f"/actions/{action.pk}/delete/")
    post = client.post(f"/actions/{action.pk}/delete/")

    assert Action.objects.filter(pk=action.pk).exists() is not allowed
    assert (page.status_code, post.status_code) == ((200, 302) if allowed else (403, 403))


@pytest.mark.parametrize(("persona", "which", "allowed"), EDIT_CASES)
def test_restore_post(client, request, setting, persona, which, allowed):
    action = setting[1][which]
    record = action.history.first()
    sign_in(client, request, persona)

    response = client.post(
        f"/actions/{action.pk}/history/{record.history_id}/restore/", {"version": action.version}
    )

    assert response.status_code == (302 if allowed else 403)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("coordinator", True),
        ("division_editor", True),
        ("board_member", False),
        ("admin_user", False),
        ("outsider", False),
    ],
)
def test_create_page_and_create_post(client, request, setting, persona, allowed):
    small, _ = setting
    sign_in(client, request, persona)

    page = client.get("/actions/new/")
    post = client.post("/actions/new/", action_post(small, title="Uusi toimenpide"))

    assert Action.objects.filter(title="Uusi toimenpide").exists() is allowed
    assert (page.status_code, post.status_code) == ((200, 302) if allowed else (403, 403))


def test_a_division_editor_cannot_create_an_action_for_another_division(
    client, division_editor, setting
):
    small, actions = setting
    client.force_login(division_editor)

    response = client.post(
        "/actions/new/",
        action_post(small, division=actions[OTHER].division_id, title="Väärä toimiala"),
    )

    assert "Et voi kirjata toimenpiteitä tälle toimialalle." in response.content.decode()
    assert not Action.objects.filter(title="Väärä toimiala").exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("coordinator", 200),
        ("division_editor", 403),
        ("board_member", 403),
        ("admin_user", 403),
        ("outsider", 403),
    ],
)
def test_only_the_coordinator_carries_a_year_forward(client, request, setting, persona, expected):
    small, actions = setting
    sign_in(client, request, persona)
    url = f"/actions/carry-forward/?plan={small.plan.pk}&year=2023"

    assert client.get(url).status_code == expected
    client.post(url, {"actions": [actions[OWN].pk]})
    assert Action.objects.filter(year=2024).exists() is (expected == 200)


def test_a_board_member_sees_no_edit_control(client, board_member, setting):
    action = setting[1][OWN]
    client.force_login(board_member)

    for url in ["/", "/actions/", f"/actions/{action.pk}/"]:
        html = client.get(url).content.decode()
        assert "/edit/" not in html
        assert "/delete/" not in html
        assert "/actions/new/" not in html
        assert "Palauta tämä versio" not in html
        assert 'href="/reports/"' in html


def test_the_navigation_shows_each_role_what_it_may_do(client, coordinator, admin_user, setting):
    client.force_login(coordinator)
    html = client.get("/").content.decode()
    assert "Siirrä seuraavalle vuodelle" in html
    assert "Uusi toimenpide" in html

    client.force_login(admin_user)
    html = client.get("/").content.decode()
    assert "Siirrä seuraavalle vuodelle" not in html
    assert "Ylläpito" in html


def test_a_division_editor_cannot_restore_a_version_that_names_another_division(
    client, division_editor, setting
):
    small, actions = setting
    moved = actions[OTHER]
    first = moved.history.order_by("history_id").first()
    moved.division = small.division  # now in the editor's own division
    update_action(action=moved, focus_areas=[small.wellbeing], expected_version=moved.version)
    client.force_login(division_editor)

    response = client.post(
        f"/actions/{moved.pk}/history/{first.history_id}/restore/", {"version": moved.version}
    )

    assert response.status_code == 403
    moved.refresh_from_db()
    assert moved.division == small.division
