"""Actions (toimenpiteet) as a spreadsheet: the export's rows, and checking and writing an import.

The columns are a contract with the actions list's export: a file exported there imports here
without changes. `Tunniste` empty creates an action; an id updates that action.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Max

from common.spreadsheets import TableRow, parse_decimal, parse_id, parse_int
from imports.rows import RowCells, RowPlan, find_duplicate
from plans import export
from plans.models import Action, Division, FocusArea, Plan
from projects.models import Project

TITLE = "toimenpiteet"
COLUMNS = export.COLUMNS
FIELD_COLUMNS = {
    "plan": "Suunnitelma",
    "year": "Vuosi",
    "division": "Toimiala",
    "title": "Otsikko",
    "description": "Kuvaus",
    "status": "Tila",
    "participants": "Osallistujia",
    "events": "Tapahtumia",
    "feedback_score": "Palautteen keskiarvo",
}
FOCUS_AREA_LINE = re.compile(r"(\d+)\.(\d+)\s+(.+)")


def export_queryset():
    return Action.objects.all()


def actions_export_rows(queryset) -> list[list]:
    """The rows of the actions list's export, in a fixed number of queries."""
    return list(export.action_rows(queryset))


export_rows = actions_export_rows


@dataclass
class ActionRow(RowPlan):
    action: Action | None = None
    focus_areas: list[FocusArea] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)


class Lookups:
    """Everything the rows refer to, read once for the whole file."""

    def __init__(self, rows: list[TableRow]):
        self.plans = {str(plan): plan for plan in Plan.objects.all()}
        self.divisions = {division.name: division for division in Division.objects.all()}
        self.focus_areas = {
            (focus_area.goal.plan_id, focus_area.goal.order, focus_area.order): focus_area
            for focus_area in FocusArea.objects.select_related("goal")
        }
        self.projects_by_label: dict[str, list[Project]] = {}
        self.projects_by_name: dict[str, Project] = {}
        for project in Project.objects.all():
            self.projects_by_label.setdefault(str(project), []).append(project)
            self.projects_by_name[project.name] = project
        ids = set()
        for row in rows:
            try:
                ids.add(parse_id(row.values["Tunniste"]))
            except ValidationError:
                continue
        self.actions = {
            action.pk: action
            for action in Action.objects.filter(pk__in=ids - {None}).prefetch_related(
                "focus_areas", "projects"
            )
        }
        self.existing_keys = {
            (plan_id, year, division_id, normalized(title)): pk
            for pk, plan_id, year, division_id, title in Action.objects.values_list(
                "pk", "plan_id", "year", "division_id", "title"
            )
        }
        self.last_order = {
            (row["year"], row["division"]): row["last"]
            for row in Action.objects.values("year", "division").annotate(last=Max("order"))
        }

    def next_order(self, year: int, division: Division) -> int:
        key = (year, division.pk)
        self.last_order[key] = (self.last_order.get(key) or 0) + 1
        return self.last_order[key]


def normalized(text: str) -> str:
    return " ".join(text.split()).casefold()


def check_rows(rows: list[TableRow]) -> list[ActionRow]:
    """Check every row against the database; nothing is written."""
    lookups = Lookups(rows)
    seen_ids: dict = {}
    seen_keys: dict = {}
    return [check_row(row, lookups, seen_ids, seen_keys) for row in rows]


def check_row(row: TableRow, lookups: Lookups, seen_ids: dict, seen_keys: dict) -> ActionRow:
    cells = RowCells(row)
    result = ActionRow(number=row.number)

    action_id = cells.value("Tunniste", parse_id)
    if action_id is None:
        action = Action()
        result.is_new = True
    else:
        action = lookups.actions.get(action_id)
        earlier = find_duplicate(seen_ids, action_id, row.number)
        if action is None:
            cells.error(
                "Tunniste",
                f"Tunnisteella {action_id} ei ole toimenpidettä. Jätä "
                "tunniste tyhjäksi uudelle toimenpiteelle. / No action has this id.",
            )
            action = Action()
        elif earlier:
            cells.error(
                "Tunniste",
                f"Sama tunniste on jo rivillä {earlier}. / "
                f"The same id is already on row {earlier}.",
            )
    before = snapshot(action)

    plan = lookup(cells, "Suunnitelma", lookups.plans, "suunnitelma", "plan")
    division = lookup(cells, "Toimiala", lookups.divisions, "toimiala", "division")
    if plan:
        action.plan = plan
    if division:
        action.division = division
    year = cells.value("Vuosi", parse_int)
    if year is None and not cells.has_error("Vuosi"):
        cells.error("Vuosi", "Vuosi puuttuu. / The year is missing.")
    action.year = year
    action.title = cells.required_text("Otsikko", "Otsikko puuttuu. / The title is missing.")
    action.description = cells.text("Kuvaus")
    action.status = (
        cells.choice("Tila", Action.Status.choices, "Tila puuttuu. / The status is missing.")
        or action.status
    )
    action.participants = cells.value("Osallistujia", parse_int)
    action.events = cells.value("Tapahtumia", parse_int)
    action.feedback_score = cells.value("Palautteen keskiarvo", parse_decimal)
    result.focus_areas = focus_areas(cells, plan, lookups)
    result.projects = projects(cells, lookups)
    result.label = action.title

    try:
        action.full_clean(exclude=cells.columns_with_errors(FIELD_COLUMNS))
    except ValidationError as error:
        cells.model_errors(error, FIELD_COLUMNS)

    if plan and division and year and action.title:
        key = (plan.pk, year, division.pk, normalized(action.title))
        earlier = find_duplicate(seen_keys, key, row.number)
        existing = lookups.existing_keys.get(key)
        if earlier:
            cells.error(
                "",
                f"Sama toimenpide (suunnitelma, vuosi, toimiala ja otsikko) on jo "
                f"rivillä {earlier}. / The same action is already on row {earlier}.",
            )
        elif result.is_new and existing:
            cells.error(
                "Otsikko",
                f"Toimenpide on jo olemassa tunnisteella {existing}; lisää "
                "tunniste, jos haluat muuttaa sitä. / The action already exists.",
            )

    result.errors = cells.errors_in_column_order(COLUMNS)
    result.action = action
    if not result.is_new and not result.errors:
        result.changes = changed_columns(before, snapshot(action, result))
    if result.is_new and not result.errors:
        action.order = lookups.next_order(year, division)
    return result


