"""Tables of the workspace, on one base class whose template has a caption and header scopes."""

import django_tables2 as tables


class CaptionedTable(tables.Table):
    """A table that names itself: `templates/django_tables2/table.html` prints the caption."""

    caption = ""

    def __init__(self, *args, caption: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if caption is not None:
            self.caption = caption


class ActionTable(CaptionedTable):
    """The columns say the headings and the sorting; `plans/action_table.html` writes the cells."""

    caption = "Toimenpiteet"

    title = tables.Column("Otsikko")
    year = tables.Column("Vuosi")
    division = tables.Column("Toimiala", order_by=("division__name",))
    focus_areas = tables.Column("Painopisteet", orderable=False)
    status = tables.Column("Tila")
    projects = tables.Column("Hankkeet", orderable=False)

    class Meta:
        empty_text = "Ei toimenpiteitä näillä ehdoilla."
        attrs = {"class": "data-table"}
        per_page = 25
        template_name = "plans/action_table.html"
