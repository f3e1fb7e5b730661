"""The plan's own texts in Finnish and Swedish: entered side by side, shown in the reader's
language with a marked Finnish fallback, and Finnish in every file and import whatever the
page's language."""

import re

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation

from imports.actions import COLUMNS, actions_export_rows
from plans.models import Action
from plans.search import search_actions
from projects.models import Project
from publication.models import Publication
from tests.content_helpers import bilingual_plan, translated_and_finnish_actions
from tests.factories import ProjectFactory
from tests.publication_helpers import close, publish, year_world
from tests.reports_helpers import docx_text, pdf_text, squash, xlsx_text
from tests.spreadsheet_files import confirm, upload, xlsx_bytes
from tests.test_admin import project_form
from tests.workspace import action_post

ANNUAL = "/reports/annual/2023/hyvinvointitoimiala/"
FALLBACK = '<span class="fallback-mark">(på finska)</span>'


@pytest.fixture
def small(db):
    return bilingual_plan()


@pytest.fixture
def actions(small):
    """One action translated into Swedish, one in Finnish only."""
    return translated_and_finnish_actions(small)


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def swedish_client(coordinator_client):
    """The coordinator, who has chosen Swedish with the language switch."""
    coordinator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    return coordinator_client


def marked(text: str) -> str:
    return f'<span lang="fi">{text}</span> {FALLBACK}'


def test_the_action_list_shows_swedish_texts_and_marks_the_finnish_fallback(
    swedish_client, actions
):
    page = swedish_client.get("/actions/").content.decode()

    assert ">Simskola</a>" in page
    assert "Uimakoulu" not in page
    assert marked("Someturvan käyttöönotto") in page
    assert "1.1 En motionsrik livsstil" in page


def test_with_finnish_chosen_the_action_list_shows_finnish_unmarked(coordinator_client, actions):
    page = coordinator_client.get("/actions/").content.decode()

    assert ">Uimakoulu</a>" in page
    assert ">Someturvan käyttöönotto</a>" in page
    assert "Simskola" not in page
    assert "fallback-mark" not in page
    assert 'lang="fi"><' not in page.split("<body", 1)[1]


def test_the_action_page_shows_the_swedish_text_or_the_marked_finnish_one(swedish_client, actions):
    translated, finnish_only = actions

    page = swedish_client.get(f"/actions/{translated.pk}/").content.decode()
    assert "Simskola för alla förstaklassare." in page
    page = swedish_client.get(f"/actions/{finnish_only.pk}/").content.decode()
    assert '<div lang="fi"><p>Koulujen some-neuvontapalvelu.</p></div>' in page
    assert '<p class="fallback-mark">(på finska)</p>' in page


def test_the_annual_report_is_in_swedish_where_translated(swedish_client, actions):
    page = swedish_client.get(ANNUAL).content.decode()

    assert "VÄLMÅENDE INVÅNARE" in page
    assert "En motionsrik livsstil" in page
    assert "Simskola för alla förstaklassare." in page
    assert marked("Koulujen some-neuvontapalvelu.") in page
    assert marked("Tuemme kuntalaisten terveyttä.") in page
    assert marked("SUJUVA ARKI") in page


def test_the_annual_report_in_finnish_has_no_mark(coordinator_client, actions):
    page = coordinator_client.get(ANNUAL).content.decode()

    assert "HYVINVOIVAT KUNTALAISET" in page
    assert "Uimakoulu kaikille ekaluokkalaisille." in page
    assert "Simskola" not in page
    assert "fallback-mark" not in page


def test_the_annual_pdf_word_and_excel_in_swedish_mark_the_finnish_fallback(
    swedish_client, actions, tmp_path
):
    texts = {
        "pdf": squash(pdf_text(swedish_client.get(ANNUAL + "pdf/").content, tmp_path)),
        "docx": squash(docx_text(swedish_client.get(ANNUAL + "docx/").content)),
        "xlsx": squash(xlsx_text(swedish_client.get(ANNUAL + "xlsx/").content)),
    }

    for kind, text in texts.items():
        assert "Simskola för alla förstaklassare." in text, kind
        assert "Koulujen some-neuvontapalvelu. (på finska)" in text, kind
        assert "Uimakoulu kaikille" not in text, kind


