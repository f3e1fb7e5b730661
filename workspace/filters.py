"""The actions list's filter: every choice lives in the URL, so a filtered list can be shared.

The project is typed, not chosen from a select: a city has thousands of projects. The field
takes a project's id (`?project=<id>`, the links of other pages), its name or short name, or
a part of either (`project_lookup`); a text that fits several projects lists them beside the
field to choose from. `static/js/project-search.js` suggests names as one types (`project_suggestions`).
"""

from html import escape

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _lazy

from common.formatting import format_focus_area, format_plan_name
from common.inputs import IdChoiceMixin, YearField
from plans.models import Action, Division, FocusArea, Plan, StrategicGoal
from projects.models import Project
from workspace.project_lookup import find_project, project_label

ALL = "Kaikki"


class InlineOptionsSelect(forms.Select):
    """A select that writes its options in Python rather than through a template each.

    Django builds a dictionary and renders a template for every option; with the filter's
    hundreds of focus areas and projects that was the slowest part of the actions list. The
    filter's options carry no attributes of their own and are never grouped.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(each) for each in self.format_value(value)}
        # Python's own escape, as the floors in bench/ use: with Django's format_html, the
        # project filter's options (1 600 in the benchmark) cost more than the rest of the page.
        options = "\n".join(
            f'<option value="{escape(str(choice))}"'
            f"{' selected' if str(choice) in selected else ''}>{escape(str(label))}</option>"
            for choice, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name}))
        return format_html("<select{}>\n{}\n</select>", attributes, mark_safe(options))

    def use_required_attribute(self, initial):
        # A filter is never required; Django's answer would read the options a second time.
        return False


def linked_to(field: str):
    """Filter through a many-to-many link without repeating an action in the results."""

    def method(queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Action.objects.filter(**{field: value}).values("pk"))

    return method


class ActionFilterForm(forms.Form):
    """The filter's form: a typed project becomes the project it names."""

    project_matches: list[Project] = []

    def clean_project(self):
        value = self.cleaned_data.get("project") or ""
        if not value.strip():
            return None
        try:
            project = find_project(value)
        except ValidationError as error:
            self.project_matches = error.params.get("matches", [])
            raise
        # The field shows the project's name, also when the URL gave its id.
        self.data = self.data.copy()
        self.data[self.add_prefix("project")] = project_label(project)
        return project


class IdChoiceField(IdChoiceMixin, django_filters.fields.ModelChoiceField):
    """django-filter's choice of a row, refusing an id the database cannot hold."""


class IdChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = IdChoiceField


class YearFilter(django_filters.NumberFilter):
    field_class = YearField


def model_select(label: str, queryset, **kwargs) -> IdChoiceFilter:
    return IdChoiceFilter(
        label=label, queryset=queryset, empty_label=ALL, widget=InlineOptionsSelect, **kwargs
    )


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_lazy("Haku"),
        method="search",
        help_text=_lazy(
            "Otsikosta, kuvauksesta ja painopisteistä; ä ja ö voi kirjoittaa a:na ja o:na."
        ),
    )
    plan = model_select(_lazy("Suunnitelma"), Plan.objects.all())
    year = YearFilter(label=_lazy("Vuosi"))
    division = model_select(_lazy("Toimiala"), Division.objects.all())
    goal = model_select(
        _lazy("Strateginen päämäärä"),
        StrategicGoal.objects.all(),
        method=linked_to("focus_areas__goal"),
    )
    focus_area = model_select(
        _lazy("Painopiste"), FocusArea.objects.all(), method=linked_to("focus_areas")
    )
    status = django_filters.ChoiceFilter(
        label=_lazy("Tila"),
        choices=Action.Status.choices,
        empty_label=ALL,
        widget=InlineOptionsSelect,
    )
    project = django_filters.CharFilter(
        label=_lazy("Hanke"),
        method=linked_to("projects"),
        help_text=_lazy("Hankkeen nimi tai lyhenne tai osa siitä."),
        widget=forms.TextInput(
            attrs={
                "list": "id_project_suggestions",
                "autocomplete": "off",
                "data-project-search": "",
            }
        ),
    )

    class Meta:
        model = Action
        form = ActionFilterForm
        fields = ["q", "plan", "year", "division", "goal", "focus_area", "status", "project"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The querysets above check a chosen value; the options are read as plain values,
        # since building a model object for each of hundreds of options cost more than the
        # rest of the form. A callable is read only when the select is drawn, so the
        # downloads, which draw no form, do not read them at all.
        for name, options in SELECT_OPTIONS.items():
            self.form.fields[name].widget.choices = options

    def search(self, queryset, name, value):
        return queryset.search(value)


# Each model select's options as (pk, label), in the order and with the labels of the
# querysets of `ActionFilter`: as the models' `__str__` and `FocusArea.numbered` write them.


def plan_options():
    plans = Plan.objects.values_list("pk", "name", "start_year", "end_year")
    return [
        ("", ALL),
        *((pk, format_plan_name(name, start, end)) for pk, name, start, end in plans),
    ]


def division_options():
    return [("", ALL), *Division.objects.values_list("pk", "name")]


def goal_options():
    return [("", ALL), *StrategicGoal.objects.values_list("pk", "name")]


def focus_area_options():
    areas = FocusArea.objects.values_list("pk", "goal__order", "order", "text")
    return [("", ALL), *((pk, format_focus_area(*numbering)) for pk, *numbering in areas)]


SELECT_OPTIONS = {
    "plan": plan_options,
    "division": division_options,
    "goal": goal_options,
    "focus_area": focus_area_options,
}
