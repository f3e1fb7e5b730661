"""Report pages and their downloads. Every role reads every report (`common.roles.can_read`),
a signed-in user in no role none; the coordinator records the board's decision that closes a
year, and only an admin reopens it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from common.downloads import download_response, pdf_response
from common.roles import (
    can_close_year,
    can_reopen_year,
    require_close_year,
    require_read,
    require_reopen_year,
)
from common.spreadsheets import XLSX_MIME
from plans.closing import close_year, reopen_year, unreviewed_count
from plans.models import Division, Plan, YearClosing
from projects.models import Project
from reports import pdf
from reports.annual import build_annual_report
from reports.exports import (
    DOCX_CONTENT_TYPE,
    annual_docx,
    annual_xlsx,
    projects_xlsx,
)
from reports.forms import CloseYearForm, ProjectFilterForm
from reports.overview import build_overview, chart_sources, render_chart
from reports.project_report import build_project_report, project_for_report
from reports.project_summary import build_project_summary


@login_required
def index(request):
    require_read(request.user)
    plans = list(Plan.objects.order_by("-start_year"))
    divisions = list(Division.objects.order_by("name"))
    closed = set(YearClosing.objects.in_force().values_list("plan_id", "year", "division_id"))
    years = [
        {
            "year": year,
            "plan": plan,
            "divisions": [
                {"division": division, "closed": (plan.pk, year, division.pk) in closed}
                for division in divisions
            ],
        }
        for plan in plans
        for year in reversed(plan.years)
    ]
    return render(request, "reports/index.html", {"years": years})


def annual_page(
    request, year: int, division: str, *, form=None, error: str = "", status: int = 200
):
    report = build_annual_report(year, division)
    can_close = can_close_year(request.user) and report.closing_in_force is None
    context = {
        "report": report,
        "can_close": can_close,
        "can_reopen": can_reopen_year(request.user) and report.closing_in_force is not None,
        "close_form": form or close_form(report, can_close=can_close),
        "close_error": error,
        "closing_history": closing_history(report),
    }
    return render(request, "reports/annual.html", context, status=status)


@login_required
def annual(request, year: int, division: str):
    require_read(request.user)
    return annual_page(request, year, division)


def annual_filename(report, extension: str) -> str:
    stem = pgettext("file name", "hyvinvointisuunnitelma")
    return f"{stem}-{report.year}-{report.division.slug}.{extension}"


@login_required
def annual_pdf(request, year: int, division: str):
    require_read(request.user)
    report = build_annual_report(year, division)
    return pdf_response(request, pdf.annual(report), annual_filename(report, "pdf"))


@login_required
def annual_xlsx_view(request, year: int, division: str):
    require_read(request.user)
    report = build_annual_report(year, division)
    return download_response(annual_xlsx(report), annual_filename(report, "xlsx"), XLSX_MIME)


@login_required
def annual_docx_view(request, year: int, division: str):
    require_read(request.user)
    report = build_annual_report(year, division)
    return download_response(
        annual_docx(report), annual_filename(report, "docx"), DOCX_CONTENT_TYPE
    )


@login_required
@require_POST
def annual_close(request, year: int, division: str):
    require_close_year(request.user)
    report = build_annual_report(year, division)
    form = close_form(report, data=request.POST)
    if not form.is_valid():
        return annual_page(request, year, division, form=form, status=400)
    try:
        close_year(
            plan=report.plan,
            year=year,
            division=report.division,
            body=form.cleaned_data["body"],
            date=form.cleaned_data["date"],
            section=form.cleaned_data["section"],
            closed_by=request.user,
            confirm_unreviewed=form.cleaned_data.get("confirm_unreviewed", False),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "confirm_unreviewed" in error.error_dict:
            # Text was carried into the year meanwhile: ask again, with the box to tick.
            form = close_form(report, data=request.POST, unreviewed=True)
            form.is_valid()
            form.add_error("confirm_unreviewed", error.error_dict["confirm_unreviewed"])
            return annual_page(request, year, division, form=form, status=400)
        return annual_page(
            request, year, division, form=form, error=" ".join(error.messages), status=400
        )
    return redirect("reports:annual", year=year, division=division)


def closing_history(report) -> list[tuple]:
    """The report's closings, each with how many carried texts were unreviewed when it was
    recorded (one query, only when the year has closings)."""
    if not report.closings:
        return []
    counts = dict(
        YearClosing.objects.filter(pk__in=[row.pk for row in report.closings]).values_list(
            "pk", "unreviewed_count"
        )
    )
    return [(row, counts.get(row.pk, 0)) for row in report.closings]


def close_form(report, *, data=None, can_close: bool = True, unreviewed: bool = False):
    """The form recording the board's decision, with the confirmation box when the year has
    carried text nobody has reviewed (read only for someone who may close the year)."""
    count = 0
    if can_close and report.plan is not None:
        count = unreviewed_count(plan=report.plan, year=report.year, division=report.division)
    return CloseYearForm(data, unreviewed=max(count, int(unreviewed)))


@login_required
@require_POST
def annual_reopen(request, year: int, division: str, closing: int):
    require_reopen_year(request.user)
    closing = get_object_or_404(
        YearClosing.objects.in_force(), pk=closing, year=year, division__slug=division
    )
    reopen_year(closing=closing, reopened_by=request.user)
    return redirect("reports:annual", year=year, division=division)


def project_filters(request) -> dict:
    form = ProjectFilterForm(request.GET)
    if not form.is_valid():
        raise Http404(_("Tuntematon toimiala tai vuosi."))
    return {"form": form, **form.filters()}


@login_required
def projects(request):
    require_read(request.user)
    filters = project_filters(request)
    summary = build_project_summary(
        year=filters["year"], division=filters["division"], page=request.GET.get("page", 1)
    )
    # The downloads list every project of the filter, whatever the page.
    query = request.GET.copy()
    query.pop("page", None)
    query = query.urlencode()
    return render(
        request,
        "reports/projects.html",
        {"summary": summary, "form": filters["form"], "query": query},
    )


def projects_filename(summary, extension: str) -> str:
    parts = [pgettext("file name", "hankkeet")]
    if summary.division:
        parts.append(summary.division.slug)
    if summary.year:
        parts.append(str(summary.year))
    return f"{'-'.join(parts)}.{extension}"


@login_required
def projects_pdf(request):
    require_read(request.user)
    filters = project_filters(request)
    summary = build_project_summary(year=filters["year"], division=filters["division"])
    return pdf_response(request, pdf.projects(summary), projects_filename(summary, "pdf"))


@login_required
def projects_xlsx_view(request):
    require_read(request.user)
    filters = project_filters(request)
    summary = build_project_summary(year=filters["year"], division=filters["division"])
    return download_response(projects_xlsx(summary), projects_filename(summary, "xlsx"), XLSX_MIME)


@login_required
def overview(request, year: int):
    require_read(request.user)
    report = build_overview(year)
    charts = chart_sources(
        report,
        lambda name: reverse("reports:overview_chart", kwargs={"year": year, "chart": name}),
    )
    return render(request, "reports/overview.html", {"overview": report, "charts": charts})


@login_required
def overview_pdf(request, year: int):
    require_read(request.user)
    stem = pgettext("file name", "katsaus")
    return pdf_response(request, pdf.overview(build_overview(year)), f"{stem}-{year}.pdf")


@login_required
def overview_chart(request, year: int, chart: str):
    require_read(request.user)
    report = build_overview(year)
    if chart not in report.charts:
        raise Http404(_("Tuntematon kaavio."))
    return HttpResponse(render_chart(report, chart), content_type="image/svg+xml")


@login_required
def project(request, pk: int):
    require_read(request.user)
    report = build_project_report(get_project(pk))
    return render(request, "reports/project.html", {"report": report})


@login_required
def project_pdf(request, pk: int):
    require_read(request.user)
    report = build_project_report(get_project(pk))
    stem = pgettext("file name", "hanke")
    return pdf_response(request, pdf.project(report), f"{stem}-{pk}.pdf")


def get_project(pk: int):
    try:
        return project_for_report(pk)
    except Project.DoesNotExist:
        raise Http404(_("Tuntematon hanke.")) from None
