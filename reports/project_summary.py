"""The project summary (like the city's `004_…` agenda item), with totals by funder, year, division.

Which division a project counts for in a year: the division it belonged to on its last day
in that year, that is on 31.12., or on its end date if it ended during the year. A project
that moves mid-year therefore counts once, for the division it moved to; Vahvax (moved
1.1.2023) is perusturvatoimiala's in 2022 and hyvinvointitoimiala's in 2023.

Whole-project amounts are counted in every year the project runs: the by-year totals tell
what money was in projects running that year, not what was spent that year.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DateField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Least

from plans.formatting import format_euros
from plans.models import Division, Plan
from projects.models import DivisionPeriod, Project, known

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class MoneyTotals:
    count: int
    total_budget: Decimal
    kemi_share: Decimal
    self_financing: Decimal
    unknown_total_budget: int
    unknown_kemi_share: int
    unknown_self_financing: int
    approximate_total_budget: int
    rate_count: int
    rate_self_financing: Decimal
    rate_kemi_share: Decimal

    @property
    def self_financing_rate(self) -> Decimal | None:
        """Self-financing / Kemi's share, in per cent, over projects where both are known."""
        if not self.rate_kemi_share:
            return None
        return (self.rate_self_financing / self.rate_kemi_share * 100).quantize(Decimal("0.1"))

    @property
    def has_unknown(self) -> bool:
        return bool(
            self.unknown_total_budget or self.unknown_kemi_share or self.unknown_self_financing
        )


@dataclass(frozen=True)
class ProjectRow:
    number: int
    name: str
    funders: str
    period: str
    start_date: datetime.date
    end_date: datetime.date | None
    division: str
    total_budget: Decimal | None
    total_budget_approximate: bool
    kemi_share: Decimal | None
    self_financing: Decimal | None
    contact: str

    @property
    def total_budget_display(self) -> str:
        return format_euros(self.total_budget, approximate=self.total_budget_approximate)


@dataclass(frozen=True)
class GroupTotals:
    label: str
    totals: MoneyTotals


@dataclass(frozen=True)
class YearTotals:
    year: int
    totals: MoneyTotals
    by_division: list[GroupTotals]


@dataclass
class ProjectSummary:
    title: str
    division: Division | None
    year: int | None
    rows: list[ProjectRow]
    totals: MoneyTotals
    by_funder: list[GroupTotals]
    by_year: list[YearTotals]
    divisions: list[Division]
    years: list[int]


def money_totals() -> dict:
    """The aggregates of MoneyTotals, for `.aggregate()` or grouped `.annotate()`.

    The sums are named `sum_…`: an aggregate may not share its name with a field it reads.
    """
    both_known = known("self_financing", "kemi_share")
    return {
        "count": Count("pk", distinct=True),
        "sum_total_budget": Sum("total_budget"),
        "sum_kemi_share": Sum("kemi_share"),
        "sum_self_financing": Sum("self_financing"),
        "unknown_total_budget": Count("pk", filter=Q(total_budget__isnull=True)),
        "unknown_kemi_share": Count("pk", filter=Q(kemi_share__isnull=True)),
        "unknown_self_financing": Count("pk", filter=Q(self_financing__isnull=True)),
        "approximate_total_budget": Count("pk", filter=Q(total_budget_approximate=True)),
        "rate_count": Count("pk", filter=both_known),
        "rate_self_financing": Sum("self_financing", filter=both_known),
        "rate_kemi_share": Sum("kemi_share", filter=both_known),
    }


