"""Every path that writes an action raises its version, so a form opened before another save is
refused wherever it was opened: the app's form, the admin's form and the import."""

import datetime

import pytest

from imports.actions import COLUMNS, actions_export_rows
from plans.closing import close_year
from plans.models import Action
from plans.services import update_action
from tests.factories import ActionFactory, DecisionFactory, ProjectFactory
from tests.spreadsheet_files import confirm, upload, xlsx_bytes
from tests.workspace import action_post, small_plan

CONFLICT = "tallensi tämän toimenpiteen sillä välin"


@pytest.fixture
def small(db):
    return small_plan()


@pytest.fixture
def action(small):
    action = ActionFactory(
        plan=small.plan,
        division=small.division,
        title="Someturvan käyttöönotto",
        description="Koulujen some-neuvontapalvelu.",
        participants=38,
        focus_areas=[small.cooperation],
    )
    action.projects.add(ProjectFactory(name="Someturva-hanke"))
    action.decisions.add(DecisionFactory())
    return action


@pytest.fixture
def admin_client(client, coordinator):
    """The coordinator, who edits actions in the admin as well as in the app."""
    client.force_login(coordinator)
    return client


def change_url(action) -> str:
    return f"/admin/plans/action/{action.pk}/change/"


def admin_form(client, url: str) -> dict:
    """What the admin's form at `url` posts back unchanged: its fields and its inline rows."""
    response = client.get(url)
    assert response.status_code == 200
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= {field.html_name: field.value() for field in formset.management_form}
        forms += formset.forms
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else value
    return data


def edit_in_the_app(client, small, action, **changes):
    return client.post(
        f"/actions/{action.pk}/edit/",
        action_post(small, version=str(action.version), **changes),
        follow=True,
    )


def import_change(client, action, **columns):
    (row,) = actions_export_rows(Action.objects.filter(pk=action.pk))
    for column, value in columns.items():
        row[COLUMNS.index(column)] = value
    return confirm(client, upload(client, "actions", "t.xlsx", xlsx_bytes([COLUMNS, row])))


def test_an_import_that_changes_an_action_raises_its_version(admin_client, action):
    history_before = action.history.count()

    import_change(admin_client, action, Kuvaus="Tuotu kuvaus")

    action.refresh_from_db()
    assert (action.description, action.version) == ("Tuotu kuvaus", 2)
    assert action.history.count() == history_before + 1
    assert action.history.first().history_user.username == "koordinaattori"
    assert list(action.projects.values_list("name", flat=True)) == ["Someturva-hanke"]


def test_an_app_form_opened_before_an_import_is_refused_with_the_conflict_message(
    admin_client, small, action
):
    opened_at = action.version
    import_change(admin_client, action, Kuvaus="Tuotu kuvaus")

    stale = action_post(small, description="Lomakkeen kuvaus", version=str(opened_at))
    response = admin_client.post(f"/actions/{action.pk}/edit/", stale)

    html = response.content.decode()
    assert CONFLICT in html
    assert "Muuttuneet tiedot: kuvaus" in html
    action.refresh_from_db()
    assert (action.description, action.version) == ("Tuotu kuvaus", 2)


def test_an_admin_form_opened_before_an_import_is_refused(admin_client, action):
    stale = admin_form(admin_client, change_url(action))
    import_change(admin_client, action, Kuvaus="Tuotu kuvaus")

    response = admin_client.post(change_url(action), stale | {"title": "Ylläpidon otsikko"})

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert CONFLICT in errors[0]
    assert "Muuttuneet tiedot: kuvaus" in errors[0]
    assert "Nyt tallennettuna kuvaus: Tuotu kuvaus" in errors
    action.refresh_from_db()
    assert (action.title, action.description) == ("Someturvan käyttöönotto", "Tuotu kuvaus")
    assert action.version == 2


def test_saving_the_refused_admin_form_again_replaces_the_other_save(admin_client, action):
    stale = admin_form(admin_client, change_url(action))
    import_change(admin_client, action, Kuvaus="Tuotu kuvaus")
    refused = admin_client.post(change_url(action), stale | {"title": "Ylläpidon otsikko"})
    assert 'name="version" value="2"' in refused.content.decode()

    again = admin_client.post(
        change_url(action), stale | {"title": "Ylläpidon otsikko", "version": "2"}
    )

    assert again.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.version) == ("Ylläpidon otsikko", 3)


def test_an_app_form_opened_before_an_admin_save_is_refused(admin_client, small, action):
    opened_at = action.version
    admin_client.post(
        change_url(action), admin_form(admin_client, change_url(action)) | {"title": "Uusi"}
    )

    stale = action_post(small, description="Lomakkeen kuvaus", version=str(opened_at))
    response = admin_client.post(f"/actions/{action.pk}/edit/", stale)

    assert CONFLICT in response.content.decode()
    assert "Muuttuneet tiedot: otsikko" in response.content.decode()
    action.refresh_from_db()
    assert (action.title, action.description) == ("Uusi", "Koulujen some-neuvontapalvelu.")


