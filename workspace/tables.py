"""Tables of the workspace, on one base class whose template has a caption and header scopes."""

import django_tables2 as tables
from django.core.paginator import Paginator
from django.db.models import Prefetch, TextField, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

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

    caption = _lazy("Toimenpiteet")

    # Named by `Action.label`: the title, or the opening words of a text without one. Sorted
    # the same way, so that untitled actions sort among the others by their first words.
    title = tables.Column(_lazy("Toimenpide"), order_by=("sort_label",))
    year = tables.Column(_lazy("Vuosi"))
    division = tables.Column(_lazy("Toimiala"), order_by=("division__name",))
    focus_areas = tables.Column(_lazy("Painopisteet"), orderable=False)
    status = tables.Column(_lazy("Tila"))
    projects = tables.Column(_lazy("Hankkeet"), orderable=False)

    class Meta:
        empty_text = _lazy("Ei toimenpiteitä näillä ehdoilla.")
        attrs = {"class": "data-table"}
        per_page = 25
        template_name = "workspace/action_table.html"


# The list's order when no column is chosen: newest year first, then by division (in the
# order the divisions were added: the id, which the index `action_list_order` serves, so that
# the first page of a million actions is read from the index instead of sorting them all)
# and the report order.
LIST_ORDER = ("-year", "division_id", "order", "pk")

# The list counts its actions exactly up to this many and says "more than" beyond it: an
# exact count reads every matching row, a million of them in seconds.
COUNT_LIMIT = 10_000


def capped_count(actions) -> int:
    """The number of actions, exact up to COUNT_LIMIT; COUNT_LIMIT + 1 stands for more."""
    return actions.order_by()[: COUNT_LIMIT + 1].count()


def counted_exactly(count: int) -> bool:
    return count <= COUNT_LIMIT


def count_text(count: int) -> str:
    """ "1 234 toimenpidettä", or "yli 10 000 toimenpidettä" past the limit."""
    if counted_exactly(count):
        return _("%(count)s toimenpidettä") % {"count": thousands(count)}
    return _("yli %(limit)s toimenpidettä") % {"limit": thousands(COUNT_LIMIT)}


def thousands(number: int) -> str:
    """Finnish digit groups: 10 000, with a no-break space."""
    return f"{number:,}".replace(",", "\u00a0")


class CappedCountPaginator(Paginator):
    """A paginator given its count (`capped_count`) instead of counting every row itself;
    past the limit its pages cover the first COUNT_LIMIT actions."""

    def __init__(self, object_list, per_page, *args, count: int, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.given_count = count

    @property
    def count(self) -> int:
        return min(self.given_count, COUNT_LIMIT)


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
