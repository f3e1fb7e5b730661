"""Creating, editing and deleting an action through its pages, and every kind of bad input."""

import pytest
from django.contrib.contenttypes.models import ContentType

from plans.models import Action
from tests.factories import (
    ActionFactory,
    FocusAreaFactory,
    PlanFactory,
    ProjectFactory,
    StrategicGoalFactory,
)
from tests.workspace import action_post, small_plan


@pytest.fixture
def small(db):
    return small_plan()


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def test_coordinator_creates_an_action_with_focus_areas_and_projects(signed_in, small):
    project = ProjectFactory(name="Someturva-hanke", short_name="Someturva")
    data = action_post(small, projects=[project.pk], participants="38", feedback_score="4,11")

    response = signed_in.post("/actions/new/", data, follow=True)

    action = Action.objects.get()
    assert response.redirect_chain[-1][0] == f"/actions/{action.pk}/"
    assert "on tallennettu" in response.content.decode()
    assert list(action.focus_areas.all()) == [small.cooperation]
    assert list(action.projects.all()) == [project]
    assert action.participants == 38
    assert str(action.feedback_score) == "4.11"
    assert action.history.count() == 1
    assert action.history.get().history_user.username == "koordinaattori"


def test_the_form_groups_focus_areas_under_their_goals(signed_in, small):
    html = signed_in.get("/actions/new/").content.decode()

    assert "<legend>1. Hyvinvoivat kuntalaiset (2022–25)</legend>" in html
    assert "1.4 Yhteistyö hyvinvointialueen yhdyspinnoilla" in html
    assert html.index("Hyvinvoivat kuntalaiset") < html.index("2.1 Asumisen turvallisuus")


@pytest.mark.parametrize("count", [3, 300])
def test_the_edit_form_lists_only_the_actions_own_projects_in_the_same_queries(
    signed_in, small, django_assert_num_queries, count
):
    projects = [ProjectFactory(name=f"Hanke {n:03}") for n in range(count)]
    action = ActionFactory(plan=small.plan, focus_areas=[small.housing])
    action.projects.add(projects[1])

    # 1 session, 2 user, 3 roles, 4 the action, 5 the action's focus areas, 6 its projects,
    # 7 the plans' years, 8 plans, 9 divisions, 10 focus areas
    with django_assert_num_queries(10):
        html = signed_in.get(f"/actions/{action.pk}/edit/").content.decode()

    assert html.count('type="checkbox" name="projects"') == 1
    checked = f'value="{projects[1].pk}" id="id_projects_0" checked> Hanke 001</label>'
    assert checked in html
    assert 'name="add_project"' in html and 'list="id_add_project_suggestions"' in html
    assert 'data-url="/actions/projects.json?kaikki=1"' in html
    assert f'value="{small.housing.pk}" id="id_focus_areas_1_0" checked>' in html


def test_a_project_is_linked_by_typing_its_name_without_javascript(signed_in, small):
    action = ActionFactory(plan=small.plan, year=2023, focus_areas=[small.cooperation])
    kept = ProjectFactory(name="Vahvempi yhdessä")
    action.projects.add(kept)
    added = ProjectFactory(name="Someturva-hanke", short_name="Someturva")

    data = action_post(small, projects=[kept.pk], add_project="someturva", version="1")
    response = signed_in.post(f"/actions/{action.pk}/edit/", data)

    assert response.status_code == 302
    assert set(action.projects.all()) == {kept, added}


