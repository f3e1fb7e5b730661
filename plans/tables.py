"""Tables of the workspace, on one base class whose template has a caption and header scopes."""

import django_tables2 as tables
from django.utils.html import format_html, format_html_join


class CaptionedTable(tables.Table):
    """A table that names itself: `templates/django_tables2/table.html` prints the caption."""

    caption = ""

    def __init__(self, *args, caption: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if caption is not None:
            self.caption = caption


class ActionTable(CaptionedTable):
    caption = "Toimenpiteet"

    title = tables.Column("Otsikko", linkify=True)
    year = tables.Column("Vuosi")
    division = tables.Column("Toimiala", order_by=("division__name",))
    focus_areas = tables.Column("Painopisteet", orderable=False, empty_values=())
    status = tables.Column("Tila")
    projects = tables.Column("Hankkeet", orderable=False, empty_values=())

    class Meta:
        empty_text = "Ei toimenpiteitä näillä ehdoilla."
        attrs = {"class": "data-table"}
        per_page = 25

    def render_title(self, value, record):
        if record.needs_review:
            return format_html('{} <span class="tag">tarkistettava</span>', value)
        return value

    def render_focus_areas(self, record):
        # Uses the prefetched rows: no query per cell.
        return format_html_join(
            "",
            '<span class="cell-line">{}</span>',
            ((area.numbered,) for area in record.focus_areas.all()),
        )

    def render_projects(self, record):
        return format_html_join(
            "",
            '<span class="cell-line">{}</span>',
            ((str(project),) for project in record.projects.all()),
        )
