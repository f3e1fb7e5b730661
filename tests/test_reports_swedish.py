"""The reports in Swedish: every page and download in the chosen language, with no Finnish left
where the Swedish catalogue has the text, Finland-Swedish formats, and a PDF cached per language."""

from io import BytesIO

import pytest
from django.conf import settings
from docx import Document

from plans.models import Division
from projects.models import Project
from reports import pdf, prerender
from tests.reports_helpers import (
    docx_text,
    finnish_left,
    finnish_msgids,
    pdf_text,
    squash,
    visible_text,
    workbook,
    xlsx_text,
)

ANNUAL = "/reports/annual/2023/hyvinvointitoimiala/"
OVERVIEW = "/reports/overview/2023/"
PROJECTS = "/reports/projects/?year=2023"


@pytest.fixture
def swedish_client(client, board_member, kemi):
    """A board member who has chosen Swedish, as the language switch records it."""
    client.force_login(board_member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    return client


@pytest.fixture
def vahvax(kemi):
    return Project.objects.get(short_name="Vahvax")


def test_the_catalogue_has_the_reports_texts_to_look_for():
    pieces = finnish_msgids()
    # Without these, the checks below would pass over an empty list.
    for text in ("STRATEGINEN PÄÄMÄÄRÄ", "Kaikki raportit", "Omarahoitus vuosittain"):
        assert text in pieces


def pages(vahvax) -> list[str]:
    return [
        "/reports/",
        ANNUAL,
        OVERVIEW,
        "/reports/projects/",
        PROJECTS,
        f"/reports/projects/{vahvax.pk}/",
    ]


def test_every_report_page_is_in_swedish(swedish_client, vahvax):
    for url in pages(vahvax):
        response = swedish_client.get(url)

        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == "sv"
        assert finnish_left(visible_text(response)) == [], url


def test_the_annual_page_speaks_swedish_around_the_citys_finnish_content(swedish_client):
    text = visible_text(swedish_client.get(ANNUAL))

    assert "Åtgärder år 2023 enligt Hyvinvointisuunnitelma 2022–25, hyvinvointitoimiala" in text
    assert "STRATEGISKT MÅL HYVINVOIVAT KUNTALAISET" in text
    assert "Genomförda åtgärder för välfärds- och hälsomålen (fokusområdena) 2023" in text
    assert "Ladda ner Word (DOCX)" in text and "Nämndens behandling" in text


def test_the_overview_charts_and_their_text_alternatives_are_in_swedish(swedish_client):
    page = swedish_client.get(OVERVIEW).content.decode()
    assert "Liggande stapeldiagram: antalet åtgärder enligt strategiska mål åren 2022 och 2023" in (
        squash(page)
    )
    for chart in ("goals", "funders", "self-financing", "focus-areas-1"):
        svg = swedish_client.get(f"{OVERVIEW}{chart}.svg").content.decode()
        assert finnish_left(svg) == [], chart
    funders = swedish_client.get(f"{OVERVIEW}funders.svg").content.decode()
    assert "Projektens medel per finansiär 2023" in funders
    assert "Kemis andel" in funders and "Självfinansiering" in funders


def test_money_and_dates_keep_the_finnish_formats_in_swedish(swedish_client, vahvax):
    text = visible_text(swedish_client.get(f"/reports/projects/{vahvax.pk}/"))

    assert "Period 1.9.2021–31.7.2023" in text
    assert "Kostnadsberäkning 295 600 €" in text
    assert "Kemis andel okänt" in text  # unknown is never zero, in Swedish too


@pytest.mark.parametrize(
    ("url", "name", "swedish"),
    [
        (f"{ANNUAL}pdf/", "valfardsplan-2023-hyvinvointitoimiala.pdf", "STRATEGISKT MÅL"),
        (f"{OVERVIEW}pdf/", "oversikt-2023.pdf", "Självfinansiering per år"),
        (PROJECTS.replace("?", "pdf/?"), "projekt-2023.pdf", "Projekt med extern finansiering"),
    ],
)
def test_each_pdf_is_in_swedish(swedish_client, tmp_path, url, name, swedish):
    response = swedish_client.get(url)

    assert response.status_code == 200
    assert f'filename="{name}"' in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path, layout=False)
    assert swedish in squash(text)
    assert "Sida 1 / " in text
    assert finnish_left(text) == []


