"""Spreadsheets in and out: the one place where the app writes and reads XLSX and CSV files.

Every text cell of every XLSX and CSV the app writes goes through `safe_text`, the one rule:
no control character a spreadsheet cannot hold, and no text that starts with a character that
makes a spreadsheet run it as a formula (CSV/XLSX injection). `xlsx_response` and
`csv_response` apply it to every cell; the reports' own workbooks through `safe_row`. Every
import goes through `read_table`, which reads what those exports write and what Finnish Excel
saves.
"""

import codecs
import csv
import datetime
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, islice

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import override
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from common.downloads import download_response
from common.formatting import NBSP, format_date
from common.inputs import clean_text

# The language of the files the importers read back: column headers and choice values are
# Finnish whatever the language of the page they were downloaded from.
FILE_LANGUAGE = "fi"


def file_labels(choices) -> dict[str, str]:
    """A choice field's labels as the import files write and read them ({"done": "toteutunut"}):
    the Finnish label, a stable key of the file format, not the label shown on the page."""
    with override(FILE_LANGUAGE):
        return {value: str(label) for value, label in choices}


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


# Column widths of a list sheet, in characters: no column narrower than a short header needs,
# none wider than a readable line (longer text wraps). Widths are measured from the first rows
# only, so that a list of tens of thousands of rows is not held in memory to measure it.
MIN_WIDTH = 8
MAX_WIDTH = 60
MEASURED_ROWS = 200


def column_widths(
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    minimum: int = MIN_WIDTH,
    maximum: int = MAX_WIDTH,
) -> list[int]:
    """Each column's width from its header and the values of `rows`: the longest line + 2."""
    widths = [_text_width(header) for header in headers]
    for row in rows:
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], _text_width(value))
    return [min(maximum, max(minimum, width + 2)) for width in widths]


def _text_width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, Decimal | float):
        # As the cell shows it: thousands separators and two decimals.
        return len(f"{value:,.2f}")
    if isinstance(value, datetime.date):
        return len(format_date(value))
    return max((len(line) for line in str(value).splitlines()), default=0)


# The height of one line of 11-point text, in points. LibreOffice does not fit a row's height
# to its wrapped text when it opens an XLSX, so every row of wrapped text is given its height.
LINE_HEIGHT = 15


def row_height(values: Sequence, widths: Sequence[float]) -> float | None:
    """The height that shows every wrapped line of the row's text, or None for one line."""
    lines = max(
        (_line_count(value, width) for value, width in zip(values, widths, strict=False)),
        default=1,
    )
    return lines * LINE_HEIGHT if lines > 1 else None


def _line_count(value, width: float) -> int:
    if not isinstance(value, str):
        return 1
    # A column holds about one character per unit of width, less a little for the margins.
    per_line = max(1, int(width) - 1)
    return sum(max(1, math.ceil(len(line) / per_line)) for line in value.split("\n"))


def set_up_print(sheet, *, title_rows: str | None = None, grid_lines: bool = True) -> None:
    """A4 landscape, as wide as one page and as many pages long as it takes, `title_rows`
    (e.g. "1:1") repeated at the top of every printed page; the grid printed unless the sheet
    draws its own borders."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = grid_lines
    if title_rows:
        sheet.print_title_rows = title_rows


def set_up_list_sheet(sheet, widths: Sequence[int]) -> None:
    """A list sheet whose first row is the header: the widths, the header frozen in place and
    repeated on every printed page, and the print setup. Works on a write-only sheet too,
    before its first row is written; `add_autofilter` follows once the rows are in."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    set_up_print(sheet, title_rows="1:1")


def add_autofilter(sheet, *, columns: int, rows: int) -> None:
    """The filter buttons on the header of a list of `rows` rows (the header included)."""
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(rows, 1)}"


