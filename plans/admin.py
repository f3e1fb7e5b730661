from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from common.inputs import SafeInputAdmin, SafeInputInline
from plans.models import (
    Action,
    ActionFocusArea,
    Decision,
    Division,
    FocusArea,
    Objective,
    Plan,
    StrategicGoal,
)


@admin.register(Decision)
class DecisionAdmin(SafeInputAdmin, admin.ModelAdmin):
    list_display = ["reference", "title", "outcome"]
    list_filter = ["body", "outcome"]
    search_fields = ["body", "body_name", "title"]
    date_hierarchy = "date"

    @admin.display(description="viite", ordering="date")
    def reference(self, decision):
        return decision.reference


@admin.register(Division)
class DivisionAdmin(SafeInputAdmin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["editors"]


class StrategicGoalInline(SafeInputInline, admin.TabularInline):
    model = StrategicGoal
    extra = 0
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(SafeInputAdmin, admin.ModelAdmin):
    list_display = ["__str__", "strategy_name", "decision"]
    list_select_related = ["decision"]
    inlines = [StrategicGoalInline]


class ObjectiveInline(SafeInputInline, admin.StackedInline):
    model = Objective
    extra = 0


class FocusAreaInline(SafeInputInline, admin.StackedInline):
    model = FocusArea
    extra = 0
    filter_horizontal = ["decisions"]


@admin.register(StrategicGoal)
class StrategicGoalAdmin(SafeInputAdmin, admin.ModelAdmin):
    list_display = ["name", "order", "plan"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    inlines = [ObjectiveInline, FocusAreaInline]


@admin.register(FocusArea)
class FocusAreaAdmin(SafeInputAdmin, admin.ModelAdmin):
    list_display = ["text", "goal", "order"]
    list_filter = ["goal__plan", "goal"]
    list_select_related = ["goal"]
    search_fields = ["text"]


class ActionFocusAreaInline(SafeInputInline, admin.TabularInline):
    model = ActionFocusArea
    extra = 1
    verbose_name = "painopiste"
    verbose_name_plural = "painopisteet"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "focus_area":
            kwargs["queryset"] = FocusArea.objects.in_report_order()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Action)
class ActionAdmin(SafeInputAdmin, SimpleHistoryAdmin):
    list_display = ["title", "year", "division", "status", "plan"]
    list_filter = ["year", "division", "status", "plan", "focus_areas__goal"]
    list_select_related = ["division", "plan"]
    search_fields = ["title", "description"]
    filter_horizontal = ["decisions"]
    inlines = [ActionFocusAreaInline]
    readonly_fields = ["created_at", "updated_at", "version", "carried_from"]
