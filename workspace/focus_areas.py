"""A focus area's page (its actions of every year, its projects and the THL indicators it
follows) and the coordinator's screens for picking indicators and setting their targets.

Every view starts from a `common.roles` check; every write goes through
`indicators.services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.inputs import cap_search
from common.roles import can_link_indicators, require_link_indicators, require_read
from indicators.models import FocusAreaIndicator, Indicator
from indicators.services import link_indicator, set_target, unlink_indicator
from indicators.trends import trends_for_focus_area
from plans.models import Action, FocusArea
from projects.models import Project
from workspace.forms import IndicatorSearchForm, LinkIndicatorForm, TargetForm

# How many indicators a search lists: a title's part finds a handful among the ~3 000.
SEARCH_RESULTS = 30


def get_focus_area(pk: int) -> FocusArea:
    return get_object_or_404(FocusArea.objects.select_related("goal__plan"), pk=pk)


def links_of(focus_area: FocusArea):
    return FocusAreaIndicator.objects.filter(focus_area=focus_area).in_report_order()


@login_required
def focus_area_detail(request, pk: int):
    require_read(request.user)
    focus_area = get_focus_area(pk)
    plan = focus_area.goal.plan
    actions = (
        Action.objects.filter(focus_areas=focus_area)
        .select_related("division")
        .order_by("-year", "division__name", "order", "pk")
    )
    trends = trends_for_focus_area(focus_area)
    return render(
        request,
        "workspace/focus_area_detail.html",
        {
            "focus_area": focus_area,
            "plan": plan,
            "actions": actions,
            "projects": Project.objects.filter(focus_areas=focus_area).order_by("name"),
            "trends": trends,
            "can_link": can_link_indicators(request.user),
        },
    )


def indicators_page(request, focus_area, *, target_forms=None, link_form=None, status=200):
    search = IndicatorSearchForm(request.GET or None)
    results = []
    if search.is_valid() and search.cleaned_data["q"].strip():
        text = cap_search(search.cleaned_data["q"])[0]
        results = list(
            Indicator.objects.search(text)
            .exclude(focus_area_links__focus_area=focus_area)
            .order_by("title_fi")[:SEARCH_RESULTS]
        )
    links = list(links_of(focus_area))
    target_forms = target_forms or {}
    rows = [(link, target_forms.get(link.pk) or TargetForm(link=link)) for link in links]
    return render(
        request,
        "workspace/focus_area_indicators.html",
        {
            "focus_area": focus_area,
            "search": search,
            "results": results,
            "searched": bool(search.is_bound and request.GET.get("q", "").strip()),
            "rows": rows,
            "link_form": link_form,
            "catalogue_size": Indicator.objects.count(),
        },
        status=status,
    )


@login_required
def focus_area_indicators(request, pk: int):
    """GET: search the catalogue and see the followed indicators. POST: follow one."""
    require_link_indicators(request.user)
    focus_area = get_focus_area(pk)
    if request.method != "POST":
        return indicators_page(request, focus_area)
    form = LinkIndicatorForm(request.POST)
    if form.is_valid():
        try:
            link = link_indicator(focus_area=focus_area, indicator=form.cleaned_data["indicator"])
        except ValidationError as error:
            form.add_error("indicator", error.messages)
        else:
            messages.success(
                request,
                _("Indikaattori ”%(title)s” on liitetty painopisteeseen. Aseta sille tavoite.")
                % {"title": link.indicator.title_fi},
            )
            return redirect("focus_areas:indicators", pk=focus_area.pk)
    return indicators_page(request, focus_area, link_form=form, status=400)


def get_link(focus_area_pk: int, link_pk: int) -> FocusAreaIndicator:
    return get_object_or_404(
        FocusAreaIndicator.objects.select_related("indicator", "focus_area__goal__plan"),
        pk=link_pk,
        focus_area_id=focus_area_pk,
    )


@require_POST
@login_required
def focus_area_target(request, pk: int, link: int):
    require_link_indicators(request.user)
    link = get_link(pk, link)
    form = TargetForm(request.POST, link=link)
    if form.is_valid():
        try:
            set_target(link=link, **form.cleaned_data)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            for field, messages_ in errors.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            messages.success(
                request,
                _("Indikaattorin ”%(title)s” tavoite on tallennettu.")
                % {"title": link.indicator.title_fi},
            )
            return redirect("focus_areas:indicators", pk=pk)
    return indicators_page(request, link.focus_area, target_forms={link.pk: form}, status=400)


@require_POST
@login_required
def focus_area_unlink(request, pk: int, link: int):
    require_link_indicators(request.user)
    link = get_link(pk, link)
    title = link.indicator.title_fi
    unlink_indicator(link=link)
    messages.success(
        request, _("Indikaattori ”%(title)s” on poistettu painopisteeltä.") % {"title": title}
    )
    return redirect("focus_areas:indicators", pk=pk)