def test_the_annual_pdf_in_finnish_is_unmarked(coordinator_client, actions, tmp_path):
    text = squash(pdf_text(coordinator_client.get(ANNUAL + "pdf/").content, tmp_path))

    assert "Uimakoulu kaikille ekaluokkalaisille." in text
    assert "(suomeksi)" not in text
    assert "Simskola" not in text


def test_the_coordinator_form_stores_both_languages_and_the_history_keeps_them(
    swedish_client, small
):
    response = swedish_client.post(
        "/actions/new/",
        action_post(
            small,
            title="Uimakoulu",
            title_sv="Simskola",
            description="Uimakoulu ekaluokkalaisille.",
            description_sv="Simskola för förstaklassare.",
            focus_areas=[small.wellbeing.pk],
        ),
    )

    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.title_fi, action.title_sv) == ("Uimakoulu", "Simskola")
    assert action.description_fi == "Uimakoulu ekaluokkalaisille."
    assert action.description_sv == "Simskola för förstaklassare."
    # The original column keeps the Finnish text, whatever the editor's language.
    assert Action.objects.rewrite(False).values_list("title", flat=True).get() == "Uimakoulu"
    (record,) = action.history.all()
    assert (record.title, record.title_fi, record.title_sv) == (
        "Uimakoulu",
        "Uimakoulu",
        "Simskola",
    )


def test_the_form_shows_the_finnish_and_swedish_texts_side_by_side(swedish_client, actions):
    translated, _finnish_only = actions

    page = swedish_client.get(f"/actions/{translated.pk}/edit/").content.decode()

    assert re.search(r'name="title"[^>]*value="Uimakoulu"', page)
    assert re.search(r'name="title_sv"[^>]*value="Simskola"', page)
    assert "Rubrik (på svenska)" in page
    assert "Beskrivning (på svenska)" in page


def test_an_edit_in_swedish_keeps_the_finnish_text_and_writes_history(swedish_client, actions):
    translated, _finnish_only = actions
    small_post = {
        "plan": translated.plan_id,
        "year": "2023",
        "division": translated.division_id,
        "title": "Uimakoulu",
        "title_sv": "Simskolan",
        "description": "Uimakoulu kaikille ekaluokkalaisille.",
        "description_sv": "Simskola för alla förstaklassare.",
        "status": "done",
        "focus_areas": [area.pk for area in translated.focus_areas.all()],
        "version": translated.version,
    }
    before = translated.history.count()

    response = swedish_client.post(f"/actions/{translated.pk}/edit/", small_post)

    assert response.status_code == 302
    translated.refresh_from_db()
    assert (translated.title_fi, translated.title_sv) == ("Uimakoulu", "Simskolan")
    assert translated.history.count() == before + 1
    page = swedish_client.get(f"/actions/{translated.pk}/").content.decode()
    assert "rubrik (på svenska)" in page
    assert "Simskolan" in page


def test_an_import_by_a_swedish_speaking_coordinator_writes_the_finnish_columns(
    swedish_client, actions
):
    translated, _finnish_only = actions
    (row,) = actions_export_rows(Action.objects.filter(pk=translated.pk))
    assert row[COLUMNS.index("Otsikko")] == "Uimakoulu"  # the file is Finnish
    row[COLUMNS.index("Otsikko")] = "Uimakoulu keväällä"
    new = [*row]
    new[COLUMNS.index("Tunniste")] = ""
    new[COLUMNS.index("Otsikko")] = "Vesiturvallisuus"
    new[COLUMNS.index("Kuvaus")] = "Vesiturvallisuuskurssi."

    confirm(
        swedish_client, upload(swedish_client, "actions", "t.xlsx", xlsx_bytes([COLUMNS, row, new]))
    )

    translated.refresh_from_db()
    assert (translated.title_fi, translated.title_sv) == ("Uimakoulu keväällä", "Simskola")
    assert (
        Action.objects.rewrite(False).filter(pk=translated.pk).values_list("title", flat=True).get()
        == "Uimakoulu keväällä"
    )
    added = Action.objects.get(title_fi="Vesiturvallisuus")
    assert (added.description_fi, added.title_sv) == ("Vesiturvallisuuskurssi.", None)
    assert (
        Action.objects.rewrite(False).filter(pk=added.pk).values_list("title", flat=True).get()
        == "Vesiturvallisuus"
    )
    assert translated.history.first().title_fi == "Uimakoulu keväällä"
    assert added.history.get().title_fi == "Vesiturvallisuus"


