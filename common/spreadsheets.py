"""Spreadsheets in and out: the one place where the app writes and reads XLSX and CSV files.

Every text cell of every XLSX and CSV the app writes goes through `safe_text`, the one rule:
no control character a spreadsheet cannot hold, and no text that starts with a character that
makes a spreadsheet run it as a formula (CSV/XLSX injection). `xlsx_response` and
`csv_response` apply it to every cell; the reports' own workbooks through `safe_row`. Every
import goes through `read_table`, which reads what those exports write and what Finnish Excel
saves.
"""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from common.downloads import download_response
from common.formatting import format_date
from common.inputs import clean_text

# A cell starting with one of these is a formula to Excel and LibreOffice (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "d.m.yyyy"
WRAPPED = Alignment(wrap_text=True, vertical="top")
# A zip file can unpack to far more than it weighs; real workbooks unpack to about ten times.
UNPACKED_SIZE_FACTOR = 20

NOT_A_SPREADSHEET = _lazy(
    "Tiedosto ei ole taulukko. Tallenna se Excelissä muodossa .xlsx tai CSV (puolipisteellä "
    "eroteltu)."
)
FORMULA_NOT_ALLOWED = _lazy("Kaava ei ole sallittu.")


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CellError:
    """What is wrong in one row: its spreadsheet row number, the column ("" = whole row)."""

    row: int
    column: str
    message: str


@dataclass
class TableRow:
    """One data row of an uploaded sheet; `number` is the row number the spreadsheet shows."""

    number: int
    values: dict[str, object]
    errors: list[CellError] = field(default_factory=list)


# Writing


def safe_text(value):
    """Text as a spreadsheet cell may hold it; other values as they are.

    Control characters go as `clean_text` takes them (an XLSX cannot hold them at all), then
    text a spreadsheet would run as a formula gets an apostrophe before it. Text that already
    starts with an apostrophe before such a character gets one more, so that `read_table`
    gives back exactly the original text.
    """
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    if value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    """A row of cells, each through `safe_text`."""
    return [safe_text(value) for value in values]


