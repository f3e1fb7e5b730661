"""The annual report on paper, as a board secretary prints it: the goal band on every page of
the PDF, unreviewed carried text marked in every format, PDFs that open in the browser."""

from io import BytesIO

import pytest
from docx import Document

from tests.factories import (
    ActionFactory,
    DivisionFactory,
    FocusAreaFactory,
    ObjectiveFactory,
    PlanFactory,
    ProjectFactory,
    StrategicGoalFactory,
)
from tests.reports_helpers import pdf_text, squash, visible_text, workbook

LONG_TEXT = (
    "Toimenpiteen kuvaus, joka kertoo mitä tehtiin, kenen kanssa ja millä tuloksella; "
    "lautakunta lukee sen paperilta ja haluaa tietää, minkä päämäärän alle se kuuluu. "
) * 3
UNREVIEWED = "(teksti tarkistamatta)"


def long_year(actions: int = 40) -> str:
    """A division whose 2023 actions fill several A4 pages under two goals."""
    plan = PlanFactory()
    division = DivisionFactory(slug="sivistystoimiala", name="Sivistystoimiala")
    for order, name in ((1, "Hyvinvoivat kuntalaiset"), (2, "Sujuva arki")):
        goal = StrategicGoalFactory(plan=plan, order=order, name=name)
        ObjectiveFactory(goal=goal)
        focus_area = FocusAreaFactory(goal=goal)
        for number in range(actions // 2):
            ActionFactory(
                plan=plan,
                division=division,
                order=number,
                description=f"{name} {number}. {LONG_TEXT}",
                focus_areas=[focus_area],
            )
    return f"/reports/annual/2023/{division.slug}/"


def test_every_page_of_the_pdf_names_the_goal_its_table_continues(board_client, tmp_path):
    url = long_year()

    content = board_client.get(f"{url}pdf/").content

    pages = pdf_text(content, tmp_path).split("\f")[:-1]
    assert len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        bands = [
            goal
            for goal in ("HYVINVOIVAT KUNTALAISET", "SUJUVA ARKI")
            if f"STRATEGINEN PÄÄMÄÄRÄ {goal}" in squash(page)
        ]
        assert bands, f"page {number} does not name its goal"
        assert f"Sivu {number} / {len(pages)}" in page
    # A page that continues the first goal's table names that goal, not the next one.
    continued = [page for page in pages[1:] if "Hyvinvoivat kuntalaiset 1" in squash(page)]
    assert all("HYVINVOIVAT KUNTALAISET" in squash(page) for page in continued)


def test_the_pdf_opens_in_the_browser_and_its_download_link_saves_it(board_client):
    url = long_year(actions=2)

    shown = board_client.get(f"{url}pdf/")
    saved = board_client.get(f"{url}pdf/?download=1")

    filename = 'filename="hyvinvointisuunnitelma-2023-sivistystoimiala.pdf"'
    assert shown["Content-Disposition"] == f"inline; {filename}"
    assert saved["Content-Disposition"] == f"attachment; {filename}"
    assert shown.content == saved.content


@pytest.mark.parametrize(
    "url",
    [
        "/reports/annual/2023/sivistystoimiala/pdf/",
        "/reports/projects/pdf/?year=2023",
        "/reports/overview/2023/pdf/",
    ],
)
def test_every_report_pdf_opens_in_the_browser(board_client, url):
    long_year(actions=2)

    response = board_client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert board_client.get(url + ("&" if "?" in url else "?") + "download=1")[
        "Content-Disposition"
    ].startswith("attachment; filename=")


def test_the_report_pages_link_the_pdf_to_view_and_to_download_and_offer_printing(board_client):
    url = long_year(actions=2)
    project = ProjectFactory()

    for page in (
        url,
        "/reports/projects/?year=2023",
        "/reports/overview/2023/",
        f"/reports/projects/{project.pk}/",
    ):
        html = board_client.get(page).content.decode()
        assert "Näytä PDF" in html and "Lataa PDF" in html
        assert 'download=1" download>Lataa PDF</a>' in html
        # Hidden until print.js shows it: without JavaScript it could do nothing.
        assert '<li hidden><button type="button" class="link-button" data-print-button>' in html
        assert '<script src="/static/js/print.js" defer></script>' in html


def unreviewed_year() -> str:
    plan = PlanFactory()
    division = DivisionFactory(slug="sivistystoimiala", name="Sivistystoimiala")
    focus_area = FocusAreaFactory(goal=StrategicGoalFactory(plan=plan, name="Sujuva arki"))
    for description, needs_review in (
        ("Viime vuoden teksti, jota ei ole päivitetty.", True),
        ("Toinen siirretty teksti.", True),
        ("Tämän vuoden tarkistettu teksti.", False),
    ):
        ActionFactory(
            plan=plan,
            division=division,
            description=description,
            needs_review=needs_review,
            focus_areas=[focus_area],
        )
    return f"/reports/annual/2023/{division.slug}/"


NOTE = (
    "2 toimenpiteen teksti on siirretty edellisestä vuodesta eikä niitä ole vielä "
    "tarkistettu; ne on merkitty (teksti tarkistamatta)."
)


def assert_marked(text: str) -> None:
    text = squash(text)
    assert NOTE in text
    assert f"Viime vuoden teksti, jota ei ole päivitetty. {UNREVIEWED}" in text
    assert f"Toinen siirretty teksti. {UNREVIEWED}" in text
    assert f"Tämän vuoden tarkistettu teksti. {UNREVIEWED}" not in text
    assert text.count(UNREVIEWED) == 3  # the two actions and the note


def test_unreviewed_carried_text_is_marked_on_the_page(board_client):
    assert_marked(visible_text(board_client.get(unreviewed_year())))


def test_unreviewed_carried_text_is_marked_in_the_pdf(board_client, tmp_path):
    content = board_client.get(f"{unreviewed_year()}pdf/").content
    assert_marked(pdf_text(content, tmp_path, layout=False))


def test_unreviewed_carried_text_is_marked_in_the_docx(board_client):
    document = Document(BytesIO(board_client.get(f"{unreviewed_year()}docx/").content))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    cells = [
        paragraph.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
    ]
    assert_marked(" ".join(paragraphs + list(dict.fromkeys(cells))))


def test_unreviewed_carried_text_is_marked_in_the_xlsx(board_client):
    sheet = workbook(board_client.get(f"{unreviewed_year()}xlsx/").content).active
    assert_marked(
        " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)
    )


def test_a_year_with_every_text_reviewed_has_no_note(board_client):
    url = long_year(actions=2)
    text = visible_text(board_client.get(url))
    assert UNREVIEWED not in text
