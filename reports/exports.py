"""Downloads of the reports: XLSX that opens right in Finnish Excel, and DOCX for agenda items.

Cells hold numbers and dates, formatted by the cell's number format, never as text. Every row
goes through `safe_row`, the rule of every spreadsheet the app writes: no control character,
and an apostrophe before text a spreadsheet could take for a formula. Every text of a DOCX goes
through `clean_text`, since a control character typed before that rule would break the file.
"""

from io import BytesIO
from math import ceil

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from common.inputs import clean_text
from common.spreadsheets import safe_row
from reports.annual import AnnualReport
from reports.project_summary import MoneyTotals, ProjectSummary

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EURO_FORMAT = '#,##0.00 "€"'
DATE_FORMAT = "d.m.yyyy"
BOLD = Font(bold=True)
BAND = PatternFill("solid", fgColor="D9E2F3")
WRAP = Alignment(wrap_text=True, vertical="top")
RIGHT = Alignment(horizontal="right")


def workbook_bytes(workbook: Workbook) -> bytes:
    stream = BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def annual_xlsx(report: AnnualReport) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(report.year)
    sheet.append(safe_row([report.title]))
    sheet["A1"].font = Font(bold=True, size=14)
    if report.closing_in_force:
        sheet.append(safe_row([f"Lautakunta on käsitellyt: {report.closing_in_force.decision}"]))
    for goal in report.goals:
        sheet.append([])
        sheet.append(safe_row([f"STRATEGINEN PÄÄMÄÄRÄ  {goal.band}"]))
        for cell in sheet[sheet.max_row]:
            cell.font, cell.fill = BOLD, BAND
        sheet.append(
            safe_row(
                [report.objectives_heading, report.focus_areas_heading, report.actions_heading]
            )
        )
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD
        sheet.append(safe_row([report.strategy_label, report.plan_label, ""]))
        actions = [
            action.text + (f" ({action.status})" if action.status else "")
            for action in goal.actions
        ]
        if not actions:
            actions = [f"Ei kirjattuja toimenpiteitä vuodelta {report.year}."]
        height = max(len(goal.objectives), len(goal.focus_areas), len(actions))
        for index in range(height):
            sheet.append(
                safe_row(
                    column[index] if index < len(column) else None
                    for column in (goal.objectives, goal.focus_areas, actions)
                )
            )
    for letter, width in zip("ABC", (40, 45, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP
    return workbook_bytes(workbook)


PROJECT_HEADERS = [
    "Nro",
    "Hanke",
    "Rahoittaja",
    "Alkaa",
    "Päättyy",
    "Toimiala",
    "Kustannusarvio (€)",
    "Kustannusarvio on arvio",
    "Kemin osuus (€)",
    "Omarahoitus (€)",
    "Yhteyshenkilö",
]
# The columns of the totals' sheets after the group's own ("Rahoittaja"; "Vuosi", "Toimiala").
TOTAL_HEADERS = [
    "Hankkeita",
    "Kustannusarvio (€)",
    "Kemin osuus (€)",
    "Omarahoitus (€)",
    "Omarahoitusosuus",
    "Omarahoitusosuus laskettu hankkeista",
    "Kustannusarvio ei tiedossa (hankkeita)",
    "Kemin osuus ei tiedossa (hankkeita)",
    "Omarahoitus ei tiedossa (hankkeita)",
    "Kustannusarviossa n.-arvioita (hankkeita)",
]
UNKNOWN = "ei tiedossa"
PERCENT_FORMAT = "0.0 %"


def known(amount):
    """A cell never holds 0 for an amount that is not known."""
    return UNKNOWN if amount is None else amount


def totals_row(label: list, totals: MoneyTotals) -> list:
    rate = totals.self_financing_rate
    return [
        *label,
        totals.count,
        known(totals.total_budget_sum.amount),
        known(totals.kemi_share_sum.amount),
        known(totals.self_financing_sum.amount),
        # Stored as a fraction with a percent format: Excel shows 7,9 % and computes with it.
        None if rate is None else rate / 100,
        totals.rate_count,
        totals.unknown_total_budget,
        totals.unknown_kemi_share,
        totals.unknown_self_financing,
        totals.approximate_total_budget,
    ]


def write_table(
    sheet,
    headers: list[str],
    rows: list[list],
    money_columns: set[int],
    date_columns=(),
    percent_columns=(),
):
    sheet.append(safe_row(headers))
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for row in rows:
        sheet.append(safe_row(row))
        for index, cell in enumerate(sheet[sheet.max_row], start=1):
            if index in money_columns:
                cell.number_format = EURO_FORMAT
                cell.alignment = RIGHT
            elif index in date_columns:
                cell.number_format = DATE_FORMAT
            elif index in percent_columns:
                cell.number_format = PERCENT_FORMAT
    for index, header in enumerate(headers, start=1):
        # a long heading wraps (`print_landscape`) rather than widen its column
        sheet.column_dimensions[get_column_letter(index)].width = min(max(12, len(header) + 2), 20)


def project_totals_row(totals: MoneyTotals) -> list:
    """The totals under their own headings of the "Hankkeet" sheet."""
    row = [None] * len(PROJECT_HEADERS)
    columns = {header: index for index, header in enumerate(PROJECT_HEADERS)}
    row[columns["Hanke"]] = f"Yhteensä ({totals.count} hanketta, tiedossa olevat summat)"
    row[columns["Kustannusarvio (€)"]] = known(totals.total_budget_sum.amount)
    if totals.approximate_total_budget:
        row[columns["Kustannusarvio on arvio"]] = "sisältää n.-arvioita"
    row[columns["Kemin osuus (€)"]] = known(totals.kemi_share_sum.amount)
    row[columns["Omarahoitus (€)"]] = known(totals.self_financing_sum.amount)
    return row


def print_landscape(sheet) -> None:
    """A4 landscape, every column on one page wide: printed, a total stays beside its row."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    for cell in sheet[1]:
        cell.alignment = WRAP
    # Rows whose texts wrap are taller: every cell of a row starts at its top line.
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            old = cell.alignment
            cell.alignment = Alignment(
                horizontal=old.horizontal, vertical="top", wrap_text=old.wrap_text
            )


def projects_xlsx(summary: ProjectSummary) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Hankkeet"
    money = {7, 9, 10}
    write_table(
        sheet,
        PROJECT_HEADERS,
        [
            [
                row.number,
                row.name,
                row.funders,
                row.start_date,
                row.end_date,
                row.division,
                known(row.total_budget),
                "kyllä" if row.total_budget_approximate else "",
                known(row.kemi_share),
                known(row.self_financing),
                row.contact,
            ]
            for row in summary.rows
        ]
        + [[], project_totals_row(summary.totals)],
        money_columns=money,
        date_columns={4, 5},
    )
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    totals = summary.totals
    notes = [
        f"Ei tiedossa, ei mukana summissa: kustannusarvio {totals.unknown_total_budget}, "
        f"Kemin osuus {totals.unknown_kemi_share} ja omarahoitus "
        f"{totals.unknown_self_financing} hankkeelta.",
    ]
    if totals.approximate_total_budget:
        notes.append(
            f"Kustannusarvioiden summa sisältää {totals.approximate_total_budget} "
            "likimääräisen (n.) arvion."
        )
    for note in notes:
        sheet.append(safe_row([None, note]))
    sheet.column_dimensions["B"].width = 45
    sheet.column_dimensions["F"].width = 20
    sheet.column_dimensions["K"].width = 30
    for row in sheet.iter_rows(min_row=2, max_row=len(summary.rows) + 1):
        name, contact = row[1], row[10]
        name.alignment = contact.alignment = WRAP
        # A spreadsheet does not grow a row for wrapped text it did not lay out itself.
        lines = max(ceil(len(str(name.value or "")) / 42), ceil(len(str(contact.value or "")) / 28))
        sheet.row_dimensions[name.row].height = 15 * max(1, lines)

    by_funder = workbook.create_sheet("Rahoittajittain")
    write_table(
        by_funder,
        ["Rahoittaja", *TOTAL_HEADERS],
        [totals_row([group.label], group.totals) for group in summary.by_funder],
        money_columns={3, 4, 5},
        percent_columns={6},
    )
    by_year = workbook.create_sheet("Vuosittain")
    rows = []
    for year in summary.by_year:
        rows.append(totals_row([year.year, "kaikki"], year.totals))
        rows.extend(
            totals_row([year.year, group.label], group.totals) for group in year.by_division
        )
    write_table(
        by_year,
        ["Vuosi", "Toimiala", *TOTAL_HEADERS],
        rows,
        money_columns={4, 5, 6},
        percent_columns={7},
    )
    earmarks = workbook.create_sheet("Korvamerkityt")
    write_table(
        earmarks,
        ["Nro", "Hanke", "Saaja", "Summa (€)", "Käyttötarkoitus"],
        [
            [row.number, row.name, part.recipient, part.amount, part.purpose]
            for row in summary.rows
            for part in row.earmarks
        ],
        money_columns={4},
    )
    earmarks.column_dimensions["B"].width = 60
    for each in workbook.worksheets:
        print_landscape(each)
    return workbook_bytes(workbook)


def annual_docx(report: AnnualReport) -> bytes:
    """A table per goal with the three columns, ready to paste into an agenda item."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.5))
    document.add_heading(clean_text(report.title), level=1)
    if report.closing_in_force:
        document.add_paragraph(
            clean_text(f"Lautakunta on käsitellyt: {report.closing_in_force.decision}")
        )
    for goal in report.goals:
        band = document.add_paragraph()
        band.add_run(clean_text(f"STRATEGINEN PÄÄMÄÄRÄ  {goal.band}")).bold = True
        table = document.add_table(rows=2, cols=3)
        table.style = "Table Grid"
        for cell, heading in zip(
            table.rows[0].cells,
            (report.objectives_heading, report.focus_areas_heading, report.actions_heading),
            strict=True,
        ):
            cell.paragraphs[0].add_run(clean_text(heading)).bold = True
        actions = [
            action.text + (f" ({action.status})" if action.status else "")
            for action in goal.actions
        ]
        columns = (
            [report.strategy_label, *goal.objectives],
            [report.plan_label, *goal.focus_areas],
            actions or [f"Ei kirjattuja toimenpiteitä vuodelta {report.year}."],
        )
        for cell, paragraphs in zip(table.rows[1].cells, columns, strict=True):
            cell.paragraphs[0].text = clean_text(paragraphs[0])
            for text in paragraphs[1:]:
                cell.add_paragraph(clean_text(text))
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(6)
    stream = BytesIO()
    document.save(stream)
    return stream.getvalue()
