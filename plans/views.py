"""The coordinator's workspace: dashboard, actions, carry forward and coverage.

Every view starts from a helper in `plans.permissions`, which raises 403 for a user who may
not do what the view does; `login_required` sends anonymous users to the sign-in page first.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from plans import export, spreadsheets
from plans.filters import ActionFilter
from plans.forms import (
    ActionForm,
    CarryForwardChoiceForm,
    CarryForwardForm,
    CoverageForm,
)
from plans.history import action_history
from plans.models import Action, Division, FocusArea, Plan, StrategicGoal
from plans.permissions import (
    can_add_actions,
    can_edit_action,
    get_action_for_edit,
    get_action_for_view,
    require_can_add,
    require_coordinator,
    require_view,
)
from plans.services import (
    EditConflict,
    carry_forward,
    create_action,
    delete_action,
    restore_action,
    update_action,
)
from plans.tables import ActionTable

CONTINUING = [Action.Status.ONGOING, Action.Status.PLANNED]


def default_year() -> int:
    """This year if it has actions, else the latest year that has."""
    this_year = timezone.localdate().year
    years = Action.objects.order_by("-year").values_list("year", flat=True)
    if years.filter(year=this_year).exists():
        return this_year
    return years.first() or this_year


@login_required
def dashboard(request):
    require_view(request.user)
    years = list(Action.objects.order_by("-year").values_list("year", flat=True).distinct())
    year = default_year()
    if request.GET.get("year", "").isdigit() and int(request.GET["year"]) in years:
        year = int(request.GET["year"])
    statuses = Action.Status
    per_status = {
        status.value: Count(
            "focus_areas__actions",
            filter=Q(focus_areas__actions__year=year, focus_areas__actions__status=status),
            distinct=True,
        )
        for status in statuses
    }
    goals = (
        StrategicGoal.objects.filter(plan__start_year__lte=year, plan__end_year__gte=year)
        .select_related("plan")
        .annotate(
            total=Count(
                "focus_areas__actions", filter=Q(focus_areas__actions__year=year), distinct=True
            ),
            **per_status,
        )
        .order_by("plan", "order")
    )
    goal_rows = [(goal, [getattr(goal, status.value) for status in statuses]) for goal in goals]
    latest = list(
        Action.history.select_related("history_user").order_by("-history_date", "-history_id")[:10]
    )
    existing = set(
        Action.objects.filter(pk__in={record.id for record in latest}).values_list("pk", flat=True)
    )
    return render(
        request,
        "home.html",
        {
            "year": year,
            "years": years,
            "statuses": statuses,
            "goal_rows": goal_rows,
            "warnings": coverage_warnings(year),
            "latest": [(record, record.id in existing) for record in latest],
            "report_divisions": Division.objects.filter(actions__year=year).distinct(),
            "can_add": can_add_actions(request.user),
        },
    )


def coverage_warnings(year: int) -> list[dict]:
    """Per division: focus areas of the year's plans without an action, and actions without a
    focus area. Five queries, however many actions there are."""
    areas = set(
        FocusArea.objects.filter(
            goal__plan__start_year__lte=year, goal__plan__end_year__gte=year
        ).values_list("pk", flat=True)
    )
    covered: dict[int, set[int]] = {}
    pairs = (
        Action.focus_areas.through.objects.filter(action__year=year)
        .values_list("action__division_id", "focus_area_id")
        .distinct()
    )
    for division_id, area_id in pairs:
        covered.setdefault(division_id, set()).add(area_id)
    without_area = dict(
        Action.objects.for_year(year)
        .filter(focus_areas__isnull=True)
        .values_list("division")
        .annotate(count=Count("pk"))
    )
    plan = Plan.objects.filter(start_year__lte=year, end_year__gte=year).first()
    warnings = []
    for division in Division.objects.filter(pk__in=covered.keys() | without_area.keys()):
        uncovered = len(areas - covered.get(division.pk, set()))
        if uncovered or without_area.get(division.pk):
            warnings.append(
                {
                    "division": division,
                    "uncovered": uncovered,
                    "without_area": without_area.get(division.pk, 0),
                    "plan_id": plan.pk if plan else "",
                }
            )
    return warnings


class ActionListView(SingleTableMixin, FilterView):
    table_class = ActionTable
    filterset_class = ActionFilter
    template_name = "plans/action_list.html"

    def dispatch(self, request, *args, **kwargs):
        require_view(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Action.objects.for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = can_add_actions(self.request.user)
        context["query_string"] = self.request.GET.urlencode()
        return context


action_list = login_required(ActionListView.as_view())


def filtered_actions(request):
    require_view(request.user)
    return ActionFilter(request.GET, queryset=Action.objects.all()).qs


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
        "plans/action_detail.html",
        {
            "action": action,
            "focus_areas": action.focus_areas.in_report_order(),
            "projects": action.projects.all(),
            "history": action_history(action),
            "can_edit": can_edit_action(request.user, action),
        },
    )


@login_required
def action_create(request):
    require_can_add(request.user)
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
            messages.success(request, f"Toimenpide \u201d{action.title}\u201d on tallennettu.")
            return redirect(action)
    return render(request, "plans/action_form.html", {"form": form, "action": None})


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
                request, f"Muutokset toimenpiteeseen \u201d{action.title}\u201d on tallennettu."
            )
            return redirect(action)
    return render(
        request, "plans/action_form.html", {"form": form, "action": action, "conflict": conflict}
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
        title = action.title
        try:
            delete_action(action=action)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, f"Toimenpide \u201d{title}\u201d on poistettu.")
            return redirect("actions:list")
    return render(request, "plans/action_confirm_delete.html", {"action": action, "error": error})


@require_POST
@login_required
def action_restore(request, pk: int, history_id: int):
    action = get_action_for_edit(request.user, pk)
    record = get_object_or_404(action.history, history_id=history_id)
    version = request.POST.get("version", "")
    try:
        restore_action(
            action=action,
            record=record,
            expected_version=int(version) if version.isdigit() else -1,
        )
    except EditConflict as conflict:
        messages.error(request, conflict.message)
    except ValidationError as error:
        messages.error(request, "Versiota ei voitu palauttaa: " + " ".join(error.messages))
    else:
        messages.success(request, "Aiempi versio on palautettu; palautus näkyy historiassa.")
    return redirect(action)


@login_required
def action_carry_forward(request):
    require_coordinator(request.user)
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
                    f"{len(copies)} toimenpidettä siirretty vuodelle {to_year}. Niiden tekstit "
                    "on merkitty tarkistettaviksi.",
                )
                return redirect(f"{reverse('actions:list')}?plan={plan.pk}&year={to_year}")
    elif request.method == "POST":
        raise PermissionDenied("Valitse ensin suunnitelma ja vuosi.")
    return render(request, "plans/carry_forward.html", {"choice": choice, "form": form})


@login_required
def coverage(request):
    require_view(request.user)
    form = CoverageForm(request.GET or None, initial=coverage_defaults())
    result = None
    if form.is_valid():
        plan, year, division = (form.cleaned_data[key] for key in ("plan", "year", "division"))
        year_actions = Action.objects.in_plan(plan).for_year(year).in_division(division)
        result = {
            "plan": plan,
            "year": year,
            "division": division,
            "uncovered": FocusArea.objects.in_plan(plan)
            .in_report_order()
            .filter(~Exists(year_actions.filter(focus_areas=OuterRef("pk")))),
            "without_area": year_actions.filter(focus_areas__isnull=True).order_by("title"),
            "action_count": year_actions.count(),
        }
    return render(request, "plans/coverage.html", {"form": form, "result": result})


def coverage_defaults() -> dict:
    year = default_year()
    plan = Plan.objects.filter(start_year__lte=year, end_year__gte=year).first()
    return {"plan": plan, "year": year, "division": Division.objects.first()}
