"""A year's overview for the board: counts and money as charts, each with its numbers."""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery, Sum
from django.db.models import Value as SqlValue
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common.city import share_label
from common.content import content_language, marked, shown
from indicators.trends import IndicatorTrend, sources_text, trends_for_plan
from plans.models import (
    FocusArea,
    FocusAreaCount,
    GoalCount,
    InterpretationMark,
    Plan,
    StrategicGoal,
    plan_years,
)
from projects.models import Project
from reports.annual import plan_for_year
from reports.charts import Series, Value, bar_chart
from reports.project_summary import (
    GroupTotals,
    MoneyTotals,
    YearTotals,
    totals_by_funder,
    totals_by_year,
)

# The charts of every overview; "focus-areas" stands for one chart per goal ("focus-areas-1").
CHARTS = ("goals", "focus-areas", "funders", "self-financing")
# The money columns of the funders' chart, in the order of the bars.
MONEY_SERIES = (
    ("total_budget", gettext_noop("Kustannusarvio")),
    ("city_share", None),  # the configured city's: "Kemin osuus"
    ("self_financing", gettext_noop("Omarahoitus")),
)


@dataclass(frozen=True)
class CountRow:
    label: str
    this_year: int
    last_year: int
    # Of this year's actions, those counted here only through links marked as interpretations.
    interpreted: int = 0


@dataclass(frozen=True)
class FocusAreaGroup:
    """A goal's focus areas: one chart each, so that every chart fits an A4 landscape page."""

    chart: str  # its chart's name, "focus-areas-1"
    goal: str
    rows: list[CountRow]


@dataclass
class Overview:
    plan: Plan
    year: int
    title: str
    goals: list[CountRow]
    focus_areas: list[FocusAreaGroup]
    funders: list[GroupTotals]
    years: list[YearTotals]
    # The money figures in the year's sums that are interpretations: marks with `project_name`.
    money_marks: list[InterpretationMark]
    # THL's indicators the plan's focus areas follow (`indicators.trends`).
    indicators: list[IndicatorTrend] = field(default_factory=list)

    @property
    def indicator_sources(self) -> str:
        return sources_text(self.indicators)

    @property
    def last_year_recorded(self) -> bool:
        """Whether any action of the comparison year is in the app. A year nobody has entered
        is unknown, shown as "ei tietoa", not as a row of zeros."""
        return any(row.last_year for row in self.goals)

    @property
    def this_year_recorded(self) -> bool:
        return any(row.this_year for row in self.goals)

    @property
    def interpreted_links(self) -> int:
        """This year's focus-area links that are interpretations (for the page's note)."""
        return sum(row.interpreted for group in self.focus_areas for row in group.rows)

    @property
    def charts(self) -> list[str]:
        """The names of its charts, in the order of the page."""
        return [CHARTS[0], *(group.chart for group in self.focus_areas), *CHARTS[2:]]


NONE = (0, 0)  # no action: none counted, none interpreted


def action_counts(areas: list[FocusArea], year: int) -> tuple[dict, dict]:
    """How many actions of this and last year, all divisions, serve each goal and each of the
    focus areas, and how many of those only through interpretations: two dicts of
    (count, interpreted) keyed by (goal id, year) and (focus area id, year).

    Read from the actions counted ahead (`plans.counts`), a few thousand rows, instead of the
    two years' ties (400 000 at a million actions). An action serving two focus areas of a
    goal counts once under the goal, and as interpreted there when none of its links to the
    goal is stated; a link is unique, so once under each area.
    """
    years = [year - 1, year]
    by_goal = (
        GoalCount.objects.filter(goal__in={area.goal_id for area in areas}, year__in=years)
        .values_list("goal", "year")
        .annotate(actions=Sum("actions"), stated=Sum("stated"))
        .order_by()
    )
    by_area = (
        FocusAreaCount.objects.filter(focus_area__in=[area.pk for area in areas], year__in=years)
        .values_list("focus_area", "year")
        .annotate(actions=Sum("actions"), interpreted=Sum("interpreted"))
        .order_by()
    )
    return (
        {
            (goal, each): (count, count - stated_count)
            for goal, each, count, stated_count in by_goal
        },
        {(area, each): (count, interpreted) for area, each, count, interpreted in by_area},
    )


def build_overview(year: int) -> Overview:
    plan = plan_for_year(year)
    areas = list(FocusArea.objects.in_plan(plan).in_report_order())
    goal_counts, area_counts = action_counts(areas, year)
    goals = [
        CountRow(
            # The plan's texts in the reader's language, a Finnish fallback marked: `|shown`
            # on the page, `marked()` in the charts (`common.content`).
            label=shown(goal, "name"),
            this_year=goal_counts.get((goal.pk, year), NONE)[0],
            last_year=goal_counts.get((goal.pk, year - 1), NONE)[0],
            interpreted=goal_counts.get((goal.pk, year), NONE)[1],
        )
        for goal in StrategicGoal.objects.filter(plan=plan).order_by("order")
    ]
    focus_areas: dict[int, FocusAreaGroup] = {}
    for focus_area in areas:
        goal = focus_area.goal
        group = focus_areas.setdefault(
            goal.order,
            FocusAreaGroup(
                chart=f"focus-areas-{goal.order}",
                goal=f"{goal.order} {marked(shown(goal, 'name'))}",
                rows=[],
            ),
        )
        group.rows.append(
            CountRow(
                label=focus_area.shown_numbered,
                this_year=area_counts.get((focus_area.pk, year), NONE)[0],
                last_year=area_counts.get((focus_area.pk, year - 1), NONE)[0],
                interpreted=area_counts.get((focus_area.pk, year), NONE)[1],
            )
        )
    # The money: the project summary's totals of every division, summed by the database.
    return Overview(
        plan=plan,
        year=year,
        title=_("Vuoden %(year)s katsaus: %(plan)s %(period)s")
        % {"year": year, "plan": plan.name, "period": plan.period},
        goals=goals,
        focus_areas=list(focus_areas.values()),
        funders=totals_by_funder(Project.objects.running_in(year)),
        years=totals_by_year(plan_years()),
        money_marks=money_marks(year),
        indicators=trends_for_plan(plan),
    )


