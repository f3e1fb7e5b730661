"""The project summary (like the city's `004_…` agenda item), with totals by funder, year, division.

Which projects run in a year and which division a project counts for in it are the rules of
`projects.models` (`runs_in_year`, `division_in_year`; projects/README.md): the division on its
last day in the year, so a project moved mid-year counts once. Vahvax (moved 1.1.2023) is
perusturvatoimiala's in 2022 and hyvinvointitoimiala's in 2023.

Whole-project amounts are counted in every year the project runs: the by-year totals tell
what money was in projects running that year, not what was spent that year.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum, Value
from django.utils.translation import gettext as _

from common.content import Shown, shown_of
from common.formatting import format_euros, format_period
from plans.models import Division, plan_years
from projects.models import (
    EarmarkedPart,
    Project,
    ProjectResult,
    ProjectYear,
    known,
)
from reports.project_report import EarmarkRow, ResultGroup, earmark_row, result_groups

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class KnownSum:
    """One money column of a group: the sum of the amounts that are known.

    Unknown is never zero: `amount` is None when the group has projects and none of their
    amounts is known ("ei tiedossa"); otherwise it is the sum of the known ones, and `unknown`
    counts the projects left out. `approximate` counts "n." amounts inside the sum.
    """

    amount: Decimal | None
    unknown: int = 0
    approximate: int = 0

    @property
    def text(self) -> str:
        """`295 600 €`, `n. 2 449 000 €` when an approximate amount is in it, `ei tiedossa`."""
        return format_euros(self.amount, approximate=bool(self.approximate))

    @property
    def note(self) -> str:
        """What the sum leaves out, printed beside it: `+ 1 ei tiedossa`."""
        if self.amount is None or not self.unknown:
            return ""
        return _("+ %(count)s ei tiedossa") % {"count": self.unknown}


@dataclass(frozen=True)
class MoneyTotals:
    count: int
    total_budget: Decimal
    city_share: Decimal
    self_financing: Decimal
    unknown_total_budget: int
    unknown_city_share: int
    unknown_self_financing: int
    approximate_total_budget: int
    rate_count: int
    rate_self_financing: Decimal
    rate_city_share: Decimal

    @property
    def self_financing_rate(self) -> Decimal | None:
        """Self-financing / Kemi's share, in per cent, over projects where both are known."""
        if not self.rate_city_share:
            return None
        return (self.rate_self_financing / self.rate_city_share * 100).quantize(Decimal("0.1"))

    def known_sum(self, name: str, *, approximate: int = 0) -> KnownSum:
        unknown = getattr(self, f"unknown_{name}")
        amount = None if self.count and unknown == self.count else getattr(self, name)
        return KnownSum(amount=amount, unknown=unknown, approximate=approximate)

    @property
    def total_budget_sum(self) -> KnownSum:
        return self.known_sum("total_budget", approximate=self.approximate_total_budget)

    @property
    def city_share_sum(self) -> KnownSum:
        return self.known_sum("city_share")

    @property
    def self_financing_sum(self) -> KnownSum:
        return self.known_sum("self_financing")

    @property
    def sums(self) -> tuple[KnownSum, KnownSum, KnownSum]:
        """The three money columns in the order the tables print them."""
        return (self.total_budget_sum, self.city_share_sum, self.self_financing_sum)

    @property
    def rate_is_partial(self) -> bool:
        """The rate leaves out projects of the group: printed beside it, so that 7,9 % beside
        71 960 € / 539 305 € is not read as their quotient."""
        return self.self_financing_rate is not None and self.rate_count < self.count

    @property
    def has_unknown(self) -> bool:
        return bool(
            self.unknown_total_budget or self.unknown_city_share or self.unknown_self_financing
        )

    @classmethod
    def of(cls, figures: dict) -> "MoneyTotals":
        """The totals from a row of `AGGREGATES`; a sum over no known amount (NULL) is 0 here,
        and `known_sum` tells it apart from a sum of zeros by the unknown count."""
        return cls(
            **{
                name: ZERO if figures[f"totals_{name}"] is None else figures[f"totals_{name}"]
                for name in TOTALS_FIELDS
            }
        )

    @classmethod
    def combined(cls, groups: list["MoneyTotals"]) -> "MoneyTotals":
        """The totals of disjoint groups together: every figure is a count or a sum."""
        return cls(**{name: sum((getattr(g, name) for g in groups), 0) for name in TOTALS_FIELDS})


TOTALS_FIELDS = [each.name for each in fields(MoneyTotals)]