def test_a_typed_name_that_fits_several_projects_lists_them_to_tick_and_saves_nothing(
    signed_in, small
):
    action = ActionFactory(plan=small.plan, year=2023, focus_areas=[small.cooperation])
    school = ProjectFactory(name="Liikkuva koulu")
    summer = ProjectFactory(name="Liikkuva kesä")

    data = action_post(small, add_project="liikkuva", version="1")
    html = signed_in.post(f"/actions/{action.pk}/edit/", data).content.decode()

    assert "Useampi hanke vastaa hakua ”liikkuva”" in html
    assert f'name="projects" value="{school.pk}" id="id_projects_1">' in html
    assert f'name="projects" value="{summer.pk}" id="id_projects_0">' in html
    action.refresh_from_db()
    assert action.version == 1 and not action.projects.exists()

    # Ticking one of them saves it, though the field still has the same text.
    data = action_post(small, projects=[school.pk], add_project="liikkuva", version="1")
    assert signed_in.post(f"/actions/{action.pk}/edit/", data).status_code == 302
    assert list(action.projects.all()) == [school]


def test_a_typed_name_that_fits_no_project_is_an_error_beside_the_field(signed_in, small):
    ProjectFactory(name="Liikkuva koulu")

    response = signed_in.post("/actions/new/", action_post(small, add_project="someturva"))

    assert "Hanketta ”someturva” ei löytynyt." in response.content.decode()
    assert not Action.objects.exists()


def test_a_project_added_before_another_fields_error_stays_ticked(signed_in, small):
    added = ProjectFactory(name="Someturva-hanke")

    data = action_post(small, add_project="Someturva-hanke", year="")
    html = signed_in.post("/actions/new/", data).content.decode()

    assert "Valitse vuosi." in html
    assert f'name="projects" value="{added.pk}" id="id_projects_0" checked>' in html
    assert 'value="Someturva-hanke"' not in html
    assert not Action.objects.exists()


def test_the_forms_suggestions_offer_projects_no_action_is_linked_to_yet(signed_in, small):
    new = ProjectFactory(name="Someturva-hanke", short_name="Someturva")

    linked_only = signed_in.get("/actions/projects.json", {"q": "someturva"}).json()
    every = signed_in.get("/actions/projects.json", {"q": "someturva", "kaikki": "1"}).json()

    assert linked_only == {"projects": []}
    assert every == {"projects": [{"id": new.pk, "label": "Someturva", "name": new.name}]}


@pytest.mark.parametrize("saves", [1, 6])
def test_an_actions_page_reads_its_history_in_the_same_queries_however_long(
    signed_in, small, django_assert_num_queries, saves
):
    signed_in.post("/actions/new/", action_post(small))
    action = Action.objects.get()
    for version in range(1, saves + 1):
        areas = [small.cooperation.pk] if version % 2 else [small.housing.pk]
        data = action_post(small, title=f"Versio {version}", focus_areas=areas, version=version)
        assert signed_in.post(f"/actions/{action.pk}/edit/", data).status_code == 302

    ContentType.objects.get_for_model(Action)  # cached for the process, as on a server
    # 1 session, 2 user, 3 roles, 4 the action, 5 its interpretation marks, 6 its history,
    # 7-9 the plans, divisions and focus areas it names, 10 the focus areas of every
    # version, 11 its focus-area links, 12 its projects
    with django_assert_num_queries(12):
        html = signed_in.get(f"/actions/{action.pk}/").content.decode()

    history = html[html.index("Versio ") :]
    assert all(f"Versio {version}" in history for version in range(1, saves + 1))
    if saves > 1:  # the focus areas changed between versions: the change is shown
        assert "1.4 Yhteistyö hyvinvointialueen yhdyspinnoilla" in history
        assert "2.1 Asumisen turvallisuus" in history