def money_marks(year: int) -> list[InterpretationMark]:
    """The marks on the money of the projects running in the year, each with its project's
    name, in one query."""
    marks = InterpretationMark.objects.on_rows(
        {Project: Project.objects.running_in(year).values("pk")}
    ).filter(field_name__in=[field for field, _label in MONEY_SERIES])
    return list(
        marks.annotate(
            # One column: the name in the page's language where there is one, else the
            # Finnish (`values("name")` would select both languages' columns).
            project_name=Subquery(
                Project.objects.rewrite(False)
                .filter(pk=OuterRef("object_id"))
                .values(
                    shown_name=Coalesce(NullIf(f"name_{content_language()}", SqlValue("")), "name")
                )
            )
        ).order_by("project_name", "field_name")
    )


def count(value: int, recorded: bool) -> Value:
    if not recorded:
        return Value(None, _("ei tietoa"))
    return Value(value, str(value))


def money(totals: MoneyTotals, name: str) -> Value:
    """A money bar: the known sum, "n." if it holds an approximate amount and what it leaves
    out ("+ 1 ei tiedossa"); none when no amount of the group is known."""
    known = getattr(totals, f"{name}_sum")
    return Value(known.amount, " ".join(filter(None, [known.text, known.note])))


def year_money(totals: MoneyTotals, name: str) -> Value:
    # A year in which no project runs has no data yet: shown as missing, not as 0 €.
    if not totals.count:
        return Value(None, _("ei tietoa"))
    return money(totals, name)


def render_chart(overview: Overview, name: str) -> bytes:
    year = overview.year
    years = [str(year - 1), str(year)]
    if name == "goals":
        return bar_chart(
            title=_("Toimenpiteet strategisten päämäärien mukaan"),
            description=_(
                "Toimenpiteiden määrä strategisten päämäärien mukaan vuosina %(last_year)s ja "
                "%(year)s."
            )
            % {"last_year": year - 1, "year": year},
            labels=[marked(row.label) for row in overview.goals],
            series=[
                Series(
                    years[0],
                    [count(row.last_year, overview.last_year_recorded) for row in overview.goals],
                ),
                Series(
                    years[1],
                    [count(row.this_year, overview.this_year_recorded) for row in overview.goals],
                ),
            ],
        )
    for group in overview.focus_areas:
        if name == group.chart:
            return bar_chart(
                title=_("Toimenpiteet painopisteittäin: %(goal)s") % {"goal": group.goal},
                description=_(
                    "Toimenpiteiden määrä päämäärän %(goal)s painopisteittäin vuosina "
                    "%(last_year)s ja %(year)s."
                )
                % {"goal": group.goal, "last_year": year - 1, "year": year},
                labels=[marked(row.label) for row in group.rows],
                series=[
                    Series(
                        years[0],
                        [count(row.last_year, overview.last_year_recorded) for row in group.rows],
                    ),
                    Series(
                        years[1],
                        [count(row.this_year, overview.this_year_recorded) for row in group.rows],
                    ),
                ],
            )
    if name == "funders":
        return bar_chart(
            title=_("Hankkeiden rahat rahoittajittain %(year)s") % {"year": year},
            description=_(
                "Vuonna %(year)s käynnissä olleiden hankkeiden kustannusarvio, %(share)s ja "
                "omarahoitus rahoittajittain; tuntemattomia summia ei ole piirretty."
            )
            % {"year": year, "share": share_label()},
            labels=[row.label for row in overview.funders],
            series=[
                Series(
                    _(label) if label else share_label(),
                    [money(row.totals, field) for row in overview.funders],
                )
                for field, label in MONEY_SERIES
            ],
        )
    if name == "self-financing":
        return bar_chart(
            title=_("Omarahoitus vuosittain"),
            description=_(
                "Käynnissä olleiden hankkeiden omarahoitus vuosittain; vuosi, jolta ei ole "
                "tietoa, on merkitty ”ei tietoa”."
            ),
            labels=[str(row.year) for row in overview.years],
            series=[
                Series(
                    _("Omarahoitus"),
                    [year_money(row.totals, "self_financing") for row in overview.years],
                )
            ],
        )
    raise KeyError(name)


def chart_sources(overview: Overview, source) -> dict:
    """Where the page finds each chart: `source(name)` gives a URL on screen, a data URI in
    the PDF. The focus areas' charts come as (group, source) pairs, one per goal."""
    return {
        "goals": source("goals"),
        "focus_areas": [(group, source(group.chart)) for group in overview.focus_areas],
        "funders": source("funders"),
        "self_financing": source("self-financing"),
    }
