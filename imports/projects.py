"""Projects (hankkeet) as a spreadsheet: the export's rows, and checking and writing an import.

Rows are matched to existing projects by `Nimi`. `Toimiala` is the project's current division,
the division of its latest division period. On import:
- a new project with a division gets its first division period from its start date;
- an existing project whose division is the same, or empty in the file, keeps its history;
- an existing project whose division differs moves on the day of the import: the current period
  ends the day before and a new one starts that day. The preview shows this before confirming.
  A move dated earlier needs its own date and is made in the admin.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from common.city import finnish_role_label, finnish_share_label
from common.formatting import format_date
from common.numbers import parse_euros
from common.spreadsheets import TableRow, file_labels, parse_date
from imports.rows import RowCells, RowPlan, find_duplicate
from plans.models import Division
from projects.models import DivisionPeriod, Funder, Project

TITLE = "hankkeet"
# Two columns carry the configured city's name, in Finnish whatever the page's language:
# "Kemin osuus" and "Kemin rooli" in Kemi, "Tornion osuus" in Tornio (`columns()`).
SHARE_COLUMN = "{share}"
ROLE_COLUMN = "{role}"
COLUMN_TEMPLATES = [
    "Nimi",
    "Lyhyt nimi",
    "Rahoittajat",
    "Alkaa",
    "Päättyy",
    "Kustannusarvio",
    "Kustannusarvio on arvio",
    SHARE_COLUMN,
    "Omarahoitus",
    ROLE_COLUMN,
    "Yhteyshenkilö",
    "Yhteyshenkilön tehtävä",
    "Toimiala",
]
FIELD_COLUMN_TEMPLATES = {
    "name": "Nimi",
    "short_name": "Lyhyt nimi",
    "start_date": "Alkaa",
    "end_date": "Päättyy",
    "total_budget": "Kustannusarvio",
    "total_budget_approximate": "Kustannusarvio on arvio",
    "city_share": SHARE_COLUMN,
    "self_financing": "Omarahoitus",
    "city_role": ROLE_COLUMN,
    "contact_name": "Yhteyshenkilö",
    "contact_title": "Yhteyshenkilön tehtävä",
}
MONEY_FIELDS = ["total_budget", "city_share", "self_financing"]
YES = "kyllä"
PERIOD_COLUMNS = {"division": "Toimiala", "valid_from": "Toimiala", "valid_until": "Toimiala"}


def city_columns() -> dict[str, str]:
    return {SHARE_COLUMN: finnish_share_label(), ROLE_COLUMN: finnish_role_label()}


def columns() -> list[str]:
    """The file's columns, the export's and the import's, in order."""
    names = city_columns()
    return [names.get(column, column) for column in COLUMN_TEMPLATES]


def field_columns() -> dict[str, str]:
    names = city_columns()
    return {field: names.get(column, column) for field, column in FIELD_COLUMN_TEMPLATES.items()}


def column_aliases() -> dict[str, str]:
    """Other names an uploaded file may give the city's columns: the names before the city was
    configurable ("Kemin osuus", "Kemin rooli", which files exported then carry) and the
    city-neutral ones ("Kaupungin osuus")."""
    share, role = finnish_share_label(), finnish_role_label()
    aliases = {
        "Kemin osuus": share,
        "Kaupungin osuus": share,
        "Kunnan osuus": share,
        "Kemin rooli": role,
        "Kaupungin rooli": role,
        "Kunnan rooli": role,
    }
    return {old: new for old, new in aliases.items() if old != new}


def export_queryset():
    return Project.objects.all()


def with_history(queryset):
    return queryset.prefetch_related(
        "funders",
        Prefetch(
            "division_periods",
            queryset=DivisionPeriod.objects.select_related("division").order_by("valid_from"),
        ),
    )


def current_period(project: Project) -> DivisionPeriod | None:
    periods = list(project.division_periods.all())
    return periods[-1] if periods else None


def projects_export_rows(queryset) -> list[list]:
    """The export's rows, in `columns()` order. Three queries: projects, funders, division periods."""
    rows = []
    role_labels = file_labels(Project.Role.choices)
    for project in with_history(queryset):
        period = current_period(project)
        rows.append(
            [
                project.name_fi,  # the file's names are Finnish, whatever the page's language
                project.short_name,
                ", ".join(funder.code for funder in project.funders.all()),
                project.start_date,
                project.end_date,
                project.total_budget,
                YES if project.total_budget_approximate else "",
                project.city_share,
                project.self_financing,
                role_labels[project.city_role],
                project.contact_name,
                project.contact_title,
                period.division.name if period else "",
            ]
        )
    return rows


export_rows = projects_export_rows


@dataclass
class ProjectRow(RowPlan):
    project: Project | None = None
    funders: list[Funder] = field(default_factory=list)
    ended_period: DivisionPeriod | None = None
    new_period: DivisionPeriod | None = None


class Lookups:
    """Everything the rows refer to, read once for the whole file."""

    def __init__(self):
        # By the Finnish name (`name` would be the active language's).
        self.projects = {
            project.name_fi: project for project in with_history(Project.objects.all())
        }
        self.funders = {funder.code.upper(): funder for funder in Funder.objects.all()}
        self.divisions = {division.name: division for division in Division.objects.all()}
        self.today = timezone.localdate()


def check_rows(rows: list[TableRow]) -> list[ProjectRow]:
    """Check every row against the database; nothing is written."""
    lookups = Lookups()
    seen_names: dict = {}
    return [check_row(row, lookups, seen_names) for row in rows]