def xlsx_response(
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    sheet_title: str = "Taulukko",
) -> HttpResponse:
    """An .xlsx download: numbers stay numbers (Decimals as money), dates show as 1.9.2021;
    columns as wide as their content, the header frozen and filterable, printable on A4."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    rows = iter(rows)
    first_rows = list(islice(rows, MEASURED_ROWS))
    widths = column_widths(headers, first_rows)
    set_up_list_sheet(sheet, widths)
    bold = Font(bold=True)
    sheet.append([_xlsx_cell(sheet, header, font=bold) for header in headers])
    count = 1
    for row in chain(first_rows, rows):
        count += 1
        height = row_height(row, widths)
        if height:
            sheet.row_dimensions[count].height = height
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    add_autofilter(sheet, columns=len(headers), rows=count)
    content = io.BytesIO()
    workbook.save(content)
    return download_response(content.getvalue(), filename, XLSX_MIME)


def _xlsx_cell(sheet, value, font=None):
    """The value as it is, or a cell with its style where it needs one: a cell object for every
    value made the export of all actions take twice as long."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        value = safe_text(value)
    number_format = None
    if isinstance(value, Decimal):
        number_format = MONEY_FORMAT
    elif isinstance(value, datetime.date):
        number_format = DATE_FORMAT
    # Text longer than the widest column wraps rather than runs under its neighbours.
    wrapped = isinstance(value, str) and ("\n" in value or len(value) > MAX_WIDTH)
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


def read_table(
    uploaded_file, *, columns: Sequence[str], aliases: Mapping[str, str] | None = None
) -> list[TableRow]:
    """Read the first sheet of an .xlsx or a CSV whose header row has exactly `columns`.

    The same as `table_rows(read_sheet(...))`: an import keeps what `read_sheet` gives and
    makes the rows of it again for each check.
    """
    return table_rows(read_sheet(uploaded_file, columns=columns, aliases=aliases))


def read_upload(uploaded_file, error: type[Exception]) -> bytes:
    """The uploaded file's bytes, or `error` with a Finnish message when the file is larger
    than IMPORT_MAX_BYTES (checked before reading) or empty."""
    max_bytes = settings.IMPORT_MAX_BYTES
    if uploaded_file.size > max_bytes:
        size, limit = format_sizes(uploaded_file.size, max_bytes)
        raise error(
            _("Tiedosto on liian suuri (%(size)s); suurin sallittu koko on %(limit)s.")
            % {"size": size, "limit": limit}
        )
    uploaded_file.seek(0)
    data = uploaded_file.read()
    if not data.strip():
        raise error(_("Tiedosto on tyhjä."))
    return data


def read_sheet(
    uploaded_file, *, columns: Sequence[str], aliases: Mapping[str, str] | None = None
) -> dict:
    """The header and every non-empty row of an .xlsx or a CSV file, as plain JSON values.

    The file is read row by row (openpyxl's read-only mode; the CSV line by line) and only the
    cell values are kept: `{"header": [...], "rows": [[row number, [cell, ...]], ...]}`, where
    a cell is text, a number, a boolean, None, or a tagged value (`{"date": "2024-09-01"}`,
    `{"datetime": …}`, `{"decimal": "4.11"}`, `{"formula": true}`); `table_rows` makes rows of
    it. The kind of file is told by its content, not its name. Raises SpreadsheetError when
    the file as a whole is refused: too large (checked before reading), empty, not a
    spreadsheet, or a wrong header (checked before the rows are read). `aliases` maps another
    name a header may give a column (an older file's) to the column's name.
    """
    max_bytes = settings.IMPORT_MAX_BYTES
    data = read_upload(uploaded_file, SpreadsheetError)
    if data.startswith(b"PK\x03\x04"):
        records = _xlsx_records(data, max_unpacked=max_bytes * UNPACKED_SIZE_FACTOR)
    else:
        records = _csv_records(data)
    header = None
    rows = []
    with closing(records):
        for number, cells in records:
            if _is_empty(cells):
                continue
            if header is None:
                header = _header(cells, columns, aliases or {})
                continue
            stored = [_stored(cell) for cell in cells]
            while stored and stored[-1] is None:
                stored.pop()
            rows.append([number, stored])
    if header is None:
        raise SpreadsheetError(_("Tiedosto on tyhjä."))
    if not rows:
        raise SpreadsheetError(_("Tiedostossa on vain otsikkorivi, ei yhtään tuotavaa riviä."))
    return {"header": header, "rows": rows}