def test_coordinator_edits_an_action_and_the_change_is_in_its_history(signed_in, small):
    signed_in.post("/actions/new/", action_post(small))
    action = Action.objects.get()

    data = action_post(small, title="Someturva kouluihin", status="ongoing", version="1")
    response = signed_in.post(f"/actions/{action.pk}/edit/", data, follow=True)

    action.refresh_from_db()
    assert action.title == "Someturva kouluihin"
    assert action.version == 2
    html = response.content.decode()
    assert "Muutti" in html
    assert "Someturvan käyttöönotto" in html  # the old title, in the history table
    assert "käynnissä" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("focus_areas", [], "Valitse vähintään yksi painopiste."),
        ("year", "2031", "Vuosi 2031 ei kuulu suunnitelmakauteen 2022–25."),
        ("year", "kaksituhatta", "Anna vuosi numeroina"),
        ("participants", "-5", "Luku ei voi olla negatiivinen."),
        ("events", "paljon", "Anna tapahtumien määrä kokonaislukuna."),
        ("feedback_score", "neljä", "Anna keskiarvo numerona"),
        ("feedback_score", "7", "Palautteen keskiarvon on oltava välillä 0–5."),
        ("description", "x" * 100_000, "enintään 20000 merkkiä"),
    ],
)
def test_bad_input_is_explained_on_the_form_and_nothing_is_written(
    signed_in, small, field, value, message
):
    response = signed_in.post("/actions/new/", action_post(small, **{field: value}))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Tarkista tiedot" in html  # the error summary
    assert f'href="#id_{field}"' in html  # links to the field
    assert message in html
    assert not Action.objects.exists()


def test_an_action_without_title_or_text_is_refused_beside_the_title(signed_in, small):
    response = signed_in.post("/actions/new/", action_post(small, title="", description=""))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_title"' in html  # the summary points to the title
    assert html.count("Anna toimenpiteelle otsikko tai kuvaus.") == 2  # summary and field
    assert not Action.objects.exists()


def test_an_action_without_title_is_named_by_the_opening_words_of_its_text(signed_in, small):
    text = (
        "Etsivä nuorisotyö on avustusrahoituksen avulla järjestänyt ryhmä ja retkitoimintaa "
        "yksilötyön rinnalla ja tämän toimintamallin toteuttamista jatketaan edelleen."
    )
    response = signed_in.post(
        "/actions/new/", action_post(small, title="", description=text), follow=True
    )

    action = Action.objects.get()
    assert action.title == ""
    label = "Etsivä nuorisotyö on avustusrahoituksen avulla järjestänyt ryhmä ja…"
    assert action.label == label  # cut at a word boundary, within 80 characters
    assert f"Toimenpide ”{label}” on tallennettu." in response.content.decode()
    assert f"<h1>{label}" in response.content.decode()
    assert f">{label}</a>" in signed_in.get("/actions/").content.decode()


def test_a_focus_area_of_another_plan_is_refused(signed_in, small):
    other_plan = PlanFactory(start_year=2018, end_year=2021)
    foreign = FocusAreaFactory(goal=StrategicGoalFactory(plan=other_plan))

    response = signed_in.post("/actions/new/", action_post(small, focus_areas=[foreign.pk]))

    assert "Painopiste ei kuulu valittuun suunnitelmaan." in response.content.decode()
    assert not Action.objects.exists()


def test_a_tampered_focus_area_id_is_refused(signed_in, small):
    response = signed_in.post("/actions/new/", action_post(small, focus_areas=["999999"]))

    assert "Valittua painopistettä ei ole." in response.content.decode()
    assert not Action.objects.exists()


def test_html_and_script_are_shown_as_text_and_never_run(signed_in, small):
    title = '<script>alert("x")</script><b>Liikuntaa</b>'
    signed_in.post("/actions/new/", action_post(small, title=title, description=title))
    action = Action.objects.get()

    for url in [f"/actions/{action.pk}/", "/actions/", "/"]:
        html = signed_in.get(url).content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_deleting_asks_to_confirm_and_is_recorded(signed_in, small):
    signed_in.post("/actions/new/", action_post(small))
    action = Action.objects.get()

    confirmation = signed_in.get(f"/actions/{action.pk}/delete/")
    assert "Poistetaanko toimenpide?" in confirmation.content.decode()
    assert Action.objects.exists()

    response = signed_in.post(f"/actions/{action.pk}/delete/", follow=True)

    assert not Action.objects.exists()
    assert "on poistettu" in response.content.decode()
    deletion = Action.history.filter(id=action.pk).first()
    assert deletion.history_type == "-"
    assert deletion.history_user.username == "koordinaattori"