@dataclass(frozen=True)
class ProjectRow:
    pk: int
    number: int
    name: Shown  # in the reader's language, a Finnish fallback marked
    funders: str
    period: str
    start_date: datetime.date
    end_date: datetime.date | None
    division: str
    total_budget: Decimal | None
    total_budget_approximate: bool
    city_share: Decimal | None
    self_financing: Decimal | None
    contact: str
    results: list[ResultGroup] = field(default_factory=list)
    earmarks: list[EarmarkRow] = field(default_factory=list)

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
    rows: list[ProjectRow]  # the page's rows; every project of the filter in a download
    totals: MoneyTotals
    by_funder: list[GroupTotals]
    by_year: list[YearTotals]
    divisions: list[Division]
    years: list[int]
    page: Page | None = None  # None: every row (PDF, XLSX)

    @property
    def paged(self) -> bool:
        """More projects than one page holds: the page shows a part of them."""
        return self.page is not None and self.page.paginator.num_pages > 1

    @property
    def page_numbers(self) -> list:
        """The page links to show: the first and last pages and those around this one, with
        `Paginator.ELLIPSIS` for the gaps."""
        if self.page is None:
            return []
        return list(self.page.paginator.get_elided_page_range(self.page.number))

    @property
    def detailed_rows(self) -> list[ProjectRow]:
        """The projects with results or earmarked parts, each given a section of its own."""
        return [row for row in self.rows if row.results or row.earmarks]


# The figures of a project that the summary reads, from `Project.objects.values(*FIGURES)`.
FIGURES = (
    "pk",
    # Both languages' names by their columns (`name` would be modeltranslation's choice).
    "name_fi",
    "name_sv",
    "start_date",
    "end_date",
    "total_budget",
    "total_budget_approximate",
    "city_share",
    "self_financing",
    "contact_title",
    "contact_name",
)


ROWS_PER_PAGE = 50
MONEY = ("total_budget", "city_share", "self_financing")


def aggregates(prefix: str = "") -> dict:
    """`MoneyTotals`' figures as SQL aggregates, named `totals_<field>`, over projects or
    their years (`ProjectYear`, which carries the same amounts); `prefix` reaches them from
    another model.

    Amounts are whole cents in an integer column (`projects.fields.MoneyField`), so the
    database's sums are exact on PostgreSQL and SQLite alike (SQLite sums a decimal column as
    floats, but not this one) and `Sum` gives them back as `Decimal` euros. An unknown amount
    (NULL) is left out of its sum by SQL itself, and counted."""
    both = known(f"{prefix}self_financing", f"{prefix}city_share")  # what the rate compares
    pk = f"{prefix}pk"
    return {
        "totals_count": Count(pk),
        **{f"totals_{name}": Sum(f"{prefix}{name}") for name in MONEY},
        **{
            f"totals_unknown_{name}": Count(pk, filter=Q(**{f"{prefix}{name}__isnull": True}))
            for name in MONEY
        },
        "totals_approximate_total_budget": Count(
            pk,
            filter=Q(
                **{
                    f"{prefix}total_budget_approximate": True,
                    f"{prefix}total_budget__isnull": False,
                }
            ),
        ),
        "totals_rate_count": Count(pk, filter=both),
        "totals_rate_self_financing": Sum(f"{prefix}self_financing", filter=both),
        "totals_rate_city_share": Sum(f"{prefix}city_share", filter=both),
    }


def totals_of(projects: QuerySet) -> MoneyTotals:
    """The projects' totals, in one query."""
    return MoneyTotals.of(projects.aggregate(**aggregates()))


def projects_of(year: int | None, division: Division | None) -> QuerySet:
    """The projects running in the year (any year: all), of the division in that year (any
    division: all; without a year, every project that has ever belonged to it). The rules
    are `Project.objects`' (projects/README.md)."""
    if year is not None and division is not None:
        return Project.objects.in_division(division, year)
    if year is not None:
        return Project.objects.running_in(year)
    if division is not None:
        return Project.objects.ever_in_division(division)
    return Project.objects.all()


def totals_by_funder(projects: QuerySet) -> list[GroupTotals]:
    """The projects' totals per funder, in one query: a project with several funders is
    counted under each of them, one without any under "ei rahoittajaa"."""
    groups = projects.values("funders__code").annotate(**aggregates()).order_by()
    return [
        GroupTotals(
            label=group["funders__code"] or _("ei rahoittajaa"), totals=MoneyTotals.of(group)
        )
        for group in sorted(
            groups, key=lambda group: (group["funders__code"] is None, group["funders__code"])
        )
    ]