def table_rows(sheet: dict) -> list[TableRow]:
    """The rows of what `read_sheet` gave: each row's values by column, and the cells it cannot
    take (a formula, a cell outside the header's columns) as its errors."""
    header = sheet["header"]
    rows = []
    for number, cells in sheet["rows"]:
        row = TableRow(number=number, values=dict.fromkeys(header))
        for index, cell in enumerate(cells):
            value = _loaded(cell)
            if index >= len(header):
                if value is not None:
                    row.errors.append(
                        CellError(number, "", _("Solu otsikkorivin sarakkeiden ulkopuolella."))
                    )
                continue
            if value is FORMULA:
                row.errors.append(CellError(number, header[index], FORMULA_NOT_ALLOWED))
                value = None
            row.values[header[index]] = value
        rows.append(row)
    return rows


def format_megabytes(size: int) -> str:
    """`4,8 Mt`, for telling a size to a person."""
    return _megabytes(size, 1)


def format_sizes(size: int, limit: int) -> tuple[str, str]:
    """A file's size and the limit it is over, told so that they differ: `5,01 Mt` and
    `5,00 Mt` (one to three decimals), or in bytes when even three decimals are the same."""
    for decimals in (1, 2, 3):
        texts = (_megabytes(size, decimals), _megabytes(limit, decimals))
        if texts[0] != texts[1]:
            return texts
    return (_bytes(size), _bytes(limit))


def _megabytes(size: int, decimals: int) -> str:
    number = f"{size / 1024 / 1024:.{decimals}f}".replace(".", ",")
    # Translators: megabytes, "5,0 Mt"
    return number + NBSP + _("Mt")


def _bytes(size: int) -> str:
    return f"{size:,}".replace(",", NBSP) + NBSP + _("tavua")


