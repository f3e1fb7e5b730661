from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _lazy

from common.admin import FinnishAndSwedishAdmin, HistoryAdmin, RoleAdmin
from common.content import FinnishAndSwedishForm
from common.inputs import SafeInputInline
from plans.models import (
    Action,
    ActionFocusArea,
    Decision,
    Division,
    FocusArea,
    InterpretationMark,
    KnownClosings,
    Objective,
    Plan,
    StrategicGoal,
    closed_year_error,
)
from plans.services import (
    EditConflict,
    check_focus_areas,
    check_version,
    create_action,
    delete_action,
    update_action,
)


def closed_year_refusals(actions) -> list[str]:
    """What a deletion would change in closed years, one line per action, for the admin's
    delete confirmation: Django lists them as protected and deletes nothing.

    The rule is `plans.signals`'s; this only names the actions before anyone presses delete.
    """
    known = KnownClosings()
    lines = []
    for action in actions:
        closing = known.closing(action.plan_id, action.year, action.division_id)
        if closing:
            lines.append(
                gettext("Toimenpide ”%(title)s”: %(reason)s")
                % {"title": action.label, "reason": closed_year_error(closing).message}
            )
    return lines


class ClosedYearProtectionMixin:
    """An admin whose deletions may reach a closed year's actions or their links: the delete
    page shows those actions as protected (in Finnish) instead of failing on confirmation."""

    def actions_reached_by_deleting(self, objs):
        raise NotImplementedError

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = [*protected, *closed_year_refusals(self.actions_reached_by_deleting(objs))]
        return deleted, model_count, perms_needed, protected


@admin.register(Decision)
class DecisionAdmin(ClosedYearProtectionMixin, RoleAdmin):
    list_display = ["reference", "title", "outcome"]
    list_filter = ["body", "outcome"]
    search_fields = ["body", "body_name", "title"]
    date_hierarchy = "date"

    @admin.display(description=_lazy("viite"), ordering="date")
    def reference(self, decision):
        return decision.reference

    def actions_reached_by_deleting(self, objs):
        # Deleting a decision removes its links to the actions that name it.
        return Action.objects.filter(decisions__in=objs).distinct()