def test_an_admin_form_opened_before_an_app_save_is_refused_and_writes_nothing(
    admin_client, small, action
):
    stale = admin_form(admin_client, change_url(action))
    edit_in_the_app(admin_client, small, action, title="Sovelluksen otsikko")
    action.refresh_from_db()
    saved = Action.objects.values().get(pk=action.pk)
    history_before = action.history.count()

    response = admin_client.post(
        change_url(action),
        stale | {"description": "Ylläpidon kuvaus", "actionfocusarea_set-0-DELETE": "on"},
    )

    assert response.status_code == 200
    assert CONFLICT in response.context["adminform"].form.non_field_errors()[0]
    assert Action.objects.values().get(pk=action.pk) == saved
    assert list(action.focus_areas.all()) == [small.cooperation]
    assert action.history.count() == history_before


def test_an_unchanged_admin_save_writes_nothing(admin_client, small, action):
    before = Action.objects.values().get(pk=action.pk)
    decisions = list(action.decisions.all())
    history_before = action.history.count()

    response = admin_client.post(change_url(action), admin_form(admin_client, change_url(action)))

    assert response.status_code == 302
    assert Action.objects.values().get(pk=action.pk) == before
    assert list(action.focus_areas.all()) == [small.cooperation]
    assert list(action.projects.values_list("name", flat=True)) == ["Someturva-hanke"]
    assert list(action.decisions.all()) == decisions
    assert action.history.count() == history_before


def test_an_admin_save_that_changes_the_title_raises_the_version_by_one(
    admin_client, small, action
):
    before = Action.objects.values().get(pk=action.pk)
    data = admin_form(admin_client, change_url(action)) | {"title": "Uusi otsikko"}

    admin_client.post(change_url(action), data)

    after = Action.objects.values().get(pk=action.pk)
    assert after["version"] == before["version"] + 1
    assert after["title"] == "Uusi otsikko"
    latest = action.history.first()
    assert (latest.version, latest.history_user.username) == (2, "koordinaattori")


def test_the_admin_changes_focus_areas_in_one_history_row(admin_client, small, action):
    data = admin_form(admin_client, change_url(action))
    data |= {"actionfocusarea_set-1-focus_area": str(small.housing.pk)}

    admin_client.post(change_url(action), data)

    assert set(action.focus_areas.all()) == {small.cooperation, small.housing}
    latest = action.history.first()
    assert latest.version == 2
    assert {row.focus_area_id for row in latest.focus_areas.all()} == {
        small.cooperation.pk,
        small.housing.pk,
    }


def test_the_admin_adds_an_action_through_the_services(admin_client, small):
    data = admin_form(admin_client, "/admin/plans/action/add/")
    data |= {
        "plan": str(small.plan.pk),
        "year": "2023",
        "division": str(small.division.pk),
        "title": "Ylläpidon toimenpide",
        "status": "done",
        "actionfocusarea_set-0-focus_area": str(small.wellbeing.pk),
    }

    response = admin_client.post("/admin/plans/action/add/", data)

    assert response.status_code == 302
    action = Action.objects.get(title="Ylläpidon toimenpide")
    assert (action.version, action.history.count()) == (1, 1)
    assert list(action.focus_areas.all()) == [small.wellbeing]


def test_the_admin_refuses_an_action_without_focus_areas_on_the_form(admin_client, small, action):
    data = admin_form(admin_client, change_url(action)) | {"actionfocusarea_set-0-DELETE": "on"}

    response = admin_client.post(change_url(action), data)

    assert response.status_code == 200
    (inline,) = response.context["inline_admin_formsets"]
    assert "Valitse vähintään yksi painopiste." in inline.formset.non_form_errors()[0]
    action.refresh_from_db()
    assert action.version == 1
    assert list(action.focus_areas.all()) == [small.cooperation]


def close_2023(small, user):
    return close_year(
        plan=small.plan,
        year=2023,
        division=small.division,
        body="Hyvinvointilautakunta",
        date=datetime.date(2024, 3, 12),
        section=25,
        closed_by=user,
    )


def test_the_admin_does_not_delete_an_action_of_a_closed_year(
    admin_client, coordinator, small, action
):
    close_2023(small, coordinator)

    response = admin_client.post(
        f"/admin/plans/action/{action.pk}/delete/", {"post": "yes"}, follow=True
    )

    # The confirmation page names the locked action and deletes nothing.
    page = response.content.decode()
    assert "Ei voida poistaa" in page
    assert "Toimenpide ”Someturvan käyttöönotto”: Toimialan Hyvinvointitoimiala vuosi 2023 on " in (
        page
    )
    assert Action.objects.filter(pk=action.pk).exists()
    assert not action.history.filter(history_type="-").exists()


