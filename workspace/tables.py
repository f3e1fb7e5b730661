"""Tables of the workspace, on one base class whose template has a caption and header scopes."""

import django_tables2 as tables
from django.db.models import Prefetch, TextField, Value
from django.db.models.functions import Coalesce, Lower, NullIf

from plans.models import FocusArea
from projects.models import Project


class CaptionedTable(tables.Table):
    """A table that names itself: `templates/django_tables2/table.html` prints the caption."""

    caption = ""

    def __init__(self, *args, caption: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if caption is not None:
            self.caption = caption


class ActionTable(CaptionedTable):
    """The columns say the headings and the sorting; `workspace/action_table.html` writes the cells."""

    caption = "Toimenpiteet"

    # Named by `Action.label`: the title, or the opening words of a text without one. Sorted
    # the same way, so that untitled actions sort among the others by their first words.
    title = tables.Column("Toimenpide", order_by=("sort_label",))
    year = tables.Column("Vuosi")
    division = tables.Column("Toimiala", order_by=("division__name",))
    focus_areas = tables.Column("Painopisteet", orderable=False)
    status = tables.Column("Tila")
    projects = tables.Column("Hankkeet", orderable=False)

    class Meta:
        empty_text = "Ei toimenpiteitä näillä ehdoilla."
        attrs = {"class": "data-table"}
        per_page = 25
        template_name = "workspace/action_table.html"


def actions_for_listing(actions):
    """The actions with what the list shows and only that, in a fixed number of queries.

    The focus areas and projects come as lists (`listed_focus_areas`, `listed_projects`):
    a related manager built for every row of the page cost more than the query.
    """
    areas = FocusArea.objects.in_report_order().only("order", "text", "goal__order")
    projects = Project.objects.only("name", "short_name").order_by("start_date", "name")
    return (
        actions.select_related("division")
        .only("title", "description", "year", "status", "needs_review", "division__name")
        .annotate(
            sort_label=Lower(
                Coalesce(NullIf("title", Value("")), "description", output_field=TextField())
            )
        )
        .prefetch_related(
            Prefetch("focus_areas", queryset=areas, to_attr="listed_focus_areas"),
            Prefetch("projects", queryset=projects, to_attr="listed_projects"),
        )
    )
