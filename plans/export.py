"""The actions list as spreadsheet rows.

The columns and their order are a contract: the actions importer reads the same file back.
Writing the file (and keeping formulas out of it) is `common.spreadsheets`' job. The headers
and the statuses are Finnish whatever the page's language (`common.spreadsheets.file_labels`):
a file downloaded in Swedish imports unchanged.
"""

from collections import defaultdict
from collections.abc import Iterator
from itertools import batched

from common.formatting import format_focus_area, format_plan_name
from common.spreadsheets import file_labels
from plans.models import Action, ActionFocusArea

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
# Actions are read this many at a time, each batch with one query for its focus areas and one
# for its projects: the export of every action stays within bounded memory and queries.
BATCH = 2000


def action_rows(actions) -> Iterator[list]:
    """One row per action of the queryset, in its order; numbers stay numbers.

    Plain values rather than model objects: the export of all actions is tens of thousands
    of rows, and building an object for each action, focus area and project cost most of
    its time.
    """
    fields = (
        "pk",
        "plan__name",
        "plan__start_year",
        "plan__end_year",
        "year",
        "division__name",
        # The file's texts are Finnish, whatever the page's language (`plans/translation.py`).
        "title_fi",
        "description_fi",
        "status",
        "participants",
        "events",
        "feedback_score",
    )
    status_labels = file_labels(Action.Status.choices)
    for batch in batched(actions.values_list(*fields).iterator(chunk_size=BATCH), BATCH):
        ids = [row[0] for row in batch]
        focus_areas = _focus_areas_of(ids)
        projects = _projects_of(ids)
        for pk, plan, start, end, year, division, title, description, status, *numbers in batch:
            yield [
                pk,
                format_plan_name(plan, start, end),
                year,
                division,
                "\n".join(focus_areas[pk]),
                title,
                description,
                status_labels[status],
                *numbers,
                "\n".join(projects[pk]),
            ]


def _focus_areas_of(action_ids: list[int]) -> dict[int, list[str]]:
    """Each action's focus areas as `FocusArea.numbered` writes them, in report order."""
    areas = defaultdict(list)
    links = (
        ActionFocusArea.objects.filter(action_id__in=action_ids)
        .order_by("focus_area__goal__order", "focus_area__order")
        .values_list(
            "action_id", "focus_area__goal__order", "focus_area__order", "focus_area__text_fi"
        )
    )
    for action_id, goal_order, order, text in links:
        areas[action_id].append(format_focus_area(goal_order, order, text))
    return areas


def _projects_of(action_ids: list[int]) -> dict[int, list[str]]:
    """Each action's projects by their short names (the names where there is none)."""
    names = defaultdict(list)
    # Read from the actions' side: SQLite planned the same join from the link table as a scan
    # of every project, thirty times slower.
    links = (
        Action.objects.filter(pk__in=action_ids, projects__isnull=False)
        .order_by("projects__start_date", "projects__name_fi")
        .values_list("pk", "projects__short_name", "projects__name_fi")
    )
    for action_id, short_name, name in links:
        names[action_id].append(short_name or name)
    return names
