"""The actions list as spreadsheet rows.

The columns and their order are a contract: the actions importer reads the same file back.
Writing the file (and keeping formulas out of it) is `plans.spreadsheets`' job.
"""

from collections.abc import Iterable, Iterator

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


def action_rows(actions: Iterable[Action]) -> Iterator[list]:
    """One row per action, numbers as numbers; give actions from `Action.objects.for_listing()`."""
    for action in actions:
        yield [
            action.pk,
            str(action.plan),
            action.year,
            action.division.name,
            "\n".join(area.numbered for area in action.focus_areas.all()),
            action.title,
            action.description,
            action.get_status_display(),
            action.participants,
            action.events,
            action.feedback_score,
            "\n".join(str(project) for project in action.projects.all()),
        ]