@admin.register(Division)
class DivisionAdmin(RoleAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["editors"]


class StrategicGoalInline(FinnishAndSwedishAdmin, SafeInputInline, admin.TabularInline):
    pairs_on_one_line = False
    model = StrategicGoal
    extra = 0
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(RoleAdmin):
    list_display = ["__str__", "strategy_name", "decision"]
    list_select_related = ["decision"]
    inlines = [StrategicGoalInline]


class ObjectiveInline(FinnishAndSwedishAdmin, SafeInputInline, admin.StackedInline):
    model = Objective
    extra = 0


class FocusAreaInline(FinnishAndSwedishAdmin, SafeInputInline, admin.StackedInline):
    model = FocusArea
    extra = 0
    filter_horizontal = ["decisions"]


@admin.register(StrategicGoal)
class StrategicGoalAdmin(FinnishAndSwedishAdmin, RoleAdmin):
    list_display = ["name", "order", "plan"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    inlines = [ObjectiveInline, FocusAreaInline]


@admin.register(FocusArea)
class FocusAreaAdmin(FinnishAndSwedishAdmin, RoleAdmin):
    list_display = ["text", "goal", "order"]
    list_filter = ["goal__plan", "goal"]
    list_select_related = ["goal"]
    search_fields = ["text_fi", "text_sv"]


class ActionFocusAreaFormSet(BaseInlineFormSet):
    """The action's focus areas, checked as the services check them; they are saved by the
    services too (`ActionAdmin.save_related`), never by the formset."""

    def clean(self):
        super().clean()
        self.focus_areas = []
        self.link_marks = {}
        if any(self.errors):
            return
        for form in self.forms:
            area = form.cleaned_data.get("focus_area")
            if area and not form.cleaned_data.get("DELETE") and area not in self.focus_areas:
                self.focus_areas.append(area)
                self.link_marks[area.pk] = (
                    form.cleaned_data.get("interpretation", ""),
                    form.cleaned_data.get("source", ""),
                )
        if self.focus_areas and not self.instance.plan_id:
            return  # the action's form reports the missing plan
        try:
            check_focus_areas(self.instance, self.focus_areas)
        except ValidationError as error:
            raise ValidationError(error.message_dict["focus_areas"]) from error

    def note_changes(self) -> None:
        """What `formset.save()` would have noted, for the admin's change message."""
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        for form in self.initial_forms:
            if self.can_delete and self._should_delete_form(form):
                self.deleted_objects.append(form.instance)
            elif form.has_changed():
                self.changed_objects.append((form.instance, form.changed_data))
        for form in self.extra_forms:
            if form.has_changed() and not self._should_delete_form(form):
                self.new_objects.append(form.instance)


class ActionFocusAreaInline(SafeInputInline, admin.TabularInline):
    model = ActionFocusArea
    formset = ActionFocusAreaFormSet
    fields = ["focus_area", "interpretation", "source"]
    extra = 1
    verbose_name = "painopiste"
    verbose_name_plural = "painopisteet"

    # The focus areas are part of the action: whoever may change the action may change them,
    # as Django does for a many-to-many table of its own making.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("plans.view_action") or self.may_change_action(request)

    def has_add_permission(self, request, obj=None):
        return self.may_change_action(request)

    def has_change_permission(self, request, obj=None):
        return self.may_change_action(request)

    def has_delete_permission(self, request, obj=None):
        return self.may_change_action(request)

    def may_change_action(self, request) -> bool:
        return request.user.has_perm("plans.change_action")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "focus_area":
            kwargs["queryset"] = FocusArea.objects.in_report_order().select_related("goal")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ActionAdminForm(FinnishAndSwedishForm):
    """The admin's action form carries the version it was opened at, as the app's form does:
    saving over someone else's later save is refused with the same message."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Action
        fields = [
            "plan",
            "year",
            "division",
            "order",
            "title",
            "title_sv",
            "description",
            "description_sv",
            "status",
            "participants",
            "events",
            "feedback_score",
            "decisions",
            "needs_review",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            try:
                # Locks the action until the admin's save ends (the change view is atomic).
                check_version(self.instance.pk, cleaned.get("version"))
            except EditConflict as conflict:
                self.refuse(conflict)
        return cleaned

    def refuse(self, conflict: EditConflict) -> None:
        """The conflict as form errors; the form now carries the current version, so that
        saving again is a deliberate choice to replace the other save."""
        self.data = self.data.copy()
        self.data["version"] = conflict.current.version
        errors = [conflict.message]
        errors += [
            gettext("Nyt tallennettuna %(field)s: %(value)s") % {"field": label, "value": value}
            for label, value in conflict.changes
        ]
        raise ValidationError(errors)


@admin.action(permissions=["delete"], description=django_delete_selected.short_description)
def delete_selected(modeladmin, request, queryset):
    """Django's deletion of the chosen rows, all or none: each goes through `delete_action`,
    so an action of a closed year refuses and nothing is deleted."""
    try:
        with transaction.atomic():
            return django_delete_selected(modeladmin, request, queryset)
    except ValidationError as refusal:
        modeladmin.message_user(request, refusal_message(refusal), messages.ERROR)
        return None


def refusal_message(refusal: ValidationError) -> str:
    return gettext("Toimenpidettä ei poistettu: %(reason)s") % {
        "reason": " ".join(refusal.messages)
    }


@admin.register(Action)
class ActionAdmin(FinnishAndSwedishAdmin, ClosedYearProtectionMixin, HistoryAdmin):
    """Actions in the admin are written by `plans.services`, as everywhere else: the version
    rises on every save and a stale form is refused.

    The history's "revert" is not offered here: it saves the old fields without the focus
    areas and without the version check. An earlier version is restored on the action's
    history page in the app, which keeps both.
    """

    form = ActionAdminForm
    # The admin names every form field to its form factory; `version` is the model's own and
    # not editable, so it is left out of the model's fields and comes as the form's hidden one.
    exclude = ["version"]
    list_display = ["label", "year", "division", "status", "plan"]
    list_filter = ["year", "division", "status", "plan", "focus_areas__goal"]
    list_select_related = ["division", "plan"]
    search_fields = ["title", "description"]  # shows the search box; see get_search_results
    filter_horizontal = ["decisions"]
    inlines = [ActionFocusAreaInline]
    readonly_fields = ["created_at", "updated_at", "saved_version", "carried_from"]
    actions = [delete_selected]

    @admin.display(description=_lazy("toimenpide"), ordering="title")
    def label(self, action):
        return action.label

    @admin.display(description=_lazy("versio"))
    def saved_version(self, action):
        return action.version

    def get_search_results(self, request, queryset, search_term):
        # The app's search, over the same search document and its indexes, so that the admin
        # and the actions list find the same actions ("kayttoonotto" finds "käyttöönotto").
        return queryset.search(search_term), False

    def save_model(self, request, obj, form, change):
        # Written with its focus areas in save_related, where the inline's choice is known.
        obj._history_user = request.user

    def save_related(self, request, form, formsets, change):
        action = form.instance
        focus_area_formset = next(
            (formset for formset in formsets if isinstance(formset, ActionFocusAreaFormSet)), None
        )
        link_marks = None  # without the inline, the links' marks stay as they are
        if focus_area_formset:
            focus_areas = focus_area_formset.focus_areas
            link_marks = focus_area_formset.link_marks
            focus_area_formset.note_changes()
        else:
            focus_areas = list(action.focus_areas.select_related("goal")) if change else []
        if change:
            update_action(
                action=action,
                focus_areas=focus_areas,
                expected_version=form.cleaned_data["version"],
                link_marks=link_marks,
            )
        else:
            create_action(action=action, focus_areas=focus_areas, link_marks=link_marks)
        form.save_m2m()  # the decisions, which the services leave alone
        for formset in formsets:
            if formset is not focus_area_formset:
                self.save_formset(request, form, formset, change)

    def actions_reached_by_deleting(self, objs):
        # The actions themselves, and their copies whose `carried_from` would be emptied.
        ids = [obj.pk for obj in objs]
        return Action.objects.filter(Q(pk__in=ids) | Q(carried_from__in=ids))

    def delete_model(self, request, obj):
        delete_action(action=obj)

    def delete_queryset(self, request, queryset):
        for action in queryset:
            delete_action(action=action)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as refusal:
            # The view's transaction is rolled back: nothing was deleted or logged.
            self.message_user(request, refusal_message(refusal), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:plans_action_change", args=[object_id]))


@admin.register(InterpretationMark)
class InterpretationMarkAdmin(ClosedYearProtectionMixin, RoleAdmin):
    """Marks on figures of the plan's and the projects' rows, written by the coordinator and
    the admin (`common.roles.MARK_MODELS`). A mark on an action of a closed year is refused
    like any change to it (`InterpretationMark.clean`), and so is deleting it."""

    list_display = ["target", "field", "interpretation", "source"]
    list_filter = ["content_type"]
    search_fields = ["interpretation", "source", "field_name"]
    fields = ["content_type", "object_id", "field_name", "interpretation", "source"]

    def actions_reached_by_deleting(self, objs):
        action_type = ContentType.objects.get_for_model(Action)
        marked = [mark.object_id for mark in objs if mark.content_type_id == action_type.pk]
        return Action.objects.filter(pk__in=marked)

    @admin.display(description=_lazy("tietue"))
    def target(self, mark):
        return mark.content_object

    @admin.display(description=_lazy("tieto"))
    def field(self, mark):
        return mark.field_label

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "content_type":
            kwargs["queryset"] = ContentType.objects.filter(
                app_label__in=["plans", "projects"]
            ).order_by("app_label", "model")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
