"""The actions list's filter: every choice lives in the URL, so a filtered list can be shared."""

import django_filters
from django import forms

from plans.models import Action, Division, FocusArea, Plan, StrategicGoal, linkable_projects


class InlineOptionsSelect(forms.Select):
    """A select whose options are written by its own template, not included one by one."""

    template_name = "plans/widgets/select.html"


class NumberedFocusAreaField(forms.ModelChoiceField):
    def label_from_instance(self, area):
        return area.numbered


class FocusAreaFilter(django_filters.ModelChoiceFilter):
    field_class = NumberedFocusAreaField


def linked_to(field: str):
    """Filter through a many-to-many link without repeating an action in the results."""

    def method(queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Action.objects.filter(**{field: value}).values("pk"))

    return method


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Haku",
        method="search",
        help_text="Otsikosta ja kuvauksesta; ä ja ö voi kirjoittaa a:na ja o:na.",
    )
    plan = django_filters.ModelChoiceFilter(
        label="Suunnitelma",
        queryset=Plan.objects.all(),
        empty_label="Kaikki",
        widget=InlineOptionsSelect,
    )
    year = django_filters.NumberFilter(label="Vuosi")
    division = django_filters.ModelChoiceFilter(
        label="Toimiala",
        queryset=Division.objects.all(),
        empty_label="Kaikki",
        widget=InlineOptionsSelect,
    )
    goal = django_filters.ModelChoiceFilter(
        label="Strateginen päämäärä",
        queryset=StrategicGoal.objects.all(),
        method=linked_to("focus_areas__goal"),
        empty_label="Kaikki",
        widget=InlineOptionsSelect,
    )
    focus_area = FocusAreaFilter(
        label="Painopiste",
        queryset=FocusArea.objects.in_report_order(),
        method=linked_to("focus_areas"),
        empty_label="Kaikki",
        widget=InlineOptionsSelect,
    )
    status = django_filters.ChoiceFilter(
        label="Tila",
        choices=Action.Status.choices,
        empty_label="Kaikki",
        widget=InlineOptionsSelect,
    )
    project = django_filters.ModelChoiceFilter(
        label="Hanke",
        # Only projects that some action is linked to (any other would find nothing), and only
        # what the option shows.
        queryset=linkable_projects()
        .filter(actions__isnull=False)
        .distinct()
        .only("pk", "name", "short_name"),
        method=linked_to("projects"),
        empty_label="Kaikki",
        widget=InlineOptionsSelect,
    )

    class Meta:
        model = Action
        fields = ["q", "plan", "year", "division", "goal", "focus_area", "status", "project"]

    def search(self, queryset, name, value):
        return queryset.search(value)