def _xlsx_records(data: bytes, *, max_unpacked: int) -> Iterator[tuple[int, list]]:
    """(row number, cell values) of the first sheet, one row at a time; a formula cell's
    value is FORMULA. The workbook is read in openpyxl's read-only mode and closed at the end."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > max_unpacked:
                raise SpreadsheetError(_("Tiedosto on purettuna liian suuri."))
        # Not `data_only`: a formula's cell must be told from text, to be refused.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except SpreadsheetError:
        raise
    except Exception:
        # A damaged or foreign zip file fails in many ways inside zipfile and openpyxl.
        raise SpreadsheetError(NOT_A_SPREADSHEET) from None
    try:
        try:
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()
            rows = sheet.iter_rows()
        except Exception:
            raise SpreadsheetError(NOT_A_SPREADSHEET) from None
        number = 0
        while True:
            try:
                cells = next(rows)
            except StopIteration:
                return
            except Exception:
                raise SpreadsheetError(NOT_A_SPREADSHEET) from None
            number += 1
            yield number, [_xlsx_value(cell) for cell in cells]
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


CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CONTROL_BYTE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "cp1252": "Windows-1252 (ANSI)",
}


def _csv_records(data: bytes) -> Iterator[tuple[int, list]]:
    """(row number, cell values) of a CSV file, one row at a time.

    The encoding is told by the file (`_encoding`); the separator by the first line: `;` as
    Finnish Excel saves "CSV (luetteloerotin)", or a tab as Excel's "Unicode-teksti" (UTF-16).
    """
    encoding = _utf16(data)
    if encoding is None:
        # Checked before any row is read: a binary file is refused as such, not by its header.
        if CONTROL_BYTE.search(data):
            raise SpreadsheetError(NOT_A_SPREADSHEET)
        encoding = _encoding(data)
    text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    try:
        first_line = text.readline()
        delimiter = _delimiter(first_line)
        reader = csv.reader(_checked_lines(chain([first_line], text)), delimiter=delimiter)
        for number, cells in enumerate(reader, start=1):
            yield number, [_csv_value(cell) for cell in cells]
    except csv.Error:
        raise SpreadsheetError(NOT_A_SPREADSHEET) from None
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _(
                "Tiedosto on %(encoding)s-koodattu, mutta siinä on merkkejä, jotka eivät ole "
                "%(encoding)s-merkkejä. Tallenna se Excelissä muodossa CSV UTF-8 tai .xlsx."
            )
            % {"encoding": ENCODING_NAMES[encoding]}
        ) from None


def _checked_lines(lines: Iterable[str]) -> Iterator[str]:
    """The lines as they are; a control character means the file is no text at all."""
    for line in lines:
        if CONTROL_CHARACTER.search(line):
            raise SpreadsheetError(NOT_A_SPREADSHEET)
        yield line


def _delimiter(first_line: str) -> str:
    if ";" in first_line:
        return ";"
    if "\t" in first_line:
        return "\t"
    if "," in first_line:
        raise SpreadsheetError(
            _(
                "Sarakkeet on erotettava puolipisteellä (;). Tallenna Excelissä muodossa ”CSV "
                "(luetteloerotin)”."
            )
        )
    return ";"


def _utf16(data: bytes) -> str | None:
    """UTF-16 with its byte order mark, as Excel saves "Unicode-teksti", or without one (every
    other byte of the first 20 characters zero: the header's names are Latin letters); None
    for any other file."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    start = data[:40]
    if len(start) >= 4 and not any(start[1::2]) and all(start[0::2]):
        return "utf-16-le"
    if len(start) >= 4 and not any(start[0::2]) and all(start[1::2]):
        return "utf-16-be"
    return None


def _encoding(data: bytes) -> str:
    """The encoding of a CSV file that is not UTF-16: UTF-8 with or without BOM, or
    Windows-1252, as older Finnish Excel saves CSV (Latin-1 text reads the same). A file that
    is almost UTF-8 is refused naming the line of the first bad character, rather than read as
    Windows-1252 into garbled text."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        if not data[: error.start].isascii():
            line = data.count(b"\n", 0, error.start) + 1
            raise SpreadsheetError(
                _(
                    "Tiedosto on UTF-8-koodattu, mutta sen rivillä %(line)s on merkki, joka ei "
                    "ole UTF-8-merkki. Tallenna se Excelissä muodossa CSV UTF-8 tai .xlsx."
                )
                % {"line": line}
            ) from None
    else:
        return "utf-8-sig"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _(
                "Tiedoston merkistö ei ole UTF-8 eikä Windows-1252 (ANSI). Tallenna se "
                "Excelissä muodossa CSV UTF-8 tai .xlsx."
            )
        ) from None
    return "cp1252"


def _csv_value(text: str):
    if text.startswith("="):
        return FORMULA
    return _unescape(text)


def _unescape(text: str) -> str:
    """Undo `safe_text`: drop the apostrophe it put before a formula character."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _stored(value):
    """A cell's value as plain JSON (see `read_sheet`); text cleaned as `_clean` does."""
    if value is FORMULA:
        return {"formula": True}
    value = _clean(value)
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"time": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    return str(value)


LOADED = {
    "datetime": datetime.datetime.fromisoformat,
    "date": datetime.date.fromisoformat,
    "time": datetime.time.fromisoformat,
    "decimal": Decimal,
    "formula": lambda _value: FORMULA,
}


def _loaded(cell):
    """A cell's value back from its JSON form."""
    if isinstance(cell, dict):
        ((kind, value),) = cell.items()
        return LOADED[kind](value)
    return cell


def _header(cells: list, columns: Sequence[str], aliases: Mapping[str, str]) -> list[str]:
    names = [str(cell).strip() if cell not in (None, FORMULA) else "" for cell in cells]
    names = [aliases.get(name, name) for name in names]
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