def check_row(row: TableRow, lookups: Lookups, seen_names: dict) -> ProjectRow:
    cells = RowCells(row)
    name = cells.required_text("Nimi", _("Nimi puuttuu."))
    result = ProjectRow(number=row.number, label=name)
    project = lookups.projects.get(name)
    result.is_new = project is None
    if project is None:
        project = Project(name_fi=name)
    earlier = find_duplicate(seen_names, name, row.number) if name else None
    if earlier:
        cells.error(
            "Nimi",
            _("Sama hanke on jo rivillä %(earlier)s.") % {"earlier": earlier},
        )
    before = snapshot(project)

    project.short_name = cells.text("Lyhyt nimi")
    project.start_date = cells.value("Alkaa", parse_date)
    if project.start_date is None and not cells.has_error("Alkaa"):
        cells.error("Alkaa", _("Alkamispäivä puuttuu."))
    project.end_date = cells.value("Päättyy", parse_date)
    field_names = field_columns()
    for field_name in MONEY_FIELDS:
        setattr(project, field_name, money(cells, field_names[field_name]))
    project.total_budget_approximate = approximate(cells)
    role_column = field_names["city_role"]
    project.city_role = (
        cells.choice(
            role_column, Project.Role.choices, _("%(column)s puuttuu.") % {"column": role_column}
        )
        or project.city_role
    )
    project.contact_name = cells.text("Yhteyshenkilö")
    project.contact_title = cells.text("Yhteyshenkilön tehtävä")
    result.funders = funders(cells, lookups)

    try:
        project.full_clean(exclude=cells.columns_with_errors(field_names))
    except ValidationError as error:
        cells.model_errors(error, field_names)

    division = division_of(cells, lookups)
    if division and not cells.errors:
        plan_division(result, project, division, lookups.today, cells)

    result.project = project
    result.errors = cells.errors_in_column_order(columns())
    if not result.is_new and not result.errors:
        result.changes = [
            column for column, value in snapshot(project, result).items() if before[column] != value
        ]
        if result.new_period:
            result.changes.append(
                f"Toimiala: siirtyy toimialalle {division.name} "
                f"{format_date(result.new_period.valid_from)} alkaen"
            )
    return result


def money(cells: RowCells, column: str):
    return cells.value(column, parse_euros)


def approximate(cells: RowCells) -> bool:
    text = cells.text("Kustannusarvio on arvio").casefold()
    if text not in ("", YES, "ei"):
        cells.error(
            "Kustannusarvio on arvio",
            _("Kirjoita ”kyllä” tai jätä tyhjäksi."),
        )
    return text == YES


def funders(cells: RowCells, lookups: Lookups) -> list[Funder]:
    found = []
    for code in cells.text("Rahoittajat").split(","):
        code = code.strip()
        if not code:
            continue
        funder = lookups.funders.get(code.upper())
        if funder is None:
            known = ", ".join(funder.code for funder in lookups.funders.values())
            cells.error(
                "Rahoittajat",
                _("Tuntematon rahoittaja ”%(code)s”; tunnetut: %(known)s.")
                % {"code": code, "known": known},
            )
        elif funder not in found:
            found.append(funder)
    return found


def division_of(cells: RowCells, lookups: Lookups) -> Division | None:
    name = cells.text("Toimiala")
    if name and name not in lookups.divisions:
        cells.error("Toimiala", _("Tuntematon toimiala ”%(name)s”.") % {"name": name})
        return None
    return lookups.divisions.get(name)


def plan_division(
    result: ProjectRow, project: Project, division: Division, today: datetime.date, cells: RowCells
) -> None:
    """Decide the division periods to write, by the rule in this module's docstring."""
    current = None if result.is_new else current_period(project)
    if current and current.division_id == division.pk:
        return
    if current is None:
        result.new_period = DivisionPeriod(
            project=project, division=division, valid_from=project.start_date
        )
    elif current.valid_from >= today:
        cells.error(
            "Toimiala",
            _(
                "Hanke siirtyy toimialalle %(division)s vasta %(valid_from)s; muuta "
                "toimialajaksoja ylläpidossa."
            )
            % {"division": current.division, "valid_from": format_date(current.valid_from)},
        )
        return
    else:
        if current.valid_until is None or current.valid_until >= today:
            current.valid_until = today - datetime.timedelta(days=1)
            result.ended_period = current
        result.new_period = DivisionPeriod(project=project, division=division, valid_from=today)
    try:
        result.new_period.full_clean(exclude=["project"])
    except ValidationError as error:
        cells.model_errors(error, PERIOD_COLUMNS)
        result.new_period = result.ended_period = None


def snapshot(project: Project, row: ProjectRow | None = None) -> dict[str, object]:
    """The values the import compares, by column; funders from the row if given."""
    values = {column: getattr(project, field) for field, column in field_columns().items()}
    values["Nimi"] = project.name_fi
    if row is not None:
        values["Rahoittajat"] = {funder.pk for funder in row.funders}
    elif project.pk is not None:
        values["Rahoittajat"] = {funder.pk for funder in project.funders.all()}
    return values


def write_rows(rows: list[ProjectRow]) -> tuple[int, int]:
    """Save the checked rows; returns (created, updated). Runs inside the caller's transaction."""
    created = updated = 0
    for row in rows:
        if not row.writes:
            continue
        row.project.save()
        row.project.funders.set(row.funders)
        if row.ended_period:
            row.ended_period.save()
        if row.new_period:
            row.new_period.project = row.project
            row.new_period.save()
        if row.is_new:
            created += 1
        else:
            updated += 1
    return created, updated