def test_the_admins_bulk_delete_is_all_or_nothing_when_a_year_is_closed(
    admin_client, coordinator, small, action
):
    open_year = ActionFactory(
        plan=small.plan, division=small.division, year=2024, focus_areas=[small.cooperation]
    )
    close_2023(small, coordinator)

    response = admin_client.post(
        "/admin/plans/action/",
        {"action": "delete_selected", "_selected_action": [open_year.pk, action.pk], "post": "yes"},
        follow=True,
    )

    page = response.content.decode()
    assert "Ei voida poistaa" in page
    assert "Toimialan Hyvinvointitoimiala vuosi 2023 on lukittu" in page
    assert Action.objects.filter(pk__in=[action.pk, open_year.pk]).count() == 2


def test_the_admin_deletes_an_action_of_an_open_year_with_a_history_row(admin_client, action):
    response = admin_client.post(f"/admin/plans/action/{action.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Action.objects.filter(pk=action.pk).exists()
    deletion = Action.history.filter(id=action.pk).first()
    assert (deletion.history_type, deletion.history_user.username) == ("-", "koordinaattori")


def test_the_admins_history_offers_no_revert(admin_client, action):
    record = action.history.first()
    url = f"/admin/plans/action/{action.pk}/history/{record.history_id}/"

    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"title": "Palautettu"}).status_code == 403
    action.refresh_from_db()
    assert action.title == "Someturvan käyttöönotto"


def test_a_restore_raises_the_version_so_an_admin_form_opened_before_it_is_refused(
    admin_client, small, action
):
    original = action.history.first()
    update_action(action=action, focus_areas=[small.housing], expected_version=1)
    stale = admin_form(admin_client, change_url(action))

    admin_client.post(
        f"/actions/{action.pk}/history/{original.history_id}/restore/", {"version": "2"}
    )
    response = admin_client.post(change_url(action), stale)

    action.refresh_from_db()
    assert action.version == 3
    assert list(action.focus_areas.all()) == [small.cooperation]
    assert CONFLICT in response.context["adminform"].form.non_field_errors()[0]


def test_a_restore_brings_back_each_links_interpretation_as_it_was(admin_client, small, action):
    reading = ("Kappale kertoo yhteistyöstä.", "002")
    marked = update_action(
        action=action,
        focus_areas=[small.cooperation, small.housing],
        expected_version=1,
        link_marks={small.cooperation.pk: reading},
    )
    record = marked.history.first()
    update_action(action=marked, focus_areas=[small.housing], expected_version=2, link_marks={})

    response = admin_client.post(
        f"/actions/{action.pk}/history/{record.history_id}/restore/", {"version": "3"}
    )

    assert response.status_code == 302
    links = {
        link.focus_area: (link.interpretation, link.source)
        for link in action.actionfocusarea_set.all()
    }
    assert links == {small.cooperation: reading, small.housing: ("", "")}


def test_a_carried_forward_copy_starts_at_version_one_and_the_admin_raises_it(
    admin_client, small, action
):
    response = admin_client.post(
        f"/actions/carry-forward/?plan={small.plan.pk}&year=2023", {"actions": [action.pk]}
    )
    assert response.status_code == 302
    copy = Action.objects.get(carried_from=action)
    assert copy.version == 1

    data = admin_form(admin_client, change_url(copy)) | {"participants": "12"}
    admin_client.post(change_url(copy), data)

    copy.refresh_from_db()
    assert (copy.version, copy.participants, copy.needs_review) == (2, 12, True)
    assert list(copy.focus_areas.all()) == [small.cooperation]


def test_an_app_form_opened_before_a_project_linked_the_action_in_the_admin_is_refused(
    client, admin_user, coordinator, small, action
):
    opened_at = action.version
    project = ProjectFactory(name="Liikuntahanke")
    client.force_login(admin_user)
    url = f"/admin/projects/project/{project.pk}/change/"
    data = admin_form(client, url) | {"actions": [str(action.pk)]}
    assert client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert action.version == opened_at + 1
    assert set(action.projects.values_list("name", flat=True)) == {
        "Someturva-hanke",
        "Liikuntahanke",
    }

    client.force_login(coordinator)
    stale = action_post(small, description="Lomakkeen kuvaus", version=str(opened_at))
    response = client.post(f"/actions/{action.pk}/edit/", stale)

    assert CONFLICT in response.content.decode()
    action.refresh_from_db()
    assert action.description == "Koulujen some-neuvontapalvelu."
    assert action.projects.filter(name="Liikuntahanke").exists()
