"""common.spreadsheets: injection-safe exports, and reading what Finnish Excel saves."""

import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from common.spreadsheets import (
    SpreadsheetError,
    csv_response,
    parse_date,
    read_sheet,
    read_table,
    safe_text,
    table_rows,
    xlsx_response,
)
from tests.spreadsheet_files import csv_bytes, csv_rows, xlsx_bytes

COLUMNS = ["Nimi", "Summa"]
DANGEROUS = [
    '=HYPERLINK("http://example.com","klik")',
    "+358 40 123",
    "-1+2",
    "@SUM(A1)",
    "\tsisennys",
    "\rrivinvaihto",
]


def upload(content: bytes, name: str = "tiedosto.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def read(content: bytes, name: str = "tiedosto.csv"):
    return read_table(upload(content, name), columns=COLUMNS)


# safe_text


@pytest.mark.parametrize("text", DANGEROUS)
def test_safe_text_puts_an_apostrophe_before_text_a_spreadsheet_would_run(text):
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    [
        "Vahvax",
        "",
        "1.4 Yhteistyö",
        "'lainaus'",
        -5,
        Decimal("-295600.50"),
        4.11,
        datetime.date(2021, 9, 1),
        None,
    ],
)
def test_safe_text_leaves_plain_text_numbers_and_dates_alone(value):
    assert safe_text(value) == value


# Exports


def test_xlsx_export_writes_formula_like_text_as_text_not_as_formulas():
    response = xlsx_response("testi.xlsx", ["Teksti"], [[text] for text in DANGEROUS])

    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.data_type for cell in cells] == ["s"] * len(DANGEROUS)
    # Depending on the XML library a carriage return may come back as a line feed.
    read_back = [cell.value.replace("\r", "\n") for cell in cells]
    assert read_back == ["'" + text.replace("\r", "\n") for text in DANGEROUS]


def test_xlsx_export_keeps_numbers_money_and_dates_as_typed_cells_under_a_bold_frozen_header():
    response = xlsx_response(
        "hankkeet.xlsx",
        ["Nimi", "Vuosi", "Kustannusarvio", "Alkaa"],
        [["Vahvax", 2023, Decimal("295600.50"), datetime.date(2021, 9, 1)]],
        sheet_title="Hankkeet",
    )

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="hankkeet.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content))["Hankkeet"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    name, year, money, start = sheet[2]
    assert (year.value, year.data_type) == (2023, "n")
    assert (money.value, money.number_format) == (295600.5, "#,##0.00")
    assert (start.value, start.number_format) == (datetime.datetime(2021, 9, 1), "d.m.yyyy")


