"""The annual table as PDF, XLSX and DOCX, checked against the city's `002_…` document."""

from io import BytesIO

import pytest
from docx import Document

from tests.reports_helpers import kemi_data, pdf_pages, pdf_text, squash, workbook

BASE = "/reports/annual/2023/hyvinvointitoimiala/"
HEADERS = (
    "Tavoite",
    "Painopisteet (KV 3.10.2022 § 77)",
    "Hyvinvointi- ja terveystavoitteiden",
)


@pytest.fixture
def board_client(client, board_member, kemi):
    client.force_login(board_member)
    return client


def test_the_pdf_is_a_multi_page_document_with_every_goal_band_and_repeated_headers(
    board_client, tmp_path
):
    response = board_client.get(f"{BASE}pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        'filename="hyvinvointisuunnitelma-2023-hyvinvointitoimiala.pdf"'
        in response["Content-Disposition"]
    )
    pages = pdf_pages(response.content, tmp_path)
    assert pages > 1
    text = pdf_text(response.content, tmp_path)
    assert "Hyvinvointisuunnitelman 2022–25 toimenpiteet vuodelta 2023, hyvinvointitoimiala" in text
    for goal in kemi_data()["plan"]["goals"]:
        assert f"STRATEGINEN PÄÄMÄÄRÄ {goal['name'].upper()}" in squash(text)
    # The column headers repeat on every page the tables run over, and every page is numbered.
    for page_number, page in enumerate(text.split("\f")[:pages], start=1):
        assert "Painopisteet (KV 3.10.2022 § 77)" in page, f"no headers on page {page_number}"
        assert f"Sivu {page_number} / {pages}" in page


def test_the_pdf_text_is_real_text_with_every_action(board_client, tmp_path):
    text = squash(pdf_text(board_client.get(f"{BASE}pdf/").content, tmp_path, layout=False))
    for action in kemi_data()["actions"]:
        # pdftotext keeps hyphenated line ends; the first words of each paragraph are enough.
        assert " ".join(action["description"].split()[:4]) in text


def test_the_pdf_is_laid_out_once_and_again_only_when_the_report_changes(
    board_client, tmp_path, monkeypatch
):
    from plans.models import Action
    from reports import pdf

    layouts = []
    write_pdf = pdf.HTML.write_pdf
    monkeypatch.setattr(
        pdf.HTML, "write_pdf", lambda self, **kwargs: layouts.append(1) or write_pdf(self, **kwargs)
    )

    first = board_client.get(f"{BASE}pdf/").content
    assert board_client.get(f"{BASE}pdf/").content == first
    assert len(layouts) == 1

    action = Action.objects.get(title="Liikkuminen on Makiaa-avustus")
    Action.objects.filter(pk=action.pk).update(description="Uusi kuvaus vuodelta 2023.")
    changed = board_client.get(f"{BASE}pdf/").content

    assert len(layouts) == 2
    assert "Uusi kuvaus vuodelta 2023." in squash(pdf_text(changed, tmp_path, layout=False))


def test_the_xlsx_has_the_three_columns_under_each_goal_band(board_client):
    response = board_client.get(f"{BASE}xlsx/")

    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet = workbook(response.content).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert (
        rows[0][0]
        == "Hyvinvointisuunnitelman 2022–25 toimenpiteet vuodelta 2023, hyvinvointitoimiala"
    )
    bands = [row[0] for row in rows if row[0] and str(row[0]).startswith("STRATEGINEN")]
    assert bands == [
        "STRATEGINEN PÄÄMÄÄRÄ  HYVINVOIVAT KUNTALAISET",
        "STRATEGINEN PÄÄMÄÄRÄ  SUJUVA ARKI",
        "STRATEGINEN PÄÄMÄÄRÄ  ELINVOIMAINEN KAUPUNKI",
    ]
    assert (
        rows.count(
            [
                "Tavoite",
                "Painopisteet (KV 3.10.2022 § 77)",
                "Hyvinvointi- ja terveystavoitteiden (painopisteiden) toteutuneet "
                "toimenpiteet 2023",
            ]
        )
        == 3
    )
    actions = [row[2] for row in rows if row[2] and not str(row[2]).startswith("Hyvinvointi- ja")]
    assert len(actions) == 26
    labels = {"Tavoite", "Kaupunkistrategia 2022–25:"}
    objectives = [
        row[0]
        for row in rows[1:]
        if row[0] and row[0] not in labels and not row[0].startswith("STRATEGINEN")
    ]
    assert objectives == [
        text for goal in kemi_data()["plan"]["goals"] for text in goal["objectives"]
    ]


def test_the_docx_keeps_a_three_column_table_per_goal(board_client):
    response = board_client.get(f"{BASE}docx/")

    document = Document(BytesIO(response.content))
    assert document.paragraphs[0].text.startswith(
        "Hyvinvointisuunnitelman 2022–25 toimenpiteet vuodelta 2023"
    )
    assert len(document.tables) == 3
    goals = kemi_data()["plan"]["goals"]
    for table, goal in zip(document.tables, goals, strict=True):
        assert [cell.text for cell in table.rows[0].cells][:2] == [
            "Tavoite",
            "Painopisteet (KV 3.10.2022 § 77)",
        ]
        objectives, focus_areas, actions = table.rows[1].cells
        assert [p.text for p in objectives.paragraphs] == [
            "Kaupunkistrategia 2022–25:",
            *goal["objectives"],
        ]
        assert [p.text for p in focus_areas.paragraphs] == [
            "Hyvinvointisuunnitelma 2022–25:",
            *[f["text"] for f in goal["focus_areas"]],
        ]
    assert [len(table.rows[1].cells[2].paragraphs) for table in document.tables] == [15, 4, 7]


def test_an_xlsx_cell_that_looks_like_a_formula_is_kept_as_text(client, board_member):
    from tests.factories import ActionFactory, FocusAreaFactory

    focus_area = FocusAreaFactory(text='=HYPERLINK("http://example.com")')
    action = ActionFactory(
        plan=focus_area.goal.plan, description="+SUM(A1)", focus_areas=[focus_area]
    )
    client.force_login(board_member)

    sheet = workbook(
        client.get(f"/reports/annual/2023/{action.division.slug}/xlsx/").content
    ).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value]
    assert '\'=HYPERLINK("http://example.com")' in values
    assert "'+SUM(A1)" in values
