"""Every list workbook (the actions list and the import's files to edit): columns as wide as
their content, a frozen header with filter buttons, and a print on A4 landscape one page wide
with the header on every page."""

import io
from decimal import Decimal

import openpyxl
import pytest

from common.spreadsheets import MAX_WIDTH, MIN_WIDTH, column_widths
from plans.export import COLUMNS
from tests.factories import ActionFactory
from tests.workspace import small_plan

LONG_TEXT = "Pitkä kuvaus siitä, mitä toimenpiteessä tehtiin ja kenen kanssa. " * 4


@pytest.fixture
def small(db):
    return small_plan()


def sheet_of(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def test_a_column_is_as_wide_as_its_longest_line_within_the_limits():
    widths = column_widths(
        ["Nro", "Otsikko", "Kuvaus", "Summa"],
        [
            [1, "Lyhyt", "x" * 500, Decimal("295600.00")],
            [22, "Kaksi\nriviä, joista pidempi toinen", None, None],
        ],
    )

    assert widths == [MIN_WIDTH, len("riviä, joista pidempi toinen") + 2, MAX_WIDTH, 12]


def test_the_actions_workbook_has_filter_buttons_sized_columns_and_a_print_setup(
    client, coordinator, small
):
    for number in range(3):
        ActionFactory(plan=small.plan, division=small.division, description=f"{number} {LONG_TEXT}")
    client.force_login(coordinator)

    sheet = sheet_of(client.get("/actions/export.xlsx", {"year": "2023"}))

    rows = list(sheet.values)
    assert list(rows[0]) == COLUMNS
    assert sheet.auto_filter.ref == f"A1:L{len(rows)}"
    assert sheet.freeze_panes == "A2"
    widths = {
        name: sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width
        for index, name in enumerate(COLUMNS, start=1)
    }
    assert all(MIN_WIDTH <= width <= MAX_WIDTH for width in widths.values())
    assert widths["Kuvaus"] == MAX_WIDTH
    assert widths["Vuosi"] < widths["Toimiala"] < widths["Kuvaus"]
    # The long descriptions wrap, in rows high enough to show them.
    assert sheet.cell(2, COLUMNS.index("Kuvaus") + 1).alignment.wrap_text
    assert sheet.row_dimensions[2].height > 15
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"


def test_an_empty_list_still_has_its_filter_on_the_header(client, coordinator, small):
    client.force_login(coordinator)

    sheet = sheet_of(client.get("/actions/export.xlsx", {"year": "2030"}))

    assert sheet.max_row == 1
    assert sheet.auto_filter.ref == "A1:L1"


def test_the_import_file_to_edit_is_a_list_sheet_too(client, coordinator, small):
    ActionFactory(plan=small.plan, division=small.division)
    client.force_login(coordinator)

    sheet = sheet_of(client.get("/imports/actions/export.xlsx"))

    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(sheet.max_column)}2"
    assert sheet.print_title_rows == "$1:$1"


def test_the_printed_actions_list_has_its_header_on_every_page(
    client, coordinator, small, office_pages
):
    for number in range(40):
        ActionFactory(plan=small.plan, division=small.division, description=f"{number} {LONG_TEXT}")
    client.force_login(coordinator)

    pages = office_pages(
        client.get("/actions/export.xlsx", {"year": "2023"}).content, "toimenpiteet.xlsx"
    )

    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        # One page wide: the first and the last column's header are on every page.
        assert "Tunniste" in page and "Hankkeet" in page, f"no header on page {number}"
