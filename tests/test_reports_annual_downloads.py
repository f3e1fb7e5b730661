"""The annual table as PDF, XLSX and DOCX, checked against the city's `002_…` document."""

from io import BytesIO

import pytest
from docx import Document
from docx.oxml.ns import qn

from tests.reports_helpers import kemi_data, pdf_fonts, pdf_pages, pdf_text, squash, workbook

BASE = "/reports/annual/2023/hyvinvointitoimiala/"
HEADERS = (
    "Tavoite",
    "Painopisteet (KV 3.10.2022 § 77)",
    "Hyvinvointi- ja terveystavoitteiden",
)


@pytest.fixture
def board_client(board_client, kemi):
    """The board member's client (`conftest.py`), with the demo loaded."""
    return board_client


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
    # (A page may hold only a goal's table of THL's indicators, under its own headings.)
    for page_number, page in enumerate(text.split("\f")[:pages], start=1):
        assert "Painopisteet (KV 3.10.2022 § 77)" in page or "Kemin viimeisin arvo" in page, (
            f"no headers on page {page_number}"
        )
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

    action = Action.objects.get(description__startswith="Liikkuminen on Makiaa-avustuksella")
    Action.objects.filter(pk=action.pk).update(description="Uusi kuvaus vuodelta 2023.")
    changed = board_client.get(f"{BASE}pdf/").content

    assert len(layouts) == 2
    assert "Uusi kuvaus vuodelta 2023." in squash(pdf_text(changed, tmp_path, layout=False))


def test_the_xlsx_has_a_band_row_per_goal_and_its_three_columns_beside_its_actions(
    board_client,
):
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
    # One header row, for the whole sheet; the print repeats it on every page.
    header = [
        "Tavoite",
        "Painopisteet (KV 3.10.2022 § 77)",
        "Hyvinvointi- ja terveystavoitteiden (painopisteiden) toteutuneet toimenpiteet 2023",
    ]
    assert rows.count(header) == 1
    bands = [row[0] for row in rows if row[0] and str(row[0]).startswith("STRATEGINEN")]
    goals = kemi_data()["plan"]["goals"]
    assert bands == [f"STRATEGINEN PÄÄMÄÄRÄ  {goal['name'].upper()}" for goal in goals]
    band_rows = [number for number, row in enumerate(rows, start=1) if row[0] in bands]
    for goal, band_row, next_band in zip(
        goals, band_rows, [*band_rows[1:], len(rows) + 1], strict=True
    ):
        objectives, focus_areas, _ = rows[band_row]  # the row under the band
        assert objectives.split("\n") == ["Kaupunkistrategia 2022–25:", *goal["objectives"]]
        assert focus_areas.split("\n") == [
            "Hyvinvointisuunnitelma 2022–25:",
            *[area["text"] for area in goal["focus_areas"]],
        ]
        # No objective or focus area is paired with an action: their cells are merged down
        # beside all of the goal's actions, one action a row.
        merged = {str(cell_range) for cell_range in sheet.merged_cells.ranges}
        assert f"A{band_row + 1}:A{next_band - 1}" in merged
        assert f"B{band_row + 1}:B{next_band - 1}" in merged
        assert all(row[0] is None and row[1] is None for row in rows[band_row + 1 : next_band - 1])
    actions = [row[2] for row in rows if row[2] and row[2] != header[2]]
    # The two paragraphs about bullying also stand under goal 2 (focus area 2.2).
    assert len(actions) == 15 + 4 + 2 + 7
    assert len(set(actions)) == 26


def test_the_xlsx_prints_on_a4_landscape_one_page_wide_with_its_header_on_every_page(
    board_client, office_pages
):
    content = board_client.get(f"{BASE}xlsx/").content
    sheet = workbook(content).active

    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$2:$2"  # the header row under the title
    actions = [sheet.cell(row, 3) for row in range(3, sheet.max_row + 1)]
    assert all(cell.alignment.wrap_text for cell in actions if cell.value)

    pages = office_pages(content, "vuosi.xlsx")
    # The sheet of THL's indicators prints after the table, under its own header row.
    indicator_pages = [page for page in pages if "Sotkanet-tunniste" in page]
    assert indicator_pages and all("Kemin viimeisin arvo" in page for page in indicator_pages)
    pages = [page for page in pages if page not in indicator_pages]
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert "Painopisteet (KV 3.10.2022 § 77)" in page, f"no header on page {number}"
    # One page wide: every page has all three columns' header.
    assert all(
        "Tavoite" in page and "Hyvinvointi- ja terveystavoitteiden" in page for page in pages
    )


