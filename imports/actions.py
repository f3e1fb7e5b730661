"""Actions (toimenpiteet) as a spreadsheet: the export's rows, and checking and writing an import.

The columns are a contract with the actions list's export: a file exported there imports here
without changes. `Tunniste` empty creates an action; an id updates that action.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import batched

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from common.numbers import parse_decimal, parse_id, parse_int
from common.spreadsheets import CellError, TableRow
from imports.rows import ImportRejected, RowCells, RowPlan, find_duplicate
from plans import export
from plans.models import Action, Division, FocusArea, KnownClosings, Plan
from plans.services import (
    BATCH,
    ActionWrite,
    EditConflict,
    WriteRefused,
    edit_conflict,
    import_actions,
)
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
# The file's texts are the Finnish columns (`plans/translation.py`).
FINNISH_COLUMNS = {"title": "title_fi", "description": "description_fi"}
FOCUS_AREA_LINE = re.compile(r"(\d+)\.(\d+)\s+(.+)")


def columns() -> list[str]:
    return COLUMNS


def column_aliases() -> dict[str, str]:
    return {}


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
    # The version the row's change is based on: the one read when the file was uploaded.
    expected_version: int | None = None


def row_ids(rows: list[TableRow]) -> set[int]:
    """The action ids in the rows' Tunniste column; a bad cell is reported by its row."""
    ids = set()
    for row in rows:
        try:
            ids.add(parse_id(row.values["Tunniste"]))
        except ValidationError:
            continue
    return ids - {None}


def id_batches(rows: list[TableRow]):
    """The rows' action ids in batches of `BATCH`: each batch is read in one query."""
    return batched(sorted(row_ids(rows)), BATCH)


def read_versions(rows: list[TableRow]) -> dict[str, int]:
    """The current version of each action the rows change, kept with the uploaded file so
    that confirming refuses a row whose action someone has saved since."""
    versions = {}
    for ids in id_batches(rows):
        named = Action.objects.filter(pk__in=ids).order_by()
        for pk, version in named.values_list("pk", "version"):
            versions[str(pk)] = version
    return versions