def test_the_project_pdf_is_in_swedish(swedish_client, vahvax, tmp_path):
    response = swedish_client.get(f"/reports/projects/{vahvax.pk}/pdf/")

    assert f'filename="projekt-{vahvax.pk}.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path, layout=False)
    assert "Kostnadsberäkning" in text and "Sida 1 / " in text
    assert finnish_left(text) == []


def test_the_annual_docx_is_in_swedish(swedish_client):
    response = swedish_client.get(f"{ANNUAL}docx/")

    assert (
        'filename="valfardsplan-2023-hyvinvointitoimiala.docx"' in response["Content-Disposition"]
    )
    text = docx_text(response.content)
    assert "STRATEGISKT MÅL HYVINVOIVAT KUNTALAISET" in text
    assert "Mål Fokusområden (KV 3.10.2022 § 77)" in text
    assert "Sida" in text
    assert finnish_left(text) == []
    assert (
        Document(BytesIO(response.content))
        .sections[0]
        .footer.paragraphs[0]
        .text.startswith("Sida ")
    )


def test_the_annual_xlsx_is_in_swedish(swedish_client):
    response = swedish_client.get(f"{ANNUAL}xlsx/")

    text = xlsx_text(response.content)
    assert "STRATEGISKT MÅL HYVINVOIVAT KUNTALAISET" in text
    assert "Indikatorer" in text and "Kemis senaste värde" in text
    assert finnish_left(text) == []


def test_the_projects_xlsx_is_in_swedish_with_numbers_still_numbers(swedish_client):
    response = swedish_client.get(PROJECTS.replace("?", "xlsx/?"))

    assert 'filename="projekt-2023.xlsx"' in response["Content-Disposition"]
    book = workbook(response.content)
    assert book.sheetnames == ["Projekt", "Per finansiär", "Per år", "Öronmärkta"]
    header = [cell.value for cell in book["Projekt"][1]]
    assert header[:3] == ["Nr", "Projekt", "Finansiär"]
    assert isinstance(book["Projekt"].cell(2, 7).value, (int, float))  # money as a number
    assert finnish_left(xlsx_text(response.content)) == []


def test_finnish_and_swedish_pdfs_are_kept_apart(client, board_member, kemi, pdf_cache_dir):
    client.force_login(board_member)
    finnish = client.get(f"{ANNUAL}pdf/").content
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    swedish = client.get(f"{ANNUAL}pdf/").content

    assert finnish != swedish
    assert len(list(pdf_cache_dir.glob("*.pdf"))) == 2
    assert client.get(f"{ANNUAL}pdf/").content == swedish
    assert len(list(pdf_cache_dir.glob("*.pdf"))) == 2


def test_a_closed_year_is_laid_out_ahead_in_every_language(
    client, board_member, kemi, monkeypatch, pdf_cache_dir
):
    prerender.render_year(2023, [Division.objects.get(slug="hyvinvointitoimiala")])
    laid_out = len(list(pdf_cache_dir.glob("*.pdf")))
    assert laid_out == 3 * len(settings.LANGUAGES)

    def must_not_lay_out(*args):
        raise AssertionError("laid out again")

    monkeypatch.setattr(pdf, "lay_out", must_not_lay_out)
    client.force_login(board_member)
    for language, _name in settings.LANGUAGES:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        assert client.get(f"{ANNUAL}pdf/").status_code == 200
        assert client.get(f"{OVERVIEW}pdf/").status_code == 200
