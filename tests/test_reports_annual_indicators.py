"""The annual report shows each goal's THL indicators (latest value, change since the plan's
first year, direction against the target) with the licence and producers, in every format."""

from io import BytesIO

import pytest
from docx import Document

from tests.factories import ActionFactory
from tests.reports_helpers import pdf_text, squash, visible_text, workbook
from tests.test_focus_area_indicators import add_indicators
from tests.workspace import small_plan

BASE = "/reports/annual/2023/hyvinvointitoimiala/"
SOURCES = (
    "Lähde: THL, Sotkanet.fi (CC BY 4.0). Tuottajat: Terveyden ja hyvinvoinnin laitos (THL), "
    "Tilastokeskus. Arvot: esimerkkiaineisto, ei THL:n tietoa. "
    "Tavoitteet: esimerkkitavoite, ei kaupungin asettama."
)
# The demo's targets are examples, marked wherever they are shown.
SAMPLE_TARGET = "(esimerkkitavoite, ei kaupungin asettama)"


def test_the_page_shows_the_indicators_under_their_goal_with_the_sources(board_client, kemi):
    text = visible_text(board_client.get(BASE))

    assert (
        "1.2 Syrjäytymisen ehkäisy Toimeentulotukea saaneet 25 - 64-vuotiaat, % vastaavan "
        "ikäisestä väestöstä (esimerkkiaineisto, ei THL:n tietoa) Terveyden ja hyvinvoinnin "
        f"laitos (THL) 8,9 (2023) +0,3 (2022–2023) laskeva vuoteen 2025 mennessä {SAMPLE_TARGET} "
        "vastoin tavoitetta" in text
    )
    assert "3.4 Turvallisuuden parantaminen ja rikosten ennalta ehkäisyyn panostaminen" in text
    assert (
        f"0,2 (2023) 0,0 (2022–2023) laskeva vuoteen 2025 mennessä {SAMPLE_TARGET} ei muutosta"
        in text
    )
    assert text.count(SOURCES) == 2  # under goals 1 and 3; goal 2 follows no indicator


def test_the_pdf_shows_the_indicators_and_the_sources(board_client, kemi, tmp_path):
    text = squash(pdf_text(board_client.get(f"{BASE}pdf/").content, tmp_path, layout=False))
    assert "THL:n indikaattorit (Sotkanet)" in text
    assert "8,9 (2023)" in text
    assert (
        f"+0,3 (2022–2023) laskeva vuoteen 2025 mennessä {SAMPLE_TARGET} vastoin tavoitetta" in text
    )
    assert SOURCES in text


def test_the_xlsx_has_a_sheet_of_indicators_with_numbers_and_the_sources(board_client, kemi):
    book = workbook(board_client.get(f"{BASE}xlsx/").content)
    sheet = book["Indikaattorit"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]

    assert rows[1][0] == SOURCES
    assert rows[2][:9] == [
        "Päämäärä",
        "Painopiste",
        "Indikaattori",
        "Sotkanet-tunniste",
        "Yksikkö",
        "Kemin viimeisin arvo",
        "Vuosi",
        "Arvo 2022",
        "Muutos",
    ]
    by_id = {row[3]: row for row in rows[3:]}
    assert set(by_id) == {4, 5, 3090}
    row = by_id[5]
    assert (float(row[5]), row[6], float(row[7]), round(float(row[8]), 4)) == (8.9, 2023, 8.6, 0.3)
    assert row[9] == f"laskeva vuoteen 2025 mennessä {SAMPLE_TARGET}"
    assert row[12] == "↑ vastoin tavoitetta"
    assert row[13] == "Terveyden ja hyvinvoinnin laitos (THL)"
    assert row[14] == "esimerkkiaineisto, ei THL:n tietoa"


def test_the_docx_has_the_indicator_tables_and_the_sources(board_client, kemi):
    document = Document(BytesIO(board_client.get(f"{BASE}docx/").content))
    texts = [
        squash(" ".join(cell.text for cell in row.cells))
        for table in document.tables
        for row in table.rows
    ]
    assert any(
        text.startswith("1.2 Syrjäytymisen ehkäisy Toimeentulotukea saaneet")
        and "(esimerkkiaineisto, ei THL:n tietoa)" in text
        and text.endswith(
            f"8,9 (2023) +0,3 (2022–2023) laskeva vuoteen 2025 mennessä {SAMPLE_TARGET} ↑ vastoin tavoitetta"
        )
        for text in texts
    ), texts
    assert sum(p.text == SOURCES for p in document.paragraphs) == 2


@pytest.mark.parametrize(("indicators", "years"), [(1, range(2022, 2024)), (8, range(2010, 2025))])
def test_the_annual_report_runs_the_same_queries_for_any_number_of_indicators_and_years(
    board_client, django_assert_num_queries, indicators, years
):
    small = small_plan()
    ActionFactory(
        plan=small.plan, year=2023, division=small.division, focus_areas=[small.wellbeing]
    )
    add_indicators(small.wellbeing, indicators, years)
    add_indicators(small.housing, indicators, years)

    # session, user, roles, the plan, the division, the outline of goals, objectives and focus
    # areas, the actions, the closings, the indicator links, the regions, the values (the
    # same 11 as with no indicator: tests/test_reports_annual.py)
    with django_assert_num_queries(11):
        response = board_client.get(BASE)
    assert response.status_code == 200