def test_the_docx_keeps_a_three_column_table_per_goal_under_its_band(board_client):
    response = board_client.get(f"{BASE}docx/")

    document = Document(BytesIO(response.content))
    assert document.paragraphs[0].text.startswith(
        "Hyvinvointisuunnitelman 2022–25 toimenpiteet vuodelta 2023"
    )
    tables = goal_tables(document)
    assert len(tables) == 3
    goals = kemi_data()["plan"]["goals"]
    for table, goal in zip(tables, goals, strict=True):
        band, headings, content = table.rows
        assert band.cells[0].text == f"STRATEGINEN PÄÄMÄÄRÄ  {goal['name'].upper()}"
        assert [cell.text for cell in headings.cells][:2] == [
            "Tavoite",
            "Painopisteet (KV 3.10.2022 § 77)",
        ]
        objectives, focus_areas, actions = content.cells
        assert [p.text for p in objectives.paragraphs] == [
            "Kaupunkistrategia 2022–25:",
            *goal["objectives"],
        ]
        assert [p.text for p in focus_areas.paragraphs] == [
            "Hyvinvointisuunnitelma 2022–25:",
            *[f["text"] for f in goal["focus_areas"]],
        ]
    # The two paragraphs about bullying also stand under goal 2 (focus area 2.2).
    assert [len(table.rows[2].cells[2].paragraphs) for table in tables] == [15, 4 + 2, 7]


def goal_tables(document) -> list:
    """The goals' tables of the three columns, without the tables of THL's indicators."""
    return [
        table
        for table in document.tables
        if table.rows[0].cells[0].text.startswith("STRATEGINEN PÄÄMÄÄRÄ")
    ]


def test_the_docx_repeats_band_and_headings_and_numbers_its_pages(board_client, office_pages):
    content = board_client.get(f"{BASE}docx/").content
    document = Document(BytesIO(content))

    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape A4
    for table in document.tables:
        repeated = [
            row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
            for row in table.rows
        ]
        if table.rows[0].cells[0].text.startswith("STRATEGINEN PÄÄMÄÄRÄ"):
            assert repeated == [True, True, False]
        else:  # a goal's indicators: their headings repeat
            assert repeated == [True] + [False] * (len(table.rows) - 1)
    footer = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer

    pages = office_pages(content, "vuosi.docx")
    assert len(pages) > 1
    goals = [goal["name"].upper() for goal in kemi_data()["plan"]["goals"]]
    for number, page in enumerate(pages, start=1):
        assert "Painopisteet (KV 3.10.2022 § 77)" in page, f"no header on page {number}"
        assert any(f"STRATEGINEN PÄÄMÄÄRÄ {goal}" in squash(page) for goal in goals), (
            f"no goal band on page {number}"
        )
        assert f"Sivu {number} / {len(pages)}" in page


def test_the_docx_names_one_font_and_no_theme_font(board_client):
    from zipfile import ZipFile

    content = board_client.get(f"{BASE}docx/").content
    with ZipFile(BytesIO(content)) as archive:
        parts = [archive.read(name).decode() for name in ("word/styles.xml", "word/document.xml")]

    for xml in parts:
        assert "Theme=" not in xml.replace("w:themeColor", ""), "a theme font remains"
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert f'w:{slot}="Source Sans 3"' in parts[0]
        assert f'w:{slot}="Source Sans 3"' in parts[1]


def test_the_pdf_embeds_the_font_the_docx_names(board_client, tmp_path):
    fonts = pdf_fonts(board_client.get(f"{BASE}pdf/").content, tmp_path)

    assert fonts, "the PDF names no font"
    assert all(name.startswith("Source-Sans-3") for name in fonts), fonts


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
    # The focus area's text follows the plan's label in its cell; the action stands alone.
    assert any(value.endswith('\n=HYPERLINK("http://example.com")') for value in values)
    assert "'+SUM(A1)" in values
    assert not [value for value in values if value.startswith(("=", "+", "-", "@"))]
