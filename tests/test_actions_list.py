"""The actions list: filters, search without umlauts, a fixed query count, and its downloads."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from plans.export import COLUMNS
from plans.models import Action
from tests.factories import ActionFactory, DivisionFactory, PlanFactory, ProjectFactory
from tests.workspace import small_plan


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


def test_the_project_filter_offers_only_projects_that_actions_are_linked_to(signed_in, small):
    linked = ProjectFactory(name="Vahvempi yhdessä", short_name="Vahvax")
    ProjectFactory(name="Hanke ilman toimenpiteitä")
    linked.actions.add(ActionFactory(plan=small.plan, division=small.division))

    choices = signed_in.get("/actions/").context["filter"].form.fields["project"].queryset

    assert list(choices) == [linked]


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
    client.force_login(board_member)

    # 1 session, 2 user, 3 the user's roles (the view check, kept for the navigation),
    # 4 count for the paginator, 5-9 options of the filter form: plans, divisions, goals,
    # focus areas, projects, 10 the page of actions with their division, 11 their focus areas
    # with goals, 12 their projects.
    with django_assert_num_queries(12):
        response = client.get("/actions/", {"q": "toimenpide", "year": "2023"})

    assert len(titles(response)) == min(count, 25)


def test_the_filters_options_are_its_querysets_choices_named_as_everywhere_else(signed_in, kemi):
    PlanFactory(start_year=2026, end_year=2029, name="Seuraava suunnitelma")
    linked = ProjectFactory(name="Yhdessä eteenpäin", short_name="")
    linked.actions.add(Action.objects.first())
    unlinked = ProjectFactory(name="Hanke ilman toimenpiteitä")

    form = signed_in.get("/actions/").context["filter"].form

    for name in ["plan", "division", "goal", "focus_area", "project"]:
        field = form.fields[name]
        label = (lambda area: area.numbered) if name == "focus_area" else str
        expected = [("", "Kaikki"), *((str(each.pk), label(each)) for each in field.queryset)]
        assert [(str(value), text) for value, text in field.widget.choices] == expected, name
    projects = dict(form.fields["project"].widget.choices)
    assert projects[linked.pk] == "Yhdessä eteenpäin"
    assert unlinked.pk not in projects


def test_a_filter_value_that_is_not_valid_is_explained_beside_its_field(signed_in, small):
    html = signed_in.get("/actions/", {"year": "kaksi"}).content.decode()

    assert (
        '<ul class="errorlist" id="id_year_error"><li>Anna vuosi numeroina, esim. 2023.</li></ul>'
    ) in html


def test_the_filters_options_are_escaped(signed_in, small):
    project = ProjectFactory(name='<script>alert("x")</script> & Co', short_name="")
    project.actions.add(ActionFactory(plan=small.plan))

    html = signed_in.get("/actions/").content.decode()

    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co</option>" in html
    assert "<script>" not in html


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