def xlsx_response(
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    sheet_title: str = "Taulukko",
) -> HttpResponse:
    """An .xlsx download: numbers stay numbers (Decimals as money), dates show as 1.9.2021."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers):
        sheet.column_dimensions[get_column_letter(index + 1)].width = max(12, len(header) + 4)
    bold = Font(bold=True)
    sheet.append([_xlsx_cell(sheet, header, font=bold) for header in headers])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    content = io.BytesIO()
    workbook.save(content)
    return download_response(content.getvalue(), filename, XLSX_MIME)


def _xlsx_cell(sheet, value, font=None):
    """The value as it is, or a cell with its style where it needs one: a cell object for every
    value made the export of all actions take twice as long."""
    if isinstance(value, str):
        value = safe_text(value)
    number_format = None
    if isinstance(value, Decimal):
        number_format = MONEY_FORMAT
    elif isinstance(value, datetime.date):
        number_format = DATE_FORMAT
    wrapped = isinstance(value, str) and "\n" in value
    if not (font or number_format or wrapped):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if font:
        cell.font = font
    if number_format:
        cell.number_format = number_format
    if wrapped:
        cell.alignment = WRAPPED
    return cell


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV download as Finnish Excel opens it: UTF-8 with BOM, `;`, decimal comma, 1.9.2021."""
    content = io.StringIO()
    writer = csv.writer(content, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_text(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    data = "\ufeff" + content.getvalue()
    return download_response(data.encode("utf-8"), filename, "text/csv; charset=utf-8")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):
        return format_date(value)
    return safe_text(str(value))


# Reading


def read_table(uploaded_file, *, columns: Sequence[str]) -> list[TableRow]:
    """Read the first sheet of an .xlsx or a `;` CSV whose header row has exactly `columns`.

    The kind of file is told by its content, not its name. Raises SpreadsheetError when the file
    as a whole is refused; a formula cell is reported in its row's `errors`.
    """
    max_bytes = settings.IMPORT_MAX_BYTES
    if uploaded_file.size > max_bytes:
        size, limit = format_megabytes(uploaded_file.size), format_megabytes(max_bytes)
        raise SpreadsheetError(
            _("Tiedosto on liian suuri (%(size)s); suurin sallittu koko on %(limit)s.")
            % {"size": size, "limit": limit}
        )
    uploaded_file.seek(0)
    data = uploaded_file.read()
    if not data.strip():
        raise SpreadsheetError(_("Tiedosto on tyhjä."))
    if data.startswith(b"PK\x03\x04"):
        records = _xlsx_records(data, max_unpacked=max_bytes * UNPACKED_SIZE_FACTOR)
    else:
        records = _csv_records(data)
    return _table_rows(records, columns)


def format_megabytes(size: int) -> str:
    """`4,8 Mt`, for telling a size to a person."""
    return f"{size / 1024 / 1024:.1f} Mt".replace(".", ",")


def _xlsx_records(data: bytes, *, max_unpacked: int) -> list[tuple[int, list]]:
    """(row number, cell values) of the first sheet; a formula cell's value is FORMULA."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > max_unpacked:
                raise SpreadsheetError(_("Tiedosto on purettuna liian suuri."))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except SpreadsheetError:
        raise
    except Exception:
        # A damaged or foreign zip file fails in many ways inside zipfile and openpyxl.
        raise SpreadsheetError(NOT_A_SPREADSHEET) from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        records = []
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            records.append((number, [_xlsx_value(cell) for cell in cells]))
        return records
    except Exception:
        raise SpreadsheetError(NOT_A_SPREADSHEET) from None
    finally:
        workbook.close()


class _Formula:
    """Marks a cell that holds a formula, so that the row reports it."""


FORMULA = _Formula()


def _xlsx_value(cell):
    if cell.data_type == "f":
        return FORMULA
    value = cell.value
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date()
    if isinstance(value, str):
        return _unescape(value)
    return value


def _csv_records(data: bytes) -> list[tuple[int, list]]:
    text = _decode(data)
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text):
        raise SpreadsheetError(NOT_A_SPREADSHEET)
    first_line = text.split("\n", 1)[0]
    if ";" not in first_line and ("," in first_line or "\t" in first_line):
        raise SpreadsheetError(
            _(
                "Sarakkeet on erotettava puolipisteellä (;). Tallenna Excelissä muodossa ”CSV "
                "(luetteloerotin)”."
            )
        )
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
        return [
            (number, [_csv_value(cell) for cell in cells])
            for number, cells in enumerate(reader, start=1)
        ]
    except csv.Error:
        raise SpreadsheetError(NOT_A_SPREADSHEET) from None


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or, as older Excel saves CSV, Windows-1252."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(NOT_A_SPREADSHEET)


def _csv_value(text: str):
    if text.startswith("="):
        return FORMULA
    return _unescape(text)


def _unescape(text: str) -> str:
    """Undo `safe_text`: drop the apostrophe it put before a formula character."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _table_rows(records: list[tuple[int, list]], columns: Sequence[str]) -> list[TableRow]:
    records = [(number, cells) for number, cells in records if not _is_empty(cells)]
    if not records:
        raise SpreadsheetError(_("Tiedosto on tyhjä."))
    header_number, header_cells = records[0]
    header = _header(header_cells, columns)
    rows = []
    for number, cells in records[1:]:
        row = TableRow(number=number, values={})
        for index, value in enumerate(cells):
            if index >= len(header):
                if _clean(value) is not None:
                    row.errors.append(
                        CellError(
                            number,
                            "",
                            _("Solu otsikkorivin sarakkeiden ulkopuolella."),
                        )
                    )
                continue
            if value is FORMULA:
                row.errors.append(CellError(number, header[index], FORMULA_NOT_ALLOWED))
                value = None
            row.values[header[index]] = _clean(value)
        for column in header:
            row.values.setdefault(column, None)
        rows.append(row)
    if not rows:
        raise SpreadsheetError(_("Tiedostossa on vain otsikkorivi, ei yhtään tuotavaa riviä."))
    return rows


def _header(cells: list, columns: Sequence[str]) -> list[str]:
    names = [str(cell).strip() if cell not in (None, FORMULA) else "" for cell in cells]
    while names and not names[-1]:
        names.pop()
    unknown = [name or "(tyhjä)" for name in names if name not in columns]
    missing = [column for column in columns if column not in names]
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    problems = []
    if unknown:
        problems.append(f"tuntemattomat sarakkeet: {', '.join(unknown)}")
    if missing:
        problems.append(f"puuttuvat sarakkeet: {', '.join(missing)}")
    if repeated:
        problems.append(f"toistuvat sarakkeet: {', '.join(repeated)}")
    if problems:
        raise SpreadsheetError(
            _(
                "Ensimmäisen rivin on oltava otsikkorivi sarakkeilla %(columns)s. Tiedostossa "
                "%(problems)s."
            )
            % {"columns": "; ".join(columns), "problems": "; ".join(problems)}
        )
    return names


def _is_empty(cells: list) -> bool:
    return all(cell is not FORMULA and _clean(cell) is None for cell in cells)


def _clean(value):
    """Text without surrounding spaces or control characters (as `clean_text` takes them) and
    with Excel's line breaks; empty text is None."""
    if isinstance(value, str):
        value = clean_text(value.replace("\r\n", "\n")).strip()
        return value or None
    return value


# Parsing Finnish dates; numbers are read by common.numbers.


DATE_PATTERN = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def parse_date(value) -> datetime.date | None:
    """A date as `1.9.2021` (day.month.year) or a real XLSX date; empty is None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    match = DATE_PATTERN.fullmatch(text)
    if not match:
        raise ValidationError(
            _("”%(text)s” ei ole päivämäärä. Anna muodossa p.k.vvvv, esim. 1.9.2021.")
            % {"text": text},
            code="invalid",
        )
    day, month, year = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("Päivämäärää %(text)s ei ole olemassa.") % {"text": text},
            code="invalid",
        ) from None
