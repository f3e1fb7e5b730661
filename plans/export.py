"""The actions list as a spreadsheet: XLSX, and CSV the way Finnish Excel reads it.

The columns and their order are fixed: the importer reads the same file back.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from openpyxl import Workbook

from plans.models import Action

COLUMNS = [
    "Tunniste",
    "Suunnitelma",
    "Vuosi",
    "Toimiala",
    "Painopisteet",
    "Otsikko",
    "Kuvaus",
    "Tila",
    "Osallistujia",
    "Tapahtumia",
    "Palautteen keskiarvo",
    "Hankkeet",
]
FORMULA_STARTS = ("=", "+", "-", "@")


def safe_text(text: str) -> str:
    """A text cell that a spreadsheet shows and never runs: `=SUM(…)` becomes `'=SUM(…)`."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def action_rows(actions: Iterable[Action]) -> Iterator[list]:
    """One row per action; numbers stay numbers, every text goes through `safe_text`."""
    for action in actions:
        texts = [
            str(action.plan),
            action.division.name,
            "\n".join(area.numbered for area in action.focus_areas.all()),
            action.title,
            action.description,
            action.get_status_display(),
            "\n".join(project.short_name or project.name for project in action.projects.all()),
        ]
        plan, division, areas, title, description, status, projects = map(safe_text, texts)
        yield [
            action.pk,
            plan,
            action.year,
            division,
            areas,
            title,
            description,
            status,
            action.participants,
            action.events,
            action.feedback_score,
            projects,
        ]


def write_xlsx(rows: Iterable[list]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Toimenpiteet")
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def finnish_csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return str(value)


def write_csv(rows: Iterable[list]) -> str:
    """`;`-separated, decimal comma, with a byte-order mark so that Excel reads UTF-8."""
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([finnish_csv_value(value) for value in row])
    return output.getvalue()
