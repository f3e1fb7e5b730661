"""The actions list: filters, search without umlauts, a fixed query count, and its downloads."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from plans.export import COLUMNS
from plans.models import Action
from plans.services import ActionWrite, import_actions, update_action
from tests.factories import ActionFactory, DivisionFactory, PlanFactory, ProjectFactory
from tests.workspace import small_plan
from workspace import tables


@pytest.fixture
def small(db):
    return small_plan()


@pytest.fixture
def signed_in(client, board_member):
    client.force_login(board_member)
    return client


def titles(response) -> list[str]:
    return [row.record.title for row in response.context["table"].paginated_rows]


def test_typing_without_umlauts_finds_the_finnish_word(small):
    ActionFactory(plan=small.plan, title="Someturvan käyttöönotto")
    ActionFactory(plan=small.plan, title="Liikuntaviikko", description="KÄYTTÖÖNOTTO koulussa")
    ActionFactory(plan=small.plan, title="Asukasilta")

    found = Action.objects.search("kayttoonotto").order_by("title")

    assert [action.title for action in found] == ["Liikuntaviikko", "Someturvan käyttöönotto"]


def test_search_finds_text_stored_without_umlauts_by_a_word_typed_with_them(small):
    ActionFactory(plan=small.plan, title="Someturvan kayttoonotto (OCR)")

    assert Action.objects.search("Käyttöönotto").count() == 1


def test_every_word_of_the_search_must_match(small):
    ActionFactory(plan=small.plan, title="Someturva kouluihin")
    ActionFactory(plan=small.plan, title="Someturva kirjastoon")

    assert [a.title for a in Action.objects.search("someturva KOULU")] == ["Someturva kouluihin"]


def test_a_part_of_a_word_finds_the_whole_word(small):
    ActionFactory(plan=small.plan, title="Lukupiiri kirjastossa")
    ActionFactory(plan=small.plan, title="Nuorisotalon avoimet ovet")

    assert [a.title for a in Action.objects.search("kirjasto")] == ["Lukupiiri kirjastossa"]


def test_the_search_finds_an_action_by_its_focus_areas_text(small):
    ActionFactory(plan=small.plan, title="Asukasilta", focus_areas=[small.housing])
    ActionFactory(plan=small.plan, title="Liikuntaviikko", focus_areas=[small.wellbeing])

    assert [a.title for a in Action.objects.search("asumisen turvallisuus")] == ["Asukasilta"]


def test_an_edited_action_is_found_by_its_new_text_and_focus_areas_only(small):
    action = ActionFactory(plan=small.plan, title="Asukasilta", focus_areas=[small.housing])

    action.title, action.description = "Perhekahvila", "Kerran viikossa."
    update_action(action=action, focus_areas=[small.wellbeing], expected_version=action.version)

    assert list(Action.objects.search("perhekahvila liikunnallinen")) == [action]
    assert not Action.objects.search("asukasilta").exists()
    assert not Action.objects.search("asumisen").exists()


def test_imported_actions_are_found_by_their_text(small):
    new = Action(plan=small.plan, year=2023, division=small.division, title="Tuotu käyttöönotto")
    import_actions(creates=[ActionWrite(action=new, focus_areas=[small.housing])], updates=[])
    changed = Action.objects.get(pk=new.pk)
    changed.description = "Kirjastoauton reitti"

    import_actions(
        creates=[],
        updates=[ActionWrite(changed, [small.wellbeing], expected_version=changed.version)],
    )

    assert list(Action.objects.search("kayttoonotto kirjastoauto liikunnallinen")) == [new]
    assert not Action.objects.search("asumisen").exists()


def test_a_focus_areas_text_corrected_in_the_admin_is_found(client, coordinator, small):
    action = ActionFactory(plan=small.plan, title="Asukasilta", focus_areas=[small.housing])
    client.force_login(coordinator)

    response = client.post(
        f"/admin/plans/focusarea/{small.housing.pk}/change/",
        {"goal": small.housing.goal_id, "order": 1, "text": "Asumisen ja naapuruston turva"},
    )

    assert response.status_code == 302
    assert list(Action.objects.search("naapuruston")) == [action]


def test_the_admin_finds_what_the_list_finds(client, coordinator, small):
    ActionFactory(plan=small.plan, title="Someturvan käyttöönotto", focus_areas=[small.housing])
    ActionFactory(plan=small.plan, title="Liikuntaviikko", focus_areas=[small.wellbeing])
    client.force_login(coordinator)

    for search in ["kayttoonotto", "asumisen turvallisuus", "someturva"]:
        admin = client.get("/admin/plans/action/", {"q": search}).context["cl"].result_list
        listed = titles(client.get("/actions/", {"q": search}))
        assert [action.title for action in admin] == listed == ["Someturvan käyttöönotto"]


def test_the_list_filters_by_text_and_keeps_the_filter_in_its_links(signed_in, small):
    ActionFactory(plan=small.plan, title="Someturvan käyttöönotto", focus_areas=[small.wellbeing])
    ActionFactory(plan=small.plan, title="Asukasilta", focus_areas=[small.housing])

    response = signed_in.get("/actions/", {"q": "kayttoonotto"})

    assert titles(response) == ["Someturvan käyttöönotto"]
    html = response.content.decode()
    assert "/actions/export.xlsx?q=kayttoonotto" in html
    assert "q=kayttoonotto&amp;sort=title" in html


@pytest.mark.parametrize(
    ("filter_name", "expected"),
    [
        ("goal", ["Liikuntaviikko"]),
        ("focus_area", ["Liikuntaviikko"]),
        ("status", ["Asukasilta"]),
        ("project", ["Liikuntaviikko"]),
        ("division", ["Asukasilta"]),
        ("year", ["Asukasilta"]),
    ],
)
def test_the_list_filters_by_each_choice(signed_in, small, filter_name, expected):
    project = ProjectFactory()
    walking = ActionFactory(
        plan=small.plan,
        division=small.division,
        title="Liikuntaviikko",
        focus_areas=[small.wellbeing, small.cooperation],
    )
    project.actions.add(walking)
    other_division = DivisionFactory(name="Perusturvatoimiala", slug="perusturvatoimiala")
    ActionFactory(
        plan=small.plan,
        division=other_division,
        title="Asukasilta",
        year=2024,
        status=Action.Status.ONGOING,
        focus_areas=[small.housing],
    )
    values = {
        "goal": small.wellbeing.goal_id,
        "focus_area": small.wellbeing.pk,
        "status": "ongoing",
        "project": project.pk,
        "division": other_division.pk,
        "year": 2024,
    }

    response = signed_in.get("/actions/", {filter_name: values[filter_name]})

    assert titles(response) == expected


def test_the_project_filter_suggests_only_projects_that_actions_are_linked_to(signed_in, small):
    linked = ProjectFactory(name="Vahvempi yhdessä", short_name="Vahvax")
    ProjectFactory(name="Vahvempi hanke ilman toimenpiteitä")
    linked.actions.add(ActionFactory(plan=small.plan, division=small.division))

    response = signed_in.get("/actions/projects.json", {"q": "vahvempi yhdessa"})

    assert response.json() == {
        "projects": [{"id": linked.pk, "label": "Vahvax", "name": "Vahvempi yhdessä"}]
    }


def test_the_project_filter_is_a_text_field_with_suggestions_not_a_select(signed_in, small):
    html = signed_in.get("/actions/").content.decode()

    assert '<select name="project"' not in html
    assert 'name="project"' in html and 'list="id_project_suggestions"' in html
    assert '<datalist id="id_project_suggestions" data-url="/actions/projects.json">' in html
    assert 'src="/static/js/project-search.js"' in html


def linked_projects(small, *names: tuple[str, str]) -> list:
    """Projects (name, short name), each with an action of its own titled by its name."""
    projects = []
    for name, short_name in names:
        project = ProjectFactory(name=name, short_name=short_name)
        project.actions.add(ActionFactory(plan=small.plan, title=f"Toimenpide: {name}"))
        projects.append(project)
    return projects


@pytest.mark.parametrize(
    "typed",
    ["Vahvax", "vahvempi", "VAHVEMPI YHDESSÄ", "vahvempi yhdessa", "yhdes"],
)
def test_a_project_is_found_by_part_of_its_name_or_short_name(signed_in, small, typed):
    linked_projects(small, ("Vahvempi yhdessä", "Vahvax"), ("Someturva-hanke", "Someturva"))

    response = signed_in.get("/actions/", {"project": typed})

    assert titles(response) == ["Toimenpide: Vahvempi yhdessä"]
    html = response.content.decode()
    assert 'name="project" value="Vahvax"' in html


def test_a_project_id_from_a_link_still_filters_and_shows_the_projects_name(signed_in, small):
    wanted, _other = linked_projects(small, ("Vahvempi yhdessä", ""), ("Someturva-hanke", ""))

    response = signed_in.get("/actions/", {"project": wanted.pk})

    assert titles(response) == ["Toimenpide: Vahvempi yhdessä"]
    assert 'name="project" value="Vahvempi yhdessä"' in response.content.decode()


def test_a_project_named_exactly_is_chosen_among_longer_names(signed_in, small):
    linked_projects(small, ("Liikkuva koulu", ""), ("Liikkuva koulu 2", ""))

    assert titles(signed_in.get("/actions/", {"project": "liikkuva koulu"})) == [
        "Toimenpide: Liikkuva koulu"
    ]


def test_a_text_that_fits_several_projects_lists_them_to_choose_from(signed_in, small):
    first, second = linked_projects(
        small, ("Liikkuva koulu", ""), ('<script>alert("x")</script> liikkuva & Co', "")
    )
    ActionFactory(plan=small.plan, title="Ilman hanketta")

    response = signed_in.get("/actions/", {"project": "liikkuva", "year": "2023"})

    html = response.content.decode()
    assert "Useampi hanke vastaa hakua ”liikkuva”. Valitse hanke alta tai tarkenna hakua." in html
    assert f'href="?project={first.pk}&amp;year=2023">Liikkuva koulu</a>' in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; liikkuva &amp; Co</a>" in html
    assert "<script>alert" not in html
    assert titles(response) == []
    # Following a choice filters by it.
    assert titles(signed_in.get("/actions/", {"project": first.pk, "year": "2023"})) == [
        "Toimenpide: Liikkuva koulu"
    ]


def test_a_text_that_fits_no_project_says_so_beside_the_field(signed_in, small):
    linked_projects(small, ("Liikkuva koulu", ""))

    html = signed_in.get("/actions/", {"project": "kirjastohanke"}).content.decode()

    assert (
        '<ul class="errorlist" id="id_project_error"><li>Hanketta ”kirjastohanke” ei löytynyt '
        "toimenpiteisiin liitetyistä hankkeista.</li></ul>"
    ) in html


def test_past_the_limit_the_count_says_more_than_and_the_pages_still_work(
    signed_in, small, monkeypatch
):
    monkeypatch.setattr(tables, "COUNT_LIMIT", 30)
    Action.objects.bulk_create(
        Action(plan=small.plan, division=small.division, year=2023, title=f"Toimenpide {n:02d}")
        for n in range(60)
    )
    Action.objects.refresh_search_text()

    first = signed_in.get("/actions/")
    second = signed_in.get("/actions/", {"page": 2})

    html = first.content.decode()
    assert "yli 30 toimenpidettä. Tarkenna rajauksia tai hakua" in html
    assert 'href="?page=2"' in html
    # The pages cover the first 30 actions: the count's limit.
    assert (len(titles(first)), len(titles(second))) == (25, 5)
    assert not set(titles(first)) & set(titles(second))
    # Under the limit, the count is exact.
    with_a_one = sum("1" in f"{n:02d}" for n in range(60))
    searched = signed_in.get("/actions/", {"q": "toimenpide 1"}).content.decode()
    assert f'role="status">{with_a_one} toimenpidettä</p>' in searched


def test_the_table_has_a_caption_header_scopes_and_sort_state(signed_in, small):
    ActionFactory(plan=small.plan, title="Beta")
    ActionFactory(plan=small.plan, title="Alfa")

    response = signed_in.get("/actions/", {"sort": "-title"})

    html = response.content.decode()
    assert "<caption>Toimenpiteet</caption>" in html
    assert 'scope="col" aria-sort="descending"' in html
    assert 'scope="row"' in html
    assert titles(response) == ["Beta", "Alfa"]


@pytest.mark.parametrize("count", [10, 10_000])
def test_the_list_runs_the_same_queries_for_10_and_10000_actions(
    client, board_member, small, django_assert_num_queries, count
):
    project = ProjectFactory()
    Action.objects.bulk_create(
        Action(plan=small.plan, division=small.division, year=2023, title=f"Toimenpide {n}")
        for n in range(count)
    )
    through = Action.focus_areas.through
    through.objects.bulk_create(
        through(action_id=pk, focus_area_id=small.wellbeing.pk)
        for pk in Action.objects.values_list("pk", flat=True)
    )
    project.actions.add(*Action.objects.all()[:30])
    # Written in bulk, as an import writes: the search documents are written for them.
    Action.objects.refresh_search_text()
    client.force_login(board_member)

    # 1 session, 2 user, 3 the user's roles (the view check, kept for the navigation),
    # 4 the count (capped), 5-8 options of the filter form: plans, divisions, goals,
    # focus areas, 9 the page of actions with their division, 10 their focus areas
    # with goals, 11 their projects; and the project named in the filter.
    with django_assert_num_queries(12):
        response = client.get(
            "/actions/", {"q": "toimenpide", "year": "2023", "project": project.pk}
        )

    assert len(titles(response)) == min(count, 25)
    with django_assert_num_queries(11):
        response = client.get("/actions/", {"q": "toimenpide", "year": "2023"})

    assert len(titles(response)) == min(count, 25)
    expected = (
        f"{count:,}".replace(",", "\u00a0") if count <= tables.COUNT_LIMIT else "yli 10\u00a0000"
    )
    assert (
        f'<p class="result-count" role="status">{expected} toimenpidettä'
        in response.content.decode()
    )


def test_the_filters_options_are_its_querysets_choices_named_as_everywhere_else(signed_in, kemi):
    PlanFactory(start_year=2026, end_year=2029, name="Seuraava suunnitelma")
    linked = ProjectFactory(name="Yhdessä eteenpäin", short_name="")
    linked.actions.add(Action.objects.first())
    unlinked = ProjectFactory(name="Hanke ilman toimenpiteitä")

    form = signed_in.get("/actions/").context["filter"].form

    for name in ["plan", "division", "goal", "focus_area"]:
        field = form.fields[name]
        label = (lambda area: area.numbered) if name == "focus_area" else str
        expected = [("", "Kaikki"), *((str(each.pk), label(each)) for each in field.queryset)]
        assert [(str(value), text) for value, text in field.widget.choices] == expected, name
    suggested = signed_in.get("/actions/projects.json", {"q": "hanke"}).json()["projects"]
    assert unlinked.pk not in [project["id"] for project in suggested]
    suggested = signed_in.get("/actions/projects.json", {"q": "yhdessä"}).json()["projects"]
    assert [project["label"] for project in suggested] == ["Yhdessä eteenpäin"]


def test_a_filter_value_that_is_not_valid_is_explained_beside_its_field(signed_in, small):
    html = signed_in.get("/actions/", {"year": "kaksi"}).content.decode()

    assert (
        '<ul class="errorlist" id="id_year_error"><li>Anna vuosi numeroina, esim. 2023.</li></ul>'
    ) in html


def test_the_filters_options_are_escaped(signed_in, small):
    small.division.name = '<script>alert("x")</script> & Co'
    small.division.save()

    html = signed_in.get("/actions/").content.decode()

    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co</option>" in html
    assert "<script>alert" not in html


def test_xlsx_download_has_the_agreed_columns_and_numbers_as_numbers(signed_in, small):
    project = ProjectFactory(name="Vahvempi yhdessä", short_name="Vahvax")
    action = ActionFactory(
        plan=small.plan,
        division=small.division,
        title='=HYPERLINK("http://x")',
        description="Koulutuksia",
        participants=60,
        events=4,
        feedback_score=Decimal("4.11"),
        focus_areas=[small.wellbeing, small.cooperation],
    )
    project.actions.add(action)
    ActionFactory(plan=small.plan, title="Muu vuosi", year=2024)

    response = signed_in.get("/actions/export.xlsx", {"year": "2023"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 2
    assert list(rows[1]) == [
        action.pk,
        str(small.plan),
        2023,
        "Hyvinvointitoimiala",
        "1.1 Liikunnallinen elämäntapa\n1.4 Yhteistyö hyvinvointialueen yhdyspinnoilla",
        '\'=HYPERLINK("http://x")',
        "Koulutuksia",
        "toteutunut",
        60,
        4,
        4.11,
        "Vahvax",
    ]


def test_csv_download_is_what_finnish_excel_reads(signed_in, small):
    ActionFactory(
        plan=small.plan,
        division=small.division,
        title="Liikuntaa",
        feedback_score=Decimal("4.5"),
        focus_areas=[small.wellbeing],
    )

    response = signed_in.get("/actions/export.csv")

    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffTunniste;Suunnitelma;Vuosi;")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[1][2] == "2023"
    assert rows[1][10] == "4,50"
    assert rows[1][8] == ""