def totals_by_year(
    years: list[int],
    division: Division | None = None,
    *,
    division_names: dict[int, str] | None = None,
) -> list[YearTotals]:
    """Each year's totals of the projects running in it (of the division in that year, if
    given), in one query over the projects' years written ahead (`ProjectYear`), whose rows
    carry the projects' amounts: the projects themselves are not read.

    With `division_names` each year is also split by the division each project belongs to in
    it (`YearTotals.by_division`, its labels from `division_names`); the year's totals are
    then those of its groups together, as each running project is in one group.

    The query is a `UNION ALL` of two grouped parts: the rows of the years asked, and the last
    rows of the projects with no end date, each of which stands for every later year too.
    """
    if not years:
        return []
    split = division_names is not None
    rows = ProjectYear.objects.all()
    if division is not None:
        rows = rows.filter(division=division)
    group = F("division") if split or division is not None else Value(None, IntegerField())

    def grouped(part, later: bool):
        return (
            part.annotate(totals_year=F("year"), totals_division=group, totals_later=Value(later))
            .values("totals_year", "totals_division", "totals_later")
            .annotate(**aggregates())
            .order_by()
        )

    exact = grouped(rows.filter(year__in=years), False)
    later = grouped(rows.filter(continues=True, year__lt=max(years)), True)
    found: dict[tuple[int, int | None], list[MoneyTotals]] = defaultdict(list)
    for row in exact.union(later, all=True).order_by():
        totals = MoneyTotals.of(row)
        applies_to = (
            [y for y in years if y > row["totals_year"]]
            if row["totals_later"]
            else [row["totals_year"]]
        )
        for year in applies_to:
            found[year, row["totals_division"]].append(totals)
    groups: dict[int, list[GroupTotals]] = defaultdict(list)
    for (year, division_id), parts in found.items():
        label = (division_names or {}).get(division_id, _("ei toimialaa"))
        groups[year].append(GroupTotals(label=label, totals=MoneyTotals.combined(parts)))
    return [
        YearTotals(
            year=year,
            totals=MoneyTotals.combined([group.totals for group in groups[year]]),
            by_division=sorted(groups[year], key=lambda group: group.label) if split else [],
        )
        for year in years
    ]


class CountedPaginator(Paginator):
    """A paginator told its count (the totals' count), so that it does not count again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.given_count = count

    @property
    def count(self) -> int:
        return self.given_count


def project_rows(
    projects: QuerySet, year: int | None, division_names: dict[int, str], *, first: int = 1
) -> list[ProjectRow]:
    """The rows of the projects (a page of them, or every one), with their funders, results
    and earmarked parts: four queries. Each row's division is the one of the year, or without
    a year the latest one; `first` is the first row's number."""
    if year is None:
        projects = projects.with_latest_division().annotate(row_division=F("latest_division"))
    else:
        projects = projects.with_division_in(year).annotate(row_division=F("division_in_year"))
    figures = list(projects.values(*FIGURES, "row_division"))
    # A page's few ids, or for a download the filter itself as a subquery.
    ids = [p["pk"] for p in figures] if len(figures) <= ROWS_PER_PAGE else projects.values("pk")
    funders = defaultdict(list)
    links = Project.funders.through.objects.filter(project__in=ids).order_by("funder__code")
    for project_id, code in links.values_list("project_id", "funder__code"):
        funders[project_id].append(code)
    results = defaultdict(list)
    for result in ProjectResult.objects.filter(project__in=ids).order_by(
        "project", "year", "month", "pk"
    ):
        results[result.project_id].append(result)
    earmarks = defaultdict(list)
    for part in (
        EarmarkedPart.objects.filter(project__in=ids).select_related("recipient").order_by("pk")
    ):
        earmarks[part.project_id].append(part)
    return [
        ProjectRow(
            pk=project["pk"],
            number=number,
            name=shown_of(project["name_fi"], {"sv": project["name_sv"]}),
            funders=", ".join(funders[project["pk"]]),
            period=format_period(project["start_date"], project["end_date"]),
            start_date=project["start_date"],
            end_date=project["end_date"],
            division=division_names.get(project["row_division"], ""),
            total_budget=project["total_budget"],
            total_budget_approximate=project["total_budget_approximate"],
            city_share=project["city_share"],
            self_financing=project["self_financing"],
            contact=", ".join(filter(None, [project["contact_title"], project["contact_name"]])),
            results=result_groups(results[project["pk"]]),
            earmarks=[earmark_row(part) for part in earmarks[project["pk"]]],
        )
        for number, project in enumerate(figures, start=first)
    ]


def build_project_summary(
    *, year: int | None = None, division: Division | None = None, page: int | str | None = None
) -> ProjectSummary:
    """The summary. With `page` (a page number, as typed in the URL), the rows are that page's
    `ROWS_PER_PAGE` projects; without, every project of the filter (the downloads). The totals
    are the database's aggregates over the whole filter either way, in a fixed number of
    queries (nine) whatever the number of projects or plan years."""
    divisions = list(Division.objects.order_by("name"))
    years = plan_years()
    division_names = {d.pk: d.name for d in divisions}
    projects = projects_of(year, division).order_by("start_date", "name")
    totals = totals_of(projects)
    shown = None
    if page is None:
        rows = project_rows(projects, year, division_names)
    else:
        paginator = CountedPaginator(projects, ROWS_PER_PAGE, count=totals.count)
        shown = paginator.get_page(page)
        rows = project_rows(shown.object_list, year, division_names, first=shown.start_index() or 1)
        shown.object_list = rows  # read once: the page is its rows

    title = _("Ulkoisella rahoituksella toteutettavat hankkeet")
    if division is not None:
        title += f", {division.name.lower()}"
    if year is not None:
        title += f" {year}"
    return ProjectSummary(
        title=title,
        division=division,
        year=year,
        rows=rows,
        totals=totals,
        by_funder=totals_by_funder(projects),
        by_year=totals_by_year(years, division, division_names=division_names),
        divisions=divisions,
        years=years,
        page=shown,
    )