def lookup(cells: RowCells, column: str, known: dict, what: str, what_en: str):
    name = cells.text(column)
    if not name:
        if not cells.has_error(column):
            cells.error(column, f"{column} puuttuu. / The {what_en} is missing.")
        return None
    if name not in known:
        cells.error(column, f"Tuntematon {what} ”{name}”. / Unknown {what_en}.")
        return None
    return known[name]


def focus_areas(cells: RowCells, plan: Plan | None, lookups: Lookups) -> list[FocusArea]:
    column = "Painopisteet"
    lines = cells.lines(column)
    if not lines and not cells.has_error(column):
        cells.error(
            column,
            "Anna vähintään yksi painopiste, esim. ”1.4 Yhteistyö "
            "hyvinvointialueen yhdyspinnoilla”. / Give at least one focus area.",
        )
    if plan is None:
        return []
    found = []
    for line in lines:
        match = FOCUS_AREA_LINE.fullmatch(line)
        if not match:
            cells.error(
                column,
                f"”{line}”: painopiste alkaa numerolla, esim. ”1.4 Yhteistyö "
                "hyvinvointialueen yhdyspinnoilla”. / A focus area starts with its number.",
            )
            continue
        goal_order, order, text = int(match[1]), int(match[2]), match[3]
        focus_area = lookups.focus_areas.get((plan.pk, goal_order, order))
        if focus_area is None:
            cells.error(
                column,
                f"Suunnitelmassa ei ole painopistettä {goal_order}.{order}. / "
                "The plan has no focus area with this number.",
            )
        elif normalized(text) != normalized(focus_area.text):
            cells.error(
                column,
                f"Painopisteen {goal_order}.{order} teksti ei vastaa "
                f"suunnitelmaa: ”{focus_area.text}”. / The text does not match.",
            )
        elif focus_area not in found:
            found.append(focus_area)
    return found


def projects(cells: RowCells, lookups: Lookups) -> list[Project]:
    found = []
    for name in cells.lines("Hankkeet"):
        # The export writes the short name; a full name (unique) is accepted too.
        matches = lookups.projects_by_label.get(name, [])
        if name in lookups.projects_by_name:
            matches = [lookups.projects_by_name[name]]
        if not matches:
            cells.error("Hankkeet", f"Tuntematon hanke ”{name}”. / Unknown project.")
        elif len(matches) > 1:
            cells.error(
                "Hankkeet",
                f"Nimellä ”{name}” on useita hankkeita; käytä hankkeen "
                "koko nimeä. / Several projects have this name: use the full name.",
            )
        elif matches[0] not in found:
            found.append(matches[0])
    return found


def snapshot(action: Action, row: ActionRow | None = None) -> dict[str, object]:
    """The values the import compares, by column; m2m from the row if given, else the database."""
    values = {
        column: getattr(action, field)
        for field, column in FIELD_COLUMNS.items()
        if field not in ("plan", "division")
    }
    values["Suunnitelma"] = action.plan_id
    values["Toimiala"] = action.division_id
    if action.pk is None:
        return values
    if row is None:
        values["Painopisteet"] = {focus_area.pk for focus_area in action.focus_areas.all()}
        values["Hankkeet"] = {project.pk for project in action.projects.all()}
    else:
        values["Painopisteet"] = {focus_area.pk for focus_area in row.focus_areas}
        values["Hankkeet"] = {project.pk for project in row.projects}
    return values


def changed_columns(before: dict, after: dict) -> list[str]:
    return [column for column in COLUMNS if column in after and before.get(column) != after[column]]


def write_rows(rows: list[ActionRow]) -> tuple[int, int]:
    """Save the checked rows; returns (created, updated). Runs inside the caller's transaction."""
    created = updated = 0
    for row in rows:
        if not row.writes:
            continue
        row.action.save()
        row.action.focus_areas.set(row.focus_areas)
        row.action.projects.set(row.projects)
        if row.is_new:
            created += 1
        else:
            updated += 1
    return created, updated
