import datetime

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from common.admin import FinnishAndSwedishAdmin, HistoryAdmin, RoleAdmin
from common.city import role_label, share_label
from common.content import FinnishAndSwedishForm
from common.formatting import format_euros
from common.inputs import (
    MAX_YEAR,
    MIN_YEAR,
    SafeInputInline,
    parse_ascii_int,
)
from plans.admin import ClosedYearProtectionMixin
from plans.models import Action, refuse_if_closed
from projects.models import (
    CostShare,
    CostSplit,
    DivisionPeriod,
    EarmarkedPart,
    Funder,
    Organization,
    Project,
    ProjectPartner,
    ProjectResult,
    validate_shares_total,
)


@admin.register(Funder)
class FunderAdmin(RoleAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Organization)
class OrganizationAdmin(RoleAdmin):
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


class DivisionPeriodInline(SafeInputInline, admin.TabularInline):
    model = DivisionPeriod
    extra = 0


class ProjectPartnerInline(SafeInputInline, admin.TabularInline):
    model = ProjectPartner
    extra = 0


class EarmarkedPartInline(SafeInputInline, admin.TabularInline):
    model = EarmarkedPart
    extra = 0


class ProjectResultInline(SafeInputInline, admin.StackedInline):
    model = ProjectResult
    extra = 0


class ActiveInYearFilter(admin.SimpleListFilter):
    title = "vuosi"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [(str(year), str(year)) for year in range(2020, datetime.date.today().year + 2)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        year = parse_ascii_int(self.value(), MIN_YEAR, MAX_YEAR)
        if year is None:
            raise IncorrectLookupParameters(_("Tuntematon vuosi."))
        return queryset.running_in(year)


class ProjectAdminForm(FinnishAndSwedishForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's names are city-neutral (they are in the migrations); the form names the
        # configured city: "Kemin osuus".
        for name in ("city_share", "city_role"):
            if name in self.fields:
                self.fields[name].label = Project.field_label(name)

    def clean_actions(self):
        """A closed year's action stays linked, or unlinked, as the board saw it: adding or
        removing one is refused here, on the form (`projects.signals` refuses it anywhere)."""
        chosen = self.cleaned_data["actions"]
        before = set()
        if self.instance.pk:
            before = set(self.instance.actions.values_list("pk", flat=True))
        changed = before ^ {action.pk for action in chosen}
        try:
            refuse_if_closed(changed)
        except ValidationError as refusal:
            raise ValidationError(
                _("Lukitun vuoden toimenpidettä ei voi liittää hankkeeseen eikä irrottaa siitä.")
                + " "
                + " ".join(refusal.messages),
                code="year_closed",
            ) from refusal
        return chosen


class CityRoleFilter(admin.ChoicesFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = role_label()


@admin.register(Project)
class ProjectAdmin(FinnishAndSwedishAdmin, ClosedYearProtectionMixin, HistoryAdmin):
    form = ProjectAdminForm
    list_display = [
        "__str__",
        "funder_codes",
        "period",
        "divisions",
        "total_budget_column",
        "city_share_column",
        "self_financing_column",
        "city_role_column",
    ]
    list_filter = [
        "funders",
        "division_periods__division",
        ActiveInYearFilter,
        ("city_role", CityRoleFilter),
    ]
    search_fields = ["name_fi", "name_sv", "short_name", "contact_name"]
    filter_horizontal = ["funders", "focus_areas", "actions", "decisions"]
    inlines = [DivisionPeriodInline, ProjectPartnerInline, EarmarkedPartInline, ProjectResultInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                "funders",
                Prefetch(
                    "division_periods",
                    queryset=DivisionPeriod.objects.select_related("division"),
                ),
            )
        )

    def actions_reached_by_deleting(self, objs):
        # Deleting a project removes its links to its actions.
        return Action.objects.filter(projects__in=objs).distinct()

    @admin.display(description=_lazy("rahoittajat"))
    def funder_codes(self, project):
        return ", ".join(funder.code for funder in project.funders.all())

    @admin.display(description=_lazy("kausi"), ordering="start_date")
    def period(self, project):
        return project.period

    @admin.display(description=_lazy("toimiala"))
    def divisions(self, project):
        return " → ".join(period.division.name for period in project.division_periods.all())

    @admin.display(description=_lazy("kustannusarvio"), ordering="total_budget")
    def total_budget_column(self, project):
        return project.total_budget_display

    @admin.display(description=lazy(share_label, str)(), ordering="city_share")
    def city_share_column(self, project):
        return format_euros(project.city_share)

    @admin.display(description=lazy(role_label, str)(), ordering="city_role")
    def city_role_column(self, project):
        return project.get_city_role_display()

    @admin.display(description=_lazy("omarahoitus"), ordering="self_financing")
    def self_financing_column(self, project):
        return format_euros(project.self_financing)


class CostShareFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        validate_shares_total(
            form.cleaned_data["percent"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        )


class CostShareInline(SafeInputInline, admin.TabularInline):
    model = CostShare
    formset = CostShareFormSet
    extra = 0
    min_num = 1


@admin.register(CostSplit)
class CostSplitAdmin(RoleAdmin):
    list_display = ["name", "division", "project"]
    list_select_related = ["division", "project"]
    filter_horizontal = ["decisions", "focus_areas"]
    inlines = [CostShareInline]


# Budget rows are edited inline on their project or split; these pages show each row's history
# (read-only: an earlier version is typed back into the project's or split's form).
@admin.register(DivisionPeriod)
class DivisionPeriodAdmin(HistoryAdmin):
    list_display = ["project", "division", "valid_from", "valid_until"]
    list_select_related = ["project", "division"]


@admin.register(EarmarkedPart)
class EarmarkedPartAdmin(HistoryAdmin):
    list_display = ["project", "recipient", "amount", "purpose"]
    list_select_related = ["project", "recipient"]


@admin.register(CostShare)
class CostShareAdmin(HistoryAdmin):
    list_display = ["split", "organization", "percent"]
    list_select_related = ["split", "organization"]
