"""Report pages and their downloads. Every role reads every report (`common.roles.can_read`),
a signed-in user in no role none; the coordinator records the board's decision that closes a
year, and only an admin reopens it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from common.downloads import download_response
from common.roles import (
    can_close_year,
    can_reopen_year,
    require_close_year,
    require_read,
    require_reopen_year,
)
from common.spreadsheets import XLSX_MIME
from plans.closing import close_year, reopen_year
from plans.models import Division, Plan, YearClosing
from reports import pdf
from reports.annual import build_annual_report
from reports.exports import (
    DOCX_CONTENT_TYPE,
    annual_docx,
    annual_xlsx,
    projects_xlsx,
)
from reports.forms import CloseYearForm, ProjectFilterForm
from reports.overview import CHARTS, build_overview, render_chart
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
    context = {
        "report": report,
        "can_close": can_close_year(request.user) and report.closing_in_force is None,
        "can_reopen": can_reopen_year(request.user) and report.closing_in_force is not None,
        "close_form": form or CloseYearForm(),
        "close_error": error,
    }
    return render(request, "reports/annual.html", context, status=status)


@login_required
def annual(request, year: int, division: str):
    require_read(request.user)
    return annual_page(request, year, division)


def annual_filename(report, extension: str) -> str:
    return f"hyvinvointisuunnitelma-{report.year}-{report.division.slug}.{extension}"


@login_required
def annual_pdf(request, year: int, division: str):
    require_read(request.user)
    report = build_annual_report(year, division)
    return download_response(pdf.annual(report), annual_filename(report, "pdf"), "application/pdf")


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
    form = CloseYearForm(request.POST)
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
        )
    except ValidationError as error:
        return annual_page(
            request, year, division, form=form, error=" ".join(error.messages), status=400
        )
    return redirect("reports:annual", year=year, division=division)


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
        raise Http404("Tuntematon toimiala tai vuosi.")
    return {"form": form, **form.filters()}


@login_required
def projects(request):
    require_read(request.user)
    filters = project_filters(request)
    summary = build_project_summary(year=filters["year"], division=filters["division"])
    query = request.GET.urlencode()
    return render(
        request,
        "reports/projects.html",
        {"summary": summary, "form": filters["form"], "query": query},
    )


def projects_filename(summary, extension: str) -> str:
    parts = ["hankkeet"]
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
    return download_response(
        pdf.projects(summary), projects_filename(summary, "pdf"), "application/pdf"
    )


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
    charts = {
        name.replace("-", "_"): reverse(
            "reports:overview_chart", kwargs={"year": year, "chart": name}
        )
        for name in CHARTS
    }
    return render(request, "reports/overview.html", {"overview": report, "charts": charts})


@login_required
def overview_pdf(request, year: int):
    require_read(request.user)
    return download_response(
        pdf.overview(build_overview(year)), f"katsaus-{year}.pdf", "application/pdf"
    )


@login_required
def overview_chart(request, year: int, chart: str):
    require_read(request.user)
    if chart not in CHARTS:
        raise Http404("Tuntematon kaavio.")
    svg = render_chart(build_overview(year), chart)
    return HttpResponse(svg, content_type="image/svg+xml")