def test_an_invalid_action_is_not_deleted_and_the_reason_is_shown(signed_in, small):
    # A year outside the plan stands in for any rule of Action.clean(), such as a closed year.
    action = ActionFactory(plan=small.plan, division=small.division, year=2030)

    response = signed_in.post(f"/actions/{action.pk}/delete/")

    assert "Toimenpidettä ei poistettu" in response.content.decode()
    assert Action.objects.filter(pk=action.pk).exists()


def test_a_second_save_of_the_same_version_is_refused_with_what_changed(client, small):
    from tests.factories import UserFactory

    first = UserFactory(username="ensimmainen", role="coordinator", first_name="Eeva")
    second = UserFactory(username="toinen", role="coordinator")
    client.force_login(first)
    client.post("/actions/new/", action_post(small))
    action = Action.objects.get()
    client.post(
        f"/actions/{action.pk}/edit/", action_post(small, title="Eevan otsikko", version="1")
    )

    client.force_login(second)
    response = client.post(
        f"/actions/{action.pk}/edit/",
        action_post(small, description="Toisen kuvaus", version="1"),
    )

    html = response.content.decode()
    assert "Toinen käyttäjä muutti toimenpidettä" in html
    assert "Eeva tallensi tämän toimenpiteen sillä välin" in html
    assert "Muuttuneet tiedot: otsikko" in html
    assert "Eevan otsikko" in html
    assert 'name="version" value="2"' in html
    action.refresh_from_db()
    assert (action.title, action.description) == ("Eevan otsikko", "Koulujen some-neuvontapalvelu.")

    # Saving again is a deliberate choice, now against the version the editor has seen.
    client.post(
        f"/actions/{action.pk}/edit/", action_post(small, description="Toisen kuvaus", version="2")
    )
    action.refresh_from_db()
    assert action.description == "Toisen kuvaus"


def test_an_earlier_version_can_be_restored_with_its_focus_areas(signed_in, small):
    signed_in.post("/actions/new/", action_post(small))
    action = Action.objects.get()
    signed_in.post(
        f"/actions/{action.pk}/edit/",
        action_post(small, title="Uusi otsikko", focus_areas=[small.housing.pk], version="1"),
    )
    original = action.history.earliest()

    response = signed_in.post(
        f"/actions/{action.pk}/history/{original.history_id}/restore/",
        {"version": "2"},
        follow=True,
    )

    action.refresh_from_db()
    assert action.title == "Someturvan käyttöönotto"
    assert list(action.focus_areas.all()) == [small.cooperation]
    assert action.history.count() == 3
    assert "Aiempi versio on palautettu" in response.content.decode()


def test_a_restore_from_a_stale_page_is_refused(signed_in, small):
    signed_in.post("/actions/new/", action_post(small))
    action = Action.objects.get()
    signed_in.post(f"/actions/{action.pk}/edit/", action_post(small, title="Uusi", version="1"))
    original = action.history.earliest()

    signed_in.post(f"/actions/{action.pk}/history/{original.history_id}/restore/", {"version": "1"})

    action.refresh_from_db()
    assert action.title == "Uusi"


def test_a_project_is_found_by_its_finnish_or_its_swedish_name_in_either_language(signed_in, small):
    project = ProjectFactory(name="Liikkuva koulu", short_name="Liikkis")
    project.name_sv = "Skolan i rörelse"
    project.save()

    for language in ("fi", "sv"):
        signed_in.cookies["django_language"] = language
        for typed in ("liikkuva", "skolan i rorelse"):
            found = signed_in.get("/actions/projects.json", {"q": typed, "kaikki": "1"}).json()
            assert [each["id"] for each in found["projects"]] == [project.pk], (language, typed)
    data = action_post(small, add_project="Skolan i rörelse")
    assert signed_in.post("/actions/new/", data).status_code == 302
    assert list(Action.objects.get().projects.all()) == [project]
