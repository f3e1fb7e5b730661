"""The project summary (like the city's `004_…` agenda item), with totals by funder, year, division.

Which projects run in a year and which division a project counts for in it are the rules of
`projects.models` (`runs_in_year`, `division_in_year`; projects/README.md): the division on its
last day in the year, so a project moved mid-year counts once. Vahvax (moved 1.1.2023) is
perusturvatoimiala's in 2022 and hyvinvointitoimiala's in 2023.

Whole-project amounts are counted in every year the project runs: the by-year totals tell
what money was in projects running that year, not what was spent that year.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from common.formatting import format_euros, format_period
from plans.models import Division, plan_years
from projects.models import (
    DivisionPeriod,
    EarmarkedPart,
    Project,
    ProjectResult,
    division_in_year,
    runs_in_year,
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

    def known_sum(self, name: str, *, approximate: int = 0) -> KnownSum:
        unknown = getattr(self, f"unknown_{name}")
        amount = None if self.count and unknown == self.count else getattr(self, name)
        return KnownSum(amount=amount, unknown=unknown, approximate=approximate)

    @property
    def total_budget_sum(self) -> KnownSum:
        return self.known_sum("total_budget", approximate=self.approximate_total_budget)

    @property
    def kemi_share_sum(self) -> KnownSum:
        return self.known_sum("kemi_share")

    @property
    def self_financing_sum(self) -> KnownSum:
        return self.known_sum("self_financing")

    @property
    def rate_is_partial(self) -> bool:
        """The rate leaves out projects of the group: printed beside it, so that 7,9 % beside
        71 960 € / 539 305 € is not read as their quotient."""
        return self.self_financing_rate is not None and self.rate_count < self.count

    @property
    def has_unknown(self) -> bool:
        return bool(
            self.unknown_total_budget or self.unknown_kemi_share or self.unknown_self_financing
        )


@dataclass(frozen=True)
class ProjectRow:
    pk: int
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
    rows: list[ProjectRow]
    totals: MoneyTotals
    by_funder: list[GroupTotals]
    by_year: list[YearTotals]
    divisions: list[Division]
    years: list[int]

    @property
    def detailed_rows(self) -> list[ProjectRow]:
        """The projects with results or earmarked parts, each given a section of its own."""
        return [row for row in self.rows if row.results or row.earmarks]


# The figures of a project that the summary reads, from `Project.objects.values(*FIGURES)`.
FIGURES = (
    "pk",
    "name",
    "start_date",
    "end_date",
    "total_budget",
    "total_budget_approximate",
    "kemi_share",
    "self_financing",
    "contact_title",
    "contact_name",
)


def totals_of(projects: list[dict]) -> MoneyTotals:
    """Exact Decimal sums; an unknown amount (None) is left out of its sum and counted."""

    def total(name: str, among: list[dict]) -> Decimal:
        return sum((p[name] for p in among if p[name] is not None), ZERO)

    def unknown(name: str) -> int:
        return sum(1 for p in projects if p[name] is None)

    # The self-financing rate compares only projects whose both amounts are known.
    rated = [p for p in projects if p["self_financing"] is not None and p["kemi_share"] is not None]
    return MoneyTotals(
        count=len(projects),
        total_budget=total("total_budget", projects),
        kemi_share=total("kemi_share", projects),
        self_financing=total("self_financing", projects),
        unknown_total_budget=unknown("total_budget"),
        unknown_kemi_share=unknown("kemi_share"),
        unknown_self_financing=unknown("self_financing"),
        approximate_total_budget=sum(
            1 for p in projects if p["total_budget_approximate"] and p["total_budget"] is not None
        ),
        rate_count=len(rated),
        rate_self_financing=total("self_financing", rated),
        rate_kemi_share=total("kemi_share", rated),
    )


def division_in(project: dict, year: int | None) -> int | None:
    """The project's division id in the year; without a year, its latest one.

    `project["periods"]` holds its (valid_from, valid_until, division_id) triples, oldest first.
    """
    periods = project["periods"]
    if year is None:
        return periods[-1][2] if periods else None
    return division_in_year(periods, project["end_date"], year)


def projects_of(projects: list[dict], year: int | None, division: Division | None) -> list[dict]:
    """The projects running in the year (any year: all), of the division in that year (any
    division: all; without a year, every project that has ever belonged to it)."""
    if year is not None:
        projects = [p for p in projects if runs_in_year(p["start_date"], p["end_date"], year)]
    if division is None:
        return projects
    if year is None:
        return [p for p in projects if any(d == division.pk for *_, d in p["periods"])]
    return [p for p in projects if division_in(p, year) == division.pk]


def read_projects(*, details: bool = False) -> list[dict]:
    """Every project's figures, with its division periods and funder codes, in three queries;
    with `details`, also its results and earmarked parts, in two more.

    A municipality has dozens of projects, the benchmark two thousand: summing them in Python
    keeps the query count fixed, where grouping in SQL took two queries for each plan year.
    """
    projects = list(Project.objects.order_by("start_date", "name").values(*FIGURES))
    by_pk = {p["pk"]: p for p in projects}
    for p in projects:
        p["periods"], p["funders"] = [], []
    periods = DivisionPeriod.objects.order_by("valid_from", "pk")
    for project_id, *period in periods.values_list(
        "project_id", "valid_from", "valid_until", "division_id"
    ):
        by_pk[project_id]["periods"].append(tuple(period))
    funders = Project.funders.through.objects.order_by("funder__code")
    for project_id, code in funders.values_list("project_id", "funder__code"):
        by_pk[project_id]["funders"].append(code)
    if details:
        for p in projects:
            p["results"], p["earmarks"] = [], []
        for result in ProjectResult.objects.order_by("project", "year", "month", "pk"):
            by_pk[result.project_id]["results"].append(result)
        earmarks = EarmarkedPart.objects.select_related("recipient").order_by("project", "pk")
        for part in earmarks:
            by_pk[part.project_id]["earmarks"].append(part)
    return projects


def build_project_summary(
    *, year: int | None = None, division: Division | None = None, details: bool = True
) -> ProjectSummary:
    """The summary; `details` adds each project's results and earmarked parts to its row."""
    divisions = list(Division.objects.order_by("name"))
    years = plan_years()
    division_names = {d.pk: d.name for d in divisions}
    everything = read_projects(details=details)
    projects = projects_of(everything, year, division)

    rows = [
        ProjectRow(
            pk=project["pk"],
            number=number,
            name=project["name"],
            funders=", ".join(project["funders"]),
            period=format_period(project["start_date"], project["end_date"]),
            start_date=project["start_date"],
            end_date=project["end_date"],
            division=division_names.get(division_in(project, year), ""),
            total_budget=project["total_budget"],
            total_budget_approximate=project["total_budget_approximate"],
            kemi_share=project["kemi_share"],
            self_financing=project["self_financing"],
            contact=", ".join(filter(None, [project["contact_title"], project["contact_name"]])),
            results=result_groups(project.get("results", [])),
            earmarks=[earmark_row(part) for part in project.get("earmarks", [])],
        )
        for number, project in enumerate(projects, start=1)
    ]
    # A project with several funders is counted under each of them.
    by_code: dict[str | None, list[dict]] = {}
    for project in projects:
        for code in project["funders"] or [None]:
            by_code.setdefault(code, []).append(project)
    by_funder = [
        GroupTotals(label=code or "ei rahoittajaa", totals=totals_of(group))
        for code, group in sorted(by_code.items(), key=lambda item: (item[0] is None, item[0]))
    ]
    by_year = []
    for each_year in years:
        in_year = projects_of(everything, each_year, division)
        by_division: dict[int | None, list[dict]] = {}
        for project in in_year:
            by_division.setdefault(division_in(project, each_year), []).append(project)
        groups = [
            GroupTotals(
                label=division_names.get(division_id, "ei toimialaa"), totals=totals_of(group)
            )
            for division_id, group in by_division.items()
        ]
        groups.sort(key=lambda group: group.label)
        by_year.append(YearTotals(year=each_year, totals=totals_of(in_year), by_division=groups))

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
        totals=totals_of(projects),
        by_funder=by_funder,
        by_year=by_year,
        divisions=divisions,
        years=years,
    )