def to_totals(row: dict) -> MoneyTotals:
    """No known amount sums to NULL in SQL; the totals show it as 0 €, with the unknown counted."""

    def money(name: str) -> Decimal:
        return ZERO if row[name] is None else row[name]

    return MoneyTotals(
        count=row["count"],
        total_budget=money("sum_total_budget"),
        kemi_share=money("sum_kemi_share"),
        self_financing=money("sum_self_financing"),
        unknown_total_budget=row["unknown_total_budget"],
        unknown_kemi_share=row["unknown_kemi_share"],
        unknown_self_financing=row["unknown_self_financing"],
        approximate_total_budget=row["approximate_total_budget"],
        rate_count=row["rate_count"],
        rate_self_financing=money("rate_self_financing"),
        rate_kemi_share=money("rate_kemi_share"),
    )


def running_in(year: int) -> Q:
    return Q(start_date__lte=datetime.date(year, 12, 31)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=datetime.date(year, 1, 1))
    )


def division_of_year(year: int | None) -> Subquery:
    """The project's division on its last day in the year; without a year, its latest one."""
    periods = DivisionPeriod.objects.filter(project=OuterRef("pk"))
    if year is not None:
        last_day = Value(datetime.date(year, 12, 31), output_field=DateField())
        periods = periods.filter(
            valid_from__lte=Least(Coalesce(OuterRef("end_date"), last_day), last_day)
        )
    return Subquery(periods.order_by("-valid_from").values("division_id")[:1])


def projects_of(year: int | None, division: Division | None) -> QuerySet:
    projects = Project.objects.annotate(report_division_id=division_of_year(year))
    if year is not None:
        projects = projects.filter(running_in(year))
    if division is not None:
        if year is None:
            projects = projects.filter(
                pk__in=DivisionPeriod.objects.filter(division=division).values("project_id")
            )
        else:
            projects = projects.filter(report_division_id=division.pk)
    return projects


def plan_years() -> list[int]:
    years = set()
    for start, end in Plan.objects.values_list("start_year", "end_year"):
        years.update(range(start, end + 1))
    return sorted(years)


def build_project_summary(
    *, year: int | None = None, division: Division | None = None
) -> ProjectSummary:
    divisions = list(Division.objects.order_by("name"))
    years = plan_years()
    division_names = {d.pk: d.name for d in divisions}
    projects = projects_of(year, division)

    rows = [
        ProjectRow(
            number=number,
            name=project.name,
            funders=", ".join(funder.code for funder in project.funders.all()),
            period=project.period,
            start_date=project.start_date,
            end_date=project.end_date,
            division=division_names.get(project.report_division_id, ""),
            total_budget=project.total_budget,
            total_budget_approximate=project.total_budget_approximate,
            kemi_share=project.kemi_share,
            self_financing=project.self_financing,
            contact=", ".join(filter(None, [project.contact_title, project.contact_name])),
        )
        for number, project in enumerate(
            projects.order_by("start_date", "name").prefetch_related("funders"), start=1
        )
    ]
    # A project with several funders is counted under each of them.
    by_funder = [
        GroupTotals(label=row["funders__code"] or "ei rahoittajaa", totals=to_totals(row))
        for row in projects.order_by()
        .values("funders__code")
        .annotate(**money_totals())
        .order_by("funders__code")
    ]
    by_year = []
    for each_year in years:
        in_year = projects_of(each_year, division)
        by_division = [
            GroupTotals(
                label=division_names.get(row["report_division_id"], "ei toimialaa"),
                totals=to_totals(row),
            )
            for row in in_year.order_by().values("report_division_id").annotate(**money_totals())
        ]
        by_division.sort(key=lambda group: group.label)
        by_year.append(
            YearTotals(
                year=each_year,
                totals=to_totals(in_year.aggregate(**money_totals())),
                by_division=by_division,
            )
        )

    title = "Ulkoisella rahoituksella toteutettavat hankkeet"
    if division is not None:
        title += f", {division.name.lower()}"
    if year is not None:
        title += f" {year}"
    return ProjectSummary(
        title=title,
        division=division,
        year=year,
        rows=rows,
        totals=to_totals(projects.aggregate(**money_totals())),
        by_funder=by_funder,
        by_year=by_year,
        divisions=divisions,
        years=years,
    )