def test_csv_export_is_what_finnish_excel_opens_in_columns():
    response = csv_response(
        "hankkeet.csv",
        ["Nimi", "Kustannusarvio", "Alkaa", "Osallistujia", "Tyhjä"],
        [
            [
                "Töitä tarjolla; tekijää kaivataan",
                Decimal("536140.50"),
                datetime.date(2022, 1, 1),
                38,
                None,
            ]
        ],
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_rows(response.content) == [
        ["Nimi", "Kustannusarvio", "Alkaa", "Osallistujia", "Tyhjä"],
        ["Töitä tarjolla; tekijää kaivataan", "536140,50", "1.1.2022", "38", ""],
    ]


def test_csv_export_escapes_every_text_a_spreadsheet_would_run():
    response = csv_response("testi.csv", ["=Otsikko"], [[text] for text in DANGEROUS])

    rows = csv_rows(response.content)
    assert rows[0] == ["'=Otsikko"]
    assert [row[0] for row in rows[1:]] == ["'" + text for text in DANGEROUS]


@pytest.mark.parametrize("export", [xlsx_response, csv_response])
def test_escaped_exports_read_back_to_the_original_text(export):
    texts = ["=1+2", "'=jo lainattu", "+358 40 123", "@nimi", "- ranskalainen viiva", "'lainaus'"]
    response = export("testi", COLUMNS, [[text, Decimal("1.50")] for text in texts])

    rows = read(response.content, name="testi")

    assert [row.values["Nimi"] for row in rows] == texts
    assert all(not row.errors for row in rows)


# Reading: encodings and kinds of file


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
def test_csv_is_read_in_utf8_with_or_without_bom_and_in_windows_1252(encoding):
    content = csv_bytes([COLUMNS, ["Perhekeskus – Äänekäs ö", "295 600,50 €"]], encoding=encoding)

    (row,) = read(content)

    assert row.number == 2
    assert row.values == {"Nimi": "Perhekeskus – Äänekäs ö", "Summa": "295 600,50 €"}


def unicode_text(rows: list[list], *, encoding: str = "utf-16") -> bytes:
    """Tab-separated text, as Excel saves "Unicode-teksti" (UTF-16 with its byte order mark)."""
    content = io.StringIO()
    csv.writer(content, delimiter="\t", lineterminator="\r\n").writerows(rows)
    return content.getvalue().encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_excels_unicode_text_is_read_with_or_without_its_byte_order_mark(encoding):
    content = unicode_text(
        [COLUMNS, ["Perhekeskus – Äänekäs ö", "295 600,50 €"], ["rivi 1\nrivi 2", "1"]],
        encoding=encoding,
    )

    first, second = read(content, name="toimenpiteet.txt")

    assert first.values == {"Nimi": "Perhekeskus – Äänekäs ö", "Summa": "295 600,50 €"}
    assert (second.number, second.values["Nimi"]) == (3, "rivi 1\nrivi 2")


def test_a_tab_separated_utf8_file_is_read_too():
    content = "Nimi\tSumma\r\nVahvax\t1\r\n".encode("utf-8-sig")

    (row,) = read(content)

    assert row.values == {"Nimi": "Vahvax", "Summa": "1"}


def test_latin_1_text_reads_as_windows_1252():
    content = "Nimi;Summa\r\nÄänekoski ja Öljyntorjunta;1\r\n".encode("latin-1")

    (row,) = read(content)

    assert row.values["Nimi"] == "Äänekoski ja Öljyntorjunta"


def test_a_utf8_file_with_a_broken_character_is_refused_naming_its_encoding_and_line():
    content = "Nimi;Summa\r\nÄänekoski;1\r\n".encode() + b"Kemij\xe4rvi;2\r\n"

    with pytest.raises(SpreadsheetError) as refused:
        read(content)

    assert refused.value.message.startswith(
        "Tiedosto on UTF-8-koodattu, mutta sen rivillä 3 on merkki, joka ei ole UTF-8-merkki."
    )
    assert "CSV UTF-8" in refused.value.message


def test_a_file_neither_utf8_nor_windows_1252_is_refused_naming_both():
    content = b"Nimi;Summa\r\nKemij\xe4rvi \x81;2\r\n"

    with pytest.raises(SpreadsheetError, match="ei ole UTF-8 eikä Windows-1252"):
        read(content)


def test_a_broken_utf16_file_is_refused_naming_its_encoding():
    content = unicode_text([COLUMNS, ["Vahvax", "1"]]) + b"\x00"

    with pytest.raises(SpreadsheetError, match="Tiedosto on UTF-16-koodattu"):
        read(content)


def test_what_is_kept_of_a_file_is_plain_json_and_gives_the_same_rows():
    content = xlsx_bytes(
        [
            COLUMNS,
            ["Vahvax", Decimal("1200.50")],
            [datetime.date(2024, 9, 1), datetime.datetime(2024, 9, 1, 12, 30)],
            ['=HYPERLINK("http://example.com")', 3, "ylimääräinen"],
        ]
    )

    sheet = read_sheet(upload(content, "t.xlsx"), columns=COLUMNS)

    assert table_rows(json.loads(json.dumps(sheet))) == read(content, name="t.xlsx")
    first, second, third = table_rows(sheet)
    assert second.values == {
        "Nimi": datetime.date(2024, 9, 1),
        "Summa": datetime.datetime(2024, 9, 1, 12, 30),
    }
    assert [(error.column, error.message) for error in third.errors] == [
        ("Nimi", "Kaava ei ole sallittu."),
        ("", "Solu otsikkorivin sarakkeiden ulkopuolella."),
    ]


def test_xlsx_is_recognized_by_its_content_whatever_its_name():
    content = xlsx_bytes([COLUMNS, ["Vahvax", 1200.5]])

    (row,) = read(content, name="hankkeet.csv")

    assert row.values == {"Nimi": "Vahvax", "Summa": 1200.5}


def test_row_numbers_are_the_ones_the_spreadsheet_shows_even_after_empty_rows():
    content = xlsx_bytes([COLUMNS, ["Eka", 1], [None, None], ["Kolmas", 3]])

    rows = read(content, name="t.xlsx")

    assert [(row.number, row.values["Nimi"]) for row in rows] == [(2, "Eka"), (4, "Kolmas")]


def test_a_multi_line_csv_cell_keeps_its_line_breaks_and_the_next_row_its_number():
    content = csv_bytes([COLUMNS, ["rivi 1\r\nrivi 2", "1"], ["Toinen", "2"]])

    rows = read(content)

    assert [(row.number, row.values["Nimi"]) for row in rows] == [
        (2, "rivi 1\nrivi 2"),
        (3, "Toinen"),
    ]


def test_cells_are_trimmed_and_empty_cells_are_none():
    (row,) = read(csv_bytes([COLUMNS, ["  Vahvax ", "   "]]))

    assert row.values == {"Nimi": "Vahvax", "Summa": None}


# Reading: refusals


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00",  # old binary .xls
        b"PK\x03\x04 a broken zip file",
    ],
    ids=["png", "pdf", "xls", "broken-zip"],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(content):
    with pytest.raises(SpreadsheetError, match="Tiedosto ei ole taulukko"):
        read(content, name="toimenpiteet.xlsx")


