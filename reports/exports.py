"""Downloads of the reports: XLSX that opens right in Finnish Excel, and DOCX for agenda items.

Reports, not file formats: every heading and note is in the language of the request, and
nothing reads these files back (the import formats are `plans.export` and `imports/`).

Cells hold numbers and dates, formatted by the cell's number format, never as text. Every row
goes through `safe_row`, the rule of every spreadsheet the app writes: no control character,
and an apostrophe before text a spreadsheet could take for a formula. Every text of a DOCX goes
through `clean_text`, since a control character typed before that rule would break the file.
"""

from decimal import Decimal
from io import BytesIO
from math import ceil

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from common.city import current_city, share_label
from common.content import marked
from common.inputs import clean_text
from common.spreadsheets import LINE_HEIGHT, row_height, safe_row, safe_text, set_up_print
from reports.annual import AnnualReport
from reports.project_summary import MoneyTotals, ProjectSummary

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EURO_FORMAT = '#,##0.00 "€"'
DATE_FORMAT = "d.m.yyyy"
BOLD = Font(bold=True)
BAND = PatternFill("solid", fgColor="D9E2F3")
HEADER = PatternFill("solid", fgColor="EEF2F8")
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
RIGHT = Alignment(horizontal="right")


def workbook_bytes(workbook: Workbook) -> bytes:
    stream = BytesIO()
    workbook.save(stream)
    return stream.getvalue()


ANNUAL_WIDTHS = (38, 45, 80)


def no_actions_text(report: AnnualReport) -> str:
    return _("Ei kirjattuja toimenpiteitä vuodelta %(year)s.") % {"year": report.year}


def decision_note(report: AnnualReport) -> str:
    return _("Lautakunta on käsitellyt: %(decision)s") % {
        "decision": report.closing_in_force.decision
    }


def goal_band(goal) -> str:
    return f"{_('STRATEGINEN PÄÄMÄÄRÄ')}  {marked(goal.band)}"


