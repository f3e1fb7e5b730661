"""The coordinator's workspace: dashboard, actions, carry forward and coverage.

Every view starts from a `require_*` check of `common.roles`, which raises 403 for a user who
may not do what the view does; `login_required` sends anonymous users to the sign-in page first.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from common import spreadsheets
from common.inputs import (
    MAX_ID,
    MAX_YEAR,
    MIN_YEAR,
    cap_search,
    parse_ascii_int,
    search_capped_message,
)
from common.roles import (
    can_add_actions,
    can_edit_action,
    require_add_actions,
    require_carry_forward,
    require_edit_action,
    require_read,
)
from plans import export
from plans.models import Action, Division, InterpretationMark, Plan, plan_years
from plans.services import (
    EditConflict,
    carry_forward,
    create_action,
    delete_action,
    restore_action,
    update_action,
)
from workspace.coverage import build_coverage
from workspace.dashboard import build_dashboard, default_year
from workspace.filters import ActionFilter
from workspace.forms import (
    ActionForm,
    CarryForwardChoiceForm,
    CarryForwardForm,
    CoverageForm,
)
from workspace.history import action_history
from workspace.project_lookup import PROJECTS_SHOWN, matching_projects, project_label
from workspace.tables import (
    LIST_ORDER,
    ActionTable,
    CappedCountPaginator,
    actions_for_listing,
    capped_count,
    count_text,
    counted_exactly,
)

CONTINUING = [Action.Status.ONGOING, Action.Status.PLANNED]


def get_action_for_view(user, pk: int) -> Action:
    require_read(user)
    return get_object_or_404(Action.objects.select_related("plan", "division"), pk=pk)


def get_action_for_edit(user, pk: int) -> Action:
    action = get_action_for_view(user, pk)
    require_edit_action(user, action)
    return action


@login_required
def dashboard(request):
    require_read(request.user)
    years = plan_years()[::-1]  # newest first
    year = parse_ascii_int(request.GET.get("year"), MIN_YEAR, MAX_YEAR)
    if year not in years:
        year = default_year()
    context = {
        "dashboard": build_dashboard(year),
        "year": year,
        "years": years,
        "statuses": Action.Status,
        "can_add": can_add_actions(request.user),
    }
    return render(request, "home.html", context)


class ActionListView(SingleTableMixin, FilterView):
    table_class = ActionTable
    filterset_class = ActionFilter
    template_name = "workspace/action_list.html"

    def dispatch(self, request, *args, **kwargs):
        require_read(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return actions_for_listing(Action.objects.order_by(*LIST_ORDER))

    def get_table_data(self):
        """The filtered actions, counted once (capped), best search matches first.

        Ranking reads every match, so it is done up to the count's limit; beyond it the
        list keeps its own order (the newest first) and the count says to narrow it down.
        A column chosen for sorting wins over the ranking."""
        actions = super().get_table_data()
        self.count = capped_count(actions)
        search = self.request.GET.get("q", "")
        if search.strip() and not self.request.GET.get("sort") and counted_exactly(self.count):
            actions = actions.ranked(search, *LIST_ORDER)
        return actions

    def get_table_pagination(self, table):
        return {
            **super().get_table_pagination(table),
            "paginator_class": CappedCountPaginator,
            "count": self.count,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = can_add_actions(self.request.user)
        context["query_string"] = self.request.GET.urlencode()
        context["count_text"] = count_text(self.count)
        context["more_than_counted"] = not counted_exactly(self.count)
        context["project_matches"] = self.filterset.form.project_matches
        if cap_search(self.request.GET.get("q", ""))[1]:
            messages.warning(self.request, search_capped_message())
        return context


action_list = login_required(ActionListView.as_view())


@login_required
def project_suggestions(request):
    """The projects whose name has the typed text: for the project filter's suggestions the
    projects linked to some action, with `kaikki=1` (the action form's) every project."""
    require_read(request.user)
    text = cap_search(request.GET.get("q", ""))[0]
    linked_only = request.GET.get("kaikki") != "1"
    projects = (
        matching_projects(text, linked_only=linked_only)[:PROJECTS_SHOWN] if len(text) >= 2 else []
    )
    return JsonResponse(
        {"projects": [{"id": p.pk, "label": project_label(p), "name": p.name} for p in projects]}
    )


def filtered_actions(request):
    require_read(request.user)
    filterset = ActionFilter(request.GET, queryset=Action.objects.all())
    # As the list shows nothing for a choice that is not there, the download has no rows.
    return filterset.qs if filterset.is_valid() else Action.objects.none()


@login_required
def export_xlsx(request):
    rows = export.action_rows(filtered_actions(request))
    return spreadsheets.xlsx_response(
        "toimenpiteet.xlsx", export.COLUMNS, rows, sheet_title="Toimenpiteet"
    )


@login_required
def export_csv(request):
    rows = export.action_rows(filtered_actions(request))
    return spreadsheets.csv_response("toimenpiteet.csv", export.COLUMNS, rows)


@login_required
def action_detail(request, pk: int):
    action = get_action_for_view(request.user, pk)
    return render(
        request,
        "workspace/action_detail.html",
        {
            "action": action,
            "focus_area_links": action.focus_area_links(),
            "figure_marks": {
                mark.field_name: mark for mark in InterpretationMark.objects.for_object(action)
            },
            "projects": action.projects.all(),
            "history": action_history(action),
            "can_edit": can_edit_action(request.user, action),
        },
    )


@login_required
def action_create(request):
    require_add_actions(request.user)
    form = ActionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            action = create_action(
                action=form.instance,
                focus_areas=form.cleaned_data["focus_areas"],
                projects=form.cleaned_data["projects"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Toimenpide ”%(title)s” on tallennettu.") % {"title": action.label}
            )
            return redirect(action)
    return render(request, "workspace/action_form.html", {"form": form, "action": None})


@login_required
def action_edit(request, pk: int):
    action = get_action_for_edit(request.user, pk)
    conflict = None
    form = ActionForm(request.POST or None, instance=action, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            update_action(
                action=form.instance,
                focus_areas=form.cleaned_data["focus_areas"],
                projects=form.cleaned_data["projects"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            conflict = error
            form = conflicting_form(request, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Muutokset toimenpiteeseen ”%(title)s” on tallennettu.")
                % {"title": action.label},
            )
            return redirect(action)
    return render(
        request,
        "workspace/action_form.html",
        {"form": form, "action": action, "conflict": conflict},
    )


def conflicting_form(request, conflict: EditConflict) -> ActionForm:
    """The editor's input again, now based on the newer version, with the conflict explained.

    Saving once more is a deliberate choice to replace the other person's changes.
    """
    data = request.POST.copy()
    data["version"] = conflict.current.version
    form = ActionForm(data, instance=conflict.current, user=request.user)
    form.is_valid()
    form.add_error(None, conflict.message)
    return form


@login_required
def action_delete(request, pk: int):
    action = get_action_for_edit(request.user, pk)
    error = None
    if request.method == "POST":
        title = action.label
        try:
            delete_action(action=action)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("Toimenpide ”%(title)s” on poistettu.") % {"title": title})
            return redirect("actions:list")
    return render(
        request, "workspace/action_confirm_delete.html", {"action": action, "error": error}
    )


@require_POST
@login_required
def action_restore(request, pk: int, history_id: int):
    action = get_action_for_edit(request.user, pk)
    record = get_object_or_404(action.history, history_id=history_id)
    require_edit_action(request.user, record)  # the version may name another division
    version = parse_ascii_int(request.POST.get("version"), 0, MAX_ID)
    try:
        restore_action(
            action=action,
            record=record,
            expected_version=-1 if version is None else version,
        )
    except EditConflict as conflict:
        messages.error(request, conflict.message)
    except ValidationError as error:
        messages.error(request, _("Versiota ei voitu palauttaa:") + " " + " ".join(error.messages))
    else:
        messages.success(request, _("Aiempi versio on palautettu; palautus näkyy historiassa."))
    return redirect(action)


@login_required
def action_carry_forward(request):
    require_carry_forward(request.user)
    choice = CarryForwardChoiceForm(request.GET or None)
    form = None
    if choice.is_valid():
        plan, year = choice.cleaned_data["plan"], choice.cleaned_data["year"]
        division = choice.cleaned_data["division"]
        to_year = year + 1
        candidates = (
            Action.objects.in_plan(plan)
            .for_year(year)
            .exclude(carried_to__year=to_year)
            .select_related("division")
            .order_by("division__name", "order", "pk")
        )
        if division:
            candidates = candidates.in_division(division)
        form = CarryForwardForm(
            request.POST or None,
            candidates=candidates,
            initial={"actions": [a for a in candidates if a.status in CONTINUING]},
        )
        if request.method == "POST" and form.is_valid():
            try:
                copies = carry_forward(actions=form.cleaned_data["actions"], to_year=to_year)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _(
                        "%(count)s toimenpidettä siirretty vuodelle %(year)s. Niiden tekstit "
                        "on merkitty tarkistettaviksi."
                    )
                    % {"count": len(copies), "year": to_year},
                )
                return redirect(f"{reverse('actions:list')}?plan={plan.pk}&year={to_year}")
    elif request.method == "POST":
        raise PermissionDenied(_("Valitse ensin suunnitelma ja vuosi."))
    return render(request, "workspace/carry_forward.html", {"choice": choice, "form": form})


@login_required
def coverage(request):
    require_read(request.user)
    form = CoverageForm(request.GET or None, initial=coverage_defaults())
    result = None
    if form.is_valid():
        result = build_coverage(*(form.cleaned_data[key] for key in ("plan", "year", "division")))
    return render(request, "workspace/coverage.html", {"form": form, "result": result})


def coverage_defaults() -> dict:
    year = default_year()
    plan = Plan.objects.covering(year).first()
    return {"plan": plan, "year": year, "division": Division.objects.first()}