def test_a_zip_file_that_is_not_a_workbook_is_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zip_file:
        zip_file.writestr("muistio.txt", "ei taulukko")

    with pytest.raises(SpreadsheetError, match="Tiedosto ei ole taulukko"):
        read(archive.getvalue(), name="t.xlsx")


def test_a_zip_that_unpacks_far_beyond_the_limit_is_refused_before_it_is_opened(settings):
    settings.IMPORT_MAX_BYTES = 10_000
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zip_file:
        zip_file.writestr("xl/worksheets/sheet1.xml", b"0" * 1_000_000)

    with pytest.raises(SpreadsheetError, match="purettuna liian suuri"):
        read(archive.getvalue(), name="t.xlsx")


@pytest.mark.parametrize("content", [b"", b"   \r\n  ", csv_bytes([[""], [""]])])
def test_an_empty_file_is_refused(content):
    with pytest.raises(SpreadsheetError, match="Tiedosto on tyhjä"):
        read(content)


def test_a_file_with_only_the_header_is_refused():
    with pytest.raises(SpreadsheetError, match="ei yhtään tuotavaa riviä"):
        read(csv_bytes([COLUMNS]))


def test_a_header_with_unknown_and_missing_columns_is_refused_naming_them():
    with pytest.raises(SpreadsheetError) as refused:
        read(csv_bytes([["Nimi", "Hinta"], ["Vahvax", "1"]]))

    assert "tuntemattomat sarakkeet: Hinta" in refused.value.message
    assert "puuttuvat sarakkeet: Summa" in refused.value.message


def test_a_file_without_a_header_row_is_refused():
    with pytest.raises(SpreadsheetError, match="otsikkorivi"):
        read(csv_bytes([["Vahvax", "1"], ["Toinen", "2"]]))


def test_a_comma_separated_csv_is_refused_with_a_hint_about_semicolons():
    with pytest.raises(SpreadsheetError, match="puolipisteellä"):
        read(b"Nimi,Summa\r\nVahvax,1\r\n")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings):
    settings.IMPORT_MAX_BYTES = 1000

    class UnreadableUpload(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("a file over the limit must not be read")

    too_large = UnreadableUpload("iso.xlsx", b"x" * 1001)

    with pytest.raises(SpreadsheetError, match="Tiedosto on liian suuri"):
        read_table(too_large, columns=COLUMNS)


# Reading: formulas


def test_an_xlsx_formula_is_reported_in_its_row_and_column():
    content = xlsx_bytes([COLUMNS, ["Vahvax", 1], ['=HYPERLINK("http://example.com","klik")', 2]])

    first, second = read(content, name="t.xlsx")

    assert first.errors == []
    assert [(error.row, error.column, error.message) for error in second.errors] == [
        (3, "Nimi", "Kaava ei ole sallittu.")
    ]
    assert second.values["Nimi"] is None


def test_a_csv_cell_starting_with_equals_is_a_formula_but_an_escaped_one_is_text():
    content = csv_bytes([COLUMNS, ['=HYPERLINK("http://example.com")', "1"], ["'=1+2", "2"]])

    formula, text = read(content)

    assert [(error.row, error.column) for error in formula.errors] == [(2, "Nimi")]
    assert text.errors == []
    assert text.values["Nimi"] == "=1+2"


# Parsing Finnish input


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.9.2021", datetime.date(2021, 9, 1)),
        ("01.09.2021", datetime.date(2021, 9, 1)),
        (datetime.datetime(2023, 2, 28), datetime.date(2023, 2, 28)),
        (datetime.date(2023, 2, 28), datetime.date(2023, 2, 28)),
        (None, None),
        ("", None),
    ],
)
def test_dates_are_read_day_first(value, expected):
    assert parse_date(value) == expected


def test_a_date_that_does_not_exist_is_named_in_the_error():
    with pytest.raises(ValidationError, match="Päivämäärää 31.2.2023 ei ole olemassa"):
        parse_date("31.2.2023")


@pytest.mark.parametrize("value", ["2023-02-28", "helmikuu", "1.9.21"])
def test_a_date_in_another_format_asks_for_day_month_year(value):
    with pytest.raises(ValidationError, match="p.k.vvvv"):
        parse_date(value)