def annual_xlsx(report: AnnualReport) -> bytes:
    """The annual table on one sheet: a band row per goal, then its three columns side by side.

    The objectives and the focus areas of a goal are each one cell, merged down beside the
    goal's actions, one action a row: the document pairs no objective with an action, and
    neither must the rows. One cell for the actions too would not do: a spreadsheet row is
    at most 409 points high and is never split across printed pages.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(report.year)
    sheet.append(safe_row([report.title]))
    sheet["A1"].font = Font(bold=True, size=14)
    notes = []
    if report.closing_in_force:
        notes.append(decision_note(report))
    if report.unreviewed_note:
        notes.append(report.unreviewed_note)
    for note in notes:
        sheet.append(safe_row([note]))
        sheet.cell(sheet.max_row, 1).font = BOLD
    headings = (report.objectives_heading, report.focus_areas_heading, report.actions_heading)
    sheet.append(safe_row(headings))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font, cell.fill, cell.alignment, cell.border = BOLD, HEADER, WRAP, GRID
    sheet.row_dimensions[header_row].height = row_height(headings, ANNUAL_WIDTHS)
    for goal in report.goals:
        sheet.append(safe_row([goal_band(goal)]))
        band_row = sheet.max_row
        for column in (1, 2, 3):
            cell = sheet.cell(band_row, column)
            cell.font, cell.fill, cell.border = BOLD, BAND, GRID
        sheet.merge_cells(start_row=band_row, start_column=1, end_row=band_row, end_column=3)
        objectives = "\n".join(filter(None, [report.strategy_label, *map(marked, goal.objectives)]))
        focus_areas = "\n".join([report.plan_label, *map(marked, goal.focus_areas)])
        actions = [action.full_text for action in goal.actions] or [no_actions_text(report)]
        first = sheet.max_row + 1
        for action in actions:
            sheet.append(safe_row([None, None, action]))
            sheet.row_dimensions[sheet.max_row].height = (
                row_height([action], ANNUAL_WIDTHS[2:]) or LINE_HEIGHT
            )
        last = sheet.max_row
        sheet.cell(first, 1).value = safe_text(objectives)
        sheet.cell(first, 2).value = safe_text(focus_areas)
        # The merged cells need room for all their lines: the last action row takes the rest.
        needed = row_height([objectives, focus_areas], ANNUAL_WIDTHS[:2]) or LINE_HEIGHT
        given = sum(sheet.row_dimensions[row].height for row in range(first, last + 1))
        if needed > given:
            sheet.row_dimensions[last].height += needed - given
        for column in (1, 2):
            sheet.merge_cells(start_row=first, start_column=column, end_row=last, end_column=column)
        for row in sheet.iter_rows(min_row=first, max_row=last, max_col=3):
            for cell in row:
                cell.alignment, cell.border = WRAP, GRID
    for letter, width in zip("ABC", ANNUAL_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    set_up_print(sheet, title_rows=f"{header_row}:{header_row}", grid_lines=False)
    if report.indicators:
        indicators_sheet(workbook.create_sheet(_("Indikaattorit")), report)
    return workbook_bytes(workbook)


def indicator_headers(report: AnnualReport) -> list[str]:
    return [
        _("Päämäärä"),
        _("Painopiste"),
        _("Indikaattori"),
        _("Sotkanet-tunniste"),
        _("Yksikkö"),
        current_city().latest_value_label,
        _("Vuosi"),
        _("Arvo %(year)s") % {"year": report.plan.start_year},
        _("Muutos"),
        _("Tavoitesuunta"),
        _("Tavoitearvo"),
        _("Tavoitevuosi"),
        _("Suunta tavoitteeseen nähden"),
        _("Tuottaja"),
        _("Aineisto"),
    ]


def indicator_row(goal_band: str, trend) -> list:
    """Numbers as numbers; a missing one is "ei tietoa", never 0 or an empty cell."""
    missing = _("ei tietoa")
    return [
        goal_band.capitalize(),
        trend.focus_area.numbered,
        trend.indicator.title_fi,
        trend.indicator.sotkanet_id,
        trend.unit,
        missing if trend.latest_value is None else trend.latest_value,
        missing if trend.latest_year is None else trend.latest_year,
        missing if trend.base_value is None else trend.base_value,
        missing if trend.change is None else trend.change,
        trend.target_text,
        trend.link.target_value,
        trend.link.target_year,
        trend.status_text,
        trend.indicator.producer,
        trend.sample_note if trend.sample else _("THL, Sotkanet.fi (CC BY 4.0)"),
    ]


def indicators_sheet(sheet, report: AnnualReport) -> None:
    """The followed indicators of every goal, one a row, with the licence at the top."""
    sheet.append(safe_row([report.title]))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(safe_row([report.indicator_sources]))
    sheet.cell(sheet.max_row, 1).font = BOLD
    rows = [indicator_row(goal.band, trend) for goal in report.goals for trend in goal.indicators]
    write_table(sheet, indicator_headers(report), rows, money_columns=set())
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            if isinstance(cell.value, Decimal):
                cell.number_format = "0.0###"
                cell.alignment = RIGHT
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 50
    set_up_print(sheet, title_rows="3:3", grid_lines=True)


# Stands for the city's share in a header, "Kemin osuus (€)" in Kemi (`write_table`).
SHARE = "{share}"
# The project summary's columns; the totals row below the projects uses the same positions.
PROJECT_HEADERS = [
    gettext_lazy("Nro"),
    gettext_lazy("Hanke"),
    gettext_lazy("Rahoittaja"),
    gettext_lazy("Alkaa"),
    gettext_lazy("Päättyy"),
    gettext_lazy("Toimiala"),
    gettext_lazy("Kustannusarvio (€)"),
    gettext_lazy("Kustannusarvio on arvio"),
    f"{SHARE} (€)",
    gettext_lazy("Omarahoitus (€)"),
    gettext_lazy("Yhteyshenkilö"),
]
NAME, TOTAL_BUDGET, APPROXIMATE, CITY_SHARE, SELF_FINANCING = 1, 6, 7, 8, 9
# The columns of the totals' sheets after the group's own ("Rahoittaja"; "Vuosi", "Toimiala").
TOTAL_HEADERS = [
    gettext_lazy("Hankkeita"),
    gettext_lazy("Kustannusarvio (€)"),
    f"{SHARE} (€)",
    gettext_lazy("Omarahoitus (€)"),
    gettext_lazy("Omarahoitusosuus"),
    gettext_lazy("Omarahoitusosuus laskettu hankkeista"),
    gettext_lazy("Kustannusarvio ei tiedossa (hankkeita)"),
    # {share} is the city's share ("Kemin osuus"), put in by `write_table`.
    gettext_lazy("{share} ei tiedossa (hankkeita)"),
    gettext_lazy("Omarahoitus ei tiedossa (hankkeita)"),
    gettext_lazy("Kustannusarviossa n.-arvioita (hankkeita)"),
]
PERCENT_FORMAT = "0.0 %"


def known(amount):
    """A cell never holds 0 for an amount that is not known."""
    return _("ei tiedossa") if amount is None else amount


def totals_row(label: list, totals: MoneyTotals) -> list:
    rate = totals.self_financing_rate
    return [
        *label,
        totals.count,
        known(totals.total_budget_sum.amount),
        known(totals.city_share_sum.amount),
        known(totals.self_financing_sum.amount),
        # Stored as a fraction with a percent format: Excel shows 7,9 % and computes with it.
        None if rate is None else rate / 100,
        totals.rate_count,
        totals.unknown_total_budget,
        totals.unknown_city_share,
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
    share = share_label()
    headers = [str(header).replace(SHARE, share) for header in headers]
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
    row[NAME] = _("Yhteensä (%(count)s hanketta, tiedossa olevat summat)") % {"count": totals.count}
    row[TOTAL_BUDGET] = known(totals.total_budget_sum.amount)
    if totals.approximate_total_budget:
        row[APPROXIMATE] = _("sisältää n.-arvioita")
    row[CITY_SHARE] = known(totals.city_share_sum.amount)
    row[SELF_FINANCING] = known(totals.self_financing_sum.amount)
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
    sheet.title = _("Hankkeet")
    money = {7, 9, 10}
    write_table(
        sheet,
        PROJECT_HEADERS,
        [
            [
                row.number,
                marked(row.name),
                row.funders,
                row.start_date,
                row.end_date,
                row.division,
                known(row.total_budget),
                _("kyllä") if row.total_budget_approximate else "",
                known(row.city_share),
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
        _(
            "Ei tiedossa, ei mukana summissa: kustannusarvio %(budget)s, %(share_label)s "
            "%(share)s ja omarahoitus %(own)s hankkeelta."
        )
        % {
            "budget": totals.unknown_total_budget,
            "share_label": share_label(),
            "share": totals.unknown_city_share,
            "own": totals.unknown_self_financing,
        },
    ]
    if totals.approximate_total_budget:
        notes.append(
            _("Kustannusarvioiden summa sisältää %(count)s likimääräisen (n.) arvion.")
            % {"count": totals.approximate_total_budget}
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

    by_funder = workbook.create_sheet(_("Rahoittajittain"))
    write_table(
        by_funder,
        [_("Rahoittaja"), *TOTAL_HEADERS],
        [totals_row([group.label], group.totals) for group in summary.by_funder],
        money_columns={3, 4, 5},
        percent_columns={6},
    )
    by_year = workbook.create_sheet(_("Vuosittain"))
    rows = []
    for year in summary.by_year:
        rows.append(totals_row([year.year, _("kaikki")], year.totals))
        rows.extend(
            totals_row([year.year, group.label], group.totals) for group in year.by_division
        )
    write_table(
        by_year,
        [_("Vuosi"), _("Toimiala"), *TOTAL_HEADERS],
        rows,
        money_columns={4, 5, 6},
        percent_columns={7},
    )
    earmarks = workbook.create_sheet(_("Korvamerkityt"))
    write_table(
        earmarks,
        [_("Nro"), _("Hanke"), _("Saaja"), _("Summa (€)"), _("Käyttötarkoitus")],
        [
            [row.number, marked(row.name), part.recipient, part.amount, part.purpose]
            for row in summary.rows
            for part in row.earmarks
        ],
        money_columns={4},
    )
    earmarks.column_dimensions["B"].width = 60
    for each in workbook.worksheets:
        print_landscape(each)
    return workbook_bytes(workbook)


# The site's font (static/fonts), the first one the PDF's stylesheet names, named for every
# script slot of every style and run, so that no theme font of Word's template remains; a
# computer without it substitutes as Word does.
DOCX_FONT = "Source Sans 3"
DOCX_WIDTHS = (Cm(6.7), Cm(7.5), Cm(12.5))
DOCX_STYLES = ("Normal", "Title", "Heading 1", "Table Grid", "Footer")


def set_font(element, size: Pt | None = None) -> None:
    """Name DOCX_FONT in the `w:rPr` of a style, a run or the document defaults."""
    properties = element.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        # In a style the run properties follow the paragraph properties; in a run they come first.
        element.insert(0, properties) if element.tag == qn("w:r") else element.append(properties)
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    name_font(fonts)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            node = properties.find(qn(tag))
            if node is None:
                node = OxmlElement(tag)
                properties.append(node)
            node.set(qn("w:val"), str(int(size.pt * 2)))


def name_font(fonts) -> None:
    """A `w:rFonts` naming DOCX_FONT for every script, and no theme font."""
    for name in list(fonts.attrib):
        if name.endswith("Theme"):
            del fonts.attrib[name]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), DOCX_FONT)


def add_run(paragraph, text: str, *, bold: bool = False):
    run = paragraph.add_run(clean_text(text))
    run.bold = bold or None
    set_font(run._r)
    return run


def add_field(paragraph, instruction: str) -> None:
    """A field Word and LibreOffice fill in as they lay out the pages (PAGE, NUMPAGES)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def repeat_as_header(row) -> None:
    """Word and LibreOffice repeat this row at the top of every page the table runs over."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))
    properties.append(OxmlElement("w:cantSplit"))


def shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def annual_docx(report: AnnualReport) -> bytes:
    """A table per goal with the three columns, ready to paste into an agenda item.

    Each table's first two rows, the goal band and the column headings, repeat on every page
    it runs over; the footer numbers the pages "Sivu 1 / 3" as the PDF does.
    """
    document = Document()
    set_font(document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")))
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        name_font(fonts)
    for name in DOCX_STYLES:
        set_font(document.styles[name].element, Pt(10) if name != "Footer" else Pt(8))
    heading = document.styles["Heading 1"]
    set_font(heading.element, Pt(14))
    heading.font.color.rgb = None
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.5))
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_run(footer, _("Sivu") + " ")
    add_field(footer, "PAGE")
    add_run(footer, " / ")
    add_field(footer, "NUMPAGES")

    title = document.add_paragraph(style="Heading 1")
    add_run(title, report.title)
    if report.closing_in_force:
        add_run(document.add_paragraph(), decision_note(report), bold=True)
    if report.unreviewed_note:
        add_run(document.add_paragraph(), report.unreviewed_note, bold=True)
    for goal in report.goals:
        table = document.add_table(rows=3, cols=3)
        table.style = "Table Grid"
        band = table.rows[0].cells[0].merge(table.rows[0].cells[2])
        add_run(band.paragraphs[0], goal_band(goal), bold=True)
        shade(band, "D9E2F3")
        for cell, text in zip(
            table.rows[1].cells,
            (report.objectives_heading, report.focus_areas_heading, report.actions_heading),
            strict=True,
        ):
            add_run(cell.paragraphs[0], text, bold=True)
            shade(cell, "EEF2F8")
        repeat_as_header(table.rows[0])
        repeat_as_header(table.rows[1])
        columns = (
            [report.strategy_label, *map(marked, goal.objectives)],
            [report.plan_label, *map(marked, goal.focus_areas)],
            [action.full_text for action in goal.actions] or [no_actions_text(report)],
        )
        for cell, paragraphs in zip(table.rows[2].cells, columns, strict=True):
            for index, text in enumerate(paragraphs):
                paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                add_run(paragraph, text)
                paragraph.paragraph_format.space_after = Pt(6)
        # Word reads the cells' widths, LibreOffice the table grid's: both are set.
        table.autofit = False
        for index, width in enumerate(DOCX_WIDTHS):
            table.columns[index].width = width
            for row in table.rows[1:]:
                row.cells[index].width = width
        if goal.indicators:
            docx_indicators(document, report, goal)
        document.add_paragraph()
    stream = BytesIO()
    document.save(stream)
    return stream.getvalue()


def docx_indicators(document, report: AnnualReport, goal) -> None:
    """The goal's followed indicators as a small table under its own, with the licence."""
    headings = [
        _("Painopiste"),
        _("Indikaattori"),
        current_city().latest_value_label,
        _("Muutos vuodesta %(year)s") % {"year": report.plan.start_year},
        _("Tavoite"),
        _("Suunta tavoitteeseen nähden"),
    ]
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        add_run(cell.paragraphs[0], text, bold=True)
        shade(cell, "EEF2F8")
    repeat_as_header(table.rows[0])
    for trend in goal.indicators:
        title = trend.indicator.title_fi
        if trend.sample:
            title += f" ({trend.sample_note})"
        if trend.indicator.producer:
            title += f". {trend.indicator.producer}"
        cells = table.add_row().cells
        values = [
            trend.focus_area.numbered,
            title,
            trend.latest_text,
            trend.change_text,
            trend.target_text,
            trend.status_text,
        ]
        for cell, text in zip(cells, values, strict=True):
            add_run(
                cell.paragraphs[0],
                text,
                bold=text == trend.status_text and bool(trend.against_target),
            )
    add_run(document.add_paragraph(), report.indicator_sources)