def lock_divisions(rows: list[TableRow]) -> None:
    """Lock, until the confirm's transaction ends, the divisions the rows write to: those
    named in the Toimiala column and those the rows' actions are stored in now.

    Two files confirmed at the same moment that write to a common division run one after the
    other: the second checks its rows (the duplicate check included) only after the first has
    committed, and sees its actions. The lock (FOR NO KEY UPDATE, in id order) does not stop
    anyone from reading the divisions or saving actions in them meanwhile.
    """
    names = {str(row.values["Toimiala"]).strip() for row in rows if row.values["Toimiala"]}
    stored = set()
    for ids in id_batches(rows):
        named = Action.objects.filter(pk__in=ids).order_by()
        stored.update(named.values_list("division_id", flat=True))
    list(
        Division.objects.select_for_update(no_key=True)
        .filter(Q(name__in=names) | Q(pk__in=stored))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


class Lookups:
    """Everything the rows refer to, read once for the whole file.

    Checking a file runs these queries: plans, divisions, focus areas with their goals,
    projects, every action's identifying fields (for duplicates), each division's last order
    per year, and the years closed now; and for each batch of `BATCH` ids the file names, those
    actions with their focus areas and projects (three queries). Checking a row reads nothing.
    """

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
            # The export's names, Finnish (`str(project)` is the page's language's).
            self.projects_by_label.setdefault(project.short_name or project.name_fi, []).append(
                project
            )
            self.projects_by_name[project.name_fi] = project
        self.actions = {}
        for ids in id_batches(rows):
            named = Action.objects.filter(pk__in=ids).prefetch_related("focus_areas", "projects")
            self.actions.update((action.pk, action) for action in named)
        # Read before any row changes the actions: their stored places are where they are now.
        self.closings = KnownClosings(self.actions.values())
        # An action is named by its title, or without one by its text (`Action.label`); the
        # texts are read only for the actions without a title.
        place = ("pk", "plan_id", "year", "division_id")
        self.existing_keys = {
            (plan_id, year, division_id, normalized(name)): pk
            for pk, plan_id, year, division_id, name in [
                *Action.objects.exclude(title_fi="").values_list(*place, "title_fi"),
                *Action.objects.filter(title_fi="").values_list(*place, "description_fi"),
            ]
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


def check_rows(
    rows: list[TableRow], seen_versions: dict[str, int] | None = None
) -> list[ActionRow]:
    """Check every row against the database; nothing is written.

    `seen_versions` are the versions read when the file was uploaded (`read_versions`): a row
    whose action has been saved since is an error. An action missing from them is taken at
    its current version.
    """
    lookups = Lookups(rows)
    seen_ids: dict = {}
    seen_keys: dict = {}
    return [check_row(row, lookups, seen_ids, seen_keys, seen_versions or {}) for row in rows]


def check_row(
    row: TableRow, lookups: Lookups, seen_ids: dict, seen_keys: dict, seen_versions: dict
) -> ActionRow:
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
                _(
                    "Tunnisteella %(action_id)s ei ole toimenpidettä. Jätä tunniste tyhjäksi "
                    "uudelle toimenpiteelle."
                )
                % {"action_id": action_id},
            )
            action = Action()
        elif earlier:
            cells.error(
                "Tunniste",
                _("Sama tunniste on jo rivillä %(earlier)s.") % {"earlier": earlier},
            )
        else:
            result.expected_version = seen_versions.get(str(action_id), action.version)
            if action.version != result.expected_version:
                conflict = edit_conflict(action, result.expected_version)
                cells.error("", conflict_message(conflict))
    before = snapshot(action)

    plan = lookup(cells, "Suunnitelma", lookups.plans, "suunnitelma")
    division = lookup(cells, "Toimiala", lookups.divisions, "toimiala")
    if plan:
        action.plan = plan
    if division:
        action.division = division
    year = cells.value("Vuosi", parse_int)
    if year is None and not cells.has_error("Vuosi"):
        cells.error("Vuosi", _("Vuosi puuttuu."))
    action.year = year
    # A title is optional, as in the city's own tables; a row with neither a title nor a text
    # is refused by `Action.clean()` in the title's column.
    # The file's texts are Finnish, whatever the page's language: their columns by name
    # (`title` would be the active language's).
    action.title_fi = cells.text("Otsikko")
    action.description_fi = cells.text("Kuvaus")
    action.status = cells.choice("Tila", Action.Status.choices, _("Tila puuttuu.")) or action.status
    action.participants = cells.value("Osallistujia", parse_int)
    action.events = cells.value("Tapahtumia", parse_int)
    action.feedback_score = cells.value("Palautteen keskiarvo", parse_decimal)
    result.focus_areas = focus_areas(cells, plan, lookups)
    result.projects = projects(cells, lookups)
    result.label = action.label

    # The plan and the division come from the lookups, so they are not read again; the one
    # check constraint is also a rule of `Action.clean()`, and is validated with everything
    # else when the row is written.
    exclude = {*cells.columns_with_errors(FIELD_COLUMNS), "plan", "division"}
    try:
        with known_closings(action, lookups.closings):
            action.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        cells.model_errors(error, FIELD_COLUMNS)

    name = action.title_fi or action.description_fi
    if plan and division and year and name:
        key = (plan.pk, year, division.pk, normalized(name))
        earlier = find_duplicate(seen_keys, key, row.number)
        existing = lookups.existing_keys.get(key)
        if earlier:
            cells.error(
                "",
                _(
                    "Sama toimenpide (suunnitelma, vuosi, toimiala ja otsikko) on jo rivillä "
                    "%(earlier)s."
                )
                % {"earlier": earlier},
            )
        elif result.is_new and existing:
            cells.error(
                "Otsikko" if action.title_fi else "Kuvaus",
                _(
                    "Toimenpide on jo olemassa tunnisteella %(existing)s; lisää tunniste, jos "
                    "haluat muuttaa sitä."
                )
                % {"existing": existing},
            )

    result.errors = cells.errors_in_column_order(COLUMNS)
    result.action = action
    if not result.is_new and not result.errors:
        result.changes = changed_columns(before, snapshot(action, result))
    if result.is_new and not result.errors:
        action.order = lookups.next_order(year, division)
    return result


@contextmanager
def known_closings(action: Action, closings: KnownClosings):
    action.known_closings = closings
    try:
        yield
    finally:
        del action.known_closings


def conflict_message(conflict: EditConflict) -> str:
    return _(
        "%(summary)s Jos haluat silti korvata ne tiedoston tiedoilla, lataa tiedosto uudelleen."
    ) % {"summary": conflict.summary}


def lookup(cells: RowCells, column: str, known: dict, what: str):
    name = cells.text(column)
    if not name:
        if not cells.has_error(column):
            cells.error(column, _("%(column)s puuttuu.") % {"column": column})
        return None
    if name not in known:
        cells.error(column, _("Tuntematon %(what)s ”%(name)s”.") % {"what": what, "name": name})
        return None
    return known[name]


def focus_areas(cells: RowCells, plan: Plan | None, lookups: Lookups) -> list[FocusArea]:
    column = "Painopisteet"
    lines = cells.lines(column)
    if not lines and not cells.has_error(column):
        cells.error(
            column,
            _(
                "Anna vähintään yksi painopiste, esim. ”1.4 Yhteistyö hyvinvointialueen "
                "yhdyspinnoilla”."
            ),
        )
    if plan is None:
        return []
    found = []
    for line in lines:
        match = FOCUS_AREA_LINE.fullmatch(line)
        if not match:
            cells.error(
                column,
                _(
                    "”%(line)s”: painopiste alkaa numerolla, esim. ”1.4 Yhteistyö "
                    "hyvinvointialueen yhdyspinnoilla”."
                )
                % {"line": line},
            )
            continue
        goal_order, order, text = int(match[1]), int(match[2]), match[3]
        focus_area = lookups.focus_areas.get((plan.pk, goal_order, order))
        if focus_area is None:
            cells.error(
                column,
                _("Suunnitelmassa ei ole painopistettä %(goal_order)s.%(order)s.")
                % {"goal_order": goal_order, "order": order},
            )
        elif normalized(text) != normalized(focus_area.text_fi):
            cells.error(
                column,
                _(
                    "Painopisteen %(goal_order)s.%(order)s teksti ei vastaa suunnitelmaa: "
                    "”%(text)s”."
                )
                % {"goal_order": goal_order, "order": order, "text": focus_area.text_fi},
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
            cells.error("Hankkeet", _("Tuntematon hanke ”%(name)s”.") % {"name": name})
        elif len(matches) > 1:
            cells.error(
                "Hankkeet",
                _("Nimellä ”%(name)s” on useita hankkeita; käytä hankkeen koko nimeä.")
                % {"name": name},
            )
        elif matches[0] not in found:
            found.append(matches[0])
    return found


def snapshot(action: Action, row: ActionRow | None = None) -> dict[str, object]:
    """The values the import compares, by column; m2m from the row if given, else the database."""
    values = {
        column: getattr(action, FINNISH_COLUMNS.get(field, field))
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
    """Save the checked rows in bulk through the action services (`import_actions`);
    returns (created, updated).

    Runs inside the caller's transaction. A row refused now (someone saved its action after
    the check, or a rule checked only on saving) raises ImportRejected with the row's error,
    so that the caller's transaction writes nothing. The writes cost a fixed number of
    queries per batch of rows (see the import's query budget test).
    """
    row_of = {}
    creates, updates = [], []
    for row in rows:
        if not row.writes:
            continue
        write = ActionWrite(
            action=row.action,
            focus_areas=row.focus_areas,
            projects=row.projects,
            expected_version=row.expected_version,
        )
        row_of[id(write)] = row
        (creates if row.is_new else updates).append(write)
    try:
        return import_actions(creates=creates, updates=updates)
    except WriteRefused as refused:
        row = row_of[id(refused.write)]
        if isinstance(refused.error, EditConflict):
            row.errors.append(CellError(row.number, "", conflict_message(refused.error)))
        else:
            row.errors.extend(cell_errors(row.number, refused.error))
        raise ImportRejected(rows) from refused.error


def cell_errors(number: int, error: ValidationError) -> list[CellError]:
    columns = {**FIELD_COLUMNS, "focus_areas": "Painopisteet", NON_FIELD_ERRORS: ""}
    if not hasattr(error, "error_dict"):
        return [CellError(number, "", message) for message in error.messages]
    return [
        CellError(number, columns.get(name, ""), message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]