def test_the_search_reads_the_finnish_texts_whatever_the_language(actions):
    translated, _finnish_only = actions
    with translation.override("sv"):
        assert list(search_actions(Action.objects.all(), "uimakoulu")) == [translated]


def test_the_admin_stores_a_focus_areas_swedish_text_beside_the_finnish(coordinator_client, small):
    url = f"/admin/plans/focusarea/{small.housing.pk}/change/"
    page = coordinator_client.get(url).content.decode()
    assert 'name="text_sv"' in page
    assert 'name="text_fi"' not in page

    response = coordinator_client.post(
        url,
        {
            "goal": small.housing.goal_id,
            "order": "1",
            "text": "Asumisen turvallisuus",
            "text_sv": "Tryggt boende",
        },
    )

    assert response.status_code == 302
    small.housing.refresh_from_db()
    assert (small.housing.text_fi, small.housing.text_sv) == (
        "Asumisen turvallisuus",
        "Tryggt boende",
    )


def test_the_admin_requires_the_finnish_text_and_not_the_swedish(coordinator_client, small):
    url = f"/admin/plans/focusarea/{small.housing.pk}/change/"

    response = coordinator_client.post(
        url, {"goal": small.housing.goal_id, "order": "1", "text": "", "text_sv": "Tryggt boende"}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["text"]


def test_project_names_stay_unique_in_finnish_and_may_all_lack_swedish(db):
    ProjectFactory(name="Vahvax")
    ProjectFactory(name="Someturva")
    assert Project.objects.filter(name_sv__isnull=True).count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(name="Vahvax")


def test_a_new_publication_carries_both_languages_and_the_swedish_page_picks_swedish(client, db):
    world = year_world()
    Action.objects.filter(pk=world.actions[0].pk).update(description_sv="Simskola för alla.")
    close(world)
    publication = publish(world)
    action = publication.snapshot["actions"][0]
    assert action["description"] == "Uimakoulu kaikille ekaluokkalaisille 1."
    assert action["description_sv"] == "Simskola för alla."

    page = client.get("/julkinen/2023/hyvinvointitoimiala/?kieli=sv").content.decode()

    assert "Simskola för alla." in page
    assert marked("Uimakoulu kaikille ekaluokkalaisille 2.") in page
    finnish = client.get("/julkinen/2023/hyvinvointitoimiala/").content.decode()
    assert "Uimakoulu kaikille ekaluokkalaisille 1." in finnish
    assert "fallback-mark" not in finnish


def test_an_old_snapshot_without_swedish_falls_back_marked(client, db):
    world = year_world()
    close(world)
    publication = publish(world)
    snapshot = publication.snapshot
    for goal in snapshot["goals"]:
        goal.pop("name_sv")
        for focus_area in goal["focus_areas"]:
            focus_area.pop("text_sv")
    for action in snapshot["actions"]:
        action.pop("title_sv")
        action.pop("description_sv")
    Publication.objects.filter(pk=publication.pk).update(snapshot=snapshot)

    page = client.get("/julkinen/2023/hyvinvointitoimiala/?kieli=sv").content.decode()

    assert marked("Uimakoulu kaikille ekaluokkalaisille 1.") in page
    assert marked("Hyvinvoivat kuntalaiset") in page


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_admin_refuses_a_projects_finnish_name_twice_beside_the_name(
    client, admin_user, language
):
    ProjectFactory(name="Vahvax", name_sv="Vahvax på svenska")
    client.force_login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    data = project_form(name="Vahvax", name_sv="")

    response = client.post("/admin/projects/project/add/", data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"]
    assert Project.objects.count() == 1


def test_the_overview_names_goals_and_focus_areas_in_swedish_or_marked(swedish_client, actions):
    page = swedish_client.get("/reports/overview/2023/").content.decode()

    assert "Välmående invånare" in page
    assert "1.1 En motionsrik livsstil" in page
    assert marked("2.1 Asumisen turvallisuus") in page
