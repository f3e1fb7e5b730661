"""The annual wellbeing-plan table of one division (the layout of the city's `002_…` document)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import CharField, Value
from django.http import Http404
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from common.content import Shown, marked, shown_of
from indicators.trends import IndicatorTrend, sources_text, trends_for_plan
from plans.models import Action, Division, FocusArea, Objective, Plan, StrategicGoal, YearClosing

# Statuses printed beside an action: done and ongoing work is what the table reports as
# realized, so only the others need saying.
STATUSES_SHOWN = {Action.Status.PLANNED, Action.Status.NOT_REALIZED}
STATUS_LABELS = dict(Action.Status.choices)


# Written after the text of an action carried forward from the previous year and not yet
# reviewed (`Action.needs_review`), in every format of the report: the board must not read
# last year's words as this year's.
UNREVIEWED_MARK = gettext_lazy("(teksti tarkistamatta)")


@dataclass(frozen=True)
class ActionRow:
    text: Shown
    status: str = ""
    needs_review: bool = False

    @property
    def full_text(self) -> str:
        """The text as a file without styles prints it: with its status and review mark (and
        on a Swedish report, a Finnish text's mark, `common.content.marked`)."""
        parts = [marked(self.text)]
        if self.status:
            parts.append(f"({self.status})")
        if self.needs_review:
            parts.append(str(UNREVIEWED_MARK))
        return " ".join(parts)


# The plan's texts are in the reader's language where translated, else Finnish and marked
# (`common.content.Shown`): pages show them with `|shown`, files with `marked()`.
@dataclass
class GoalSection:
    band: Shown
    objectives: list[Shown]
    focus_areas: list[Shown]
    actions: list[ActionRow] = field(default_factory=list)
    # THL's indicators its focus areas follow (`indicators.trends`), in the plan's order.
    indicators: list[IndicatorTrend] = field(default_factory=list)


@dataclass(frozen=True)
class ClosingRow:
    pk: int
    decision: str
    closed_by: str
    closed_at: object
    reopened_by: str
    reopened_at: object

    @property
    def in_force(self) -> bool:
        return self.reopened_at is None


@dataclass
class AnnualReport:
    plan: Plan
    division: Division
    year: int
    title: str
    objectives_heading: str
    focus_areas_heading: str
    actions_heading: str
    strategy_label: str
    plan_label: str
    goals: list[GoalSection]
    action_count: int
    closings: list[ClosingRow]
    unreviewed_count: int = 0

    @property
    def unreviewed_note(self) -> str:
        """The note at the top counting the actions whose carried text is not reviewed."""
        if not self.unreviewed_count:
            return ""
        return ngettext(
            "%(count)s toimenpiteen teksti on siirretty edellisestä vuodesta eikä sitä ole "
            "vielä tarkistettu; se on merkitty %(mark)s.",
            "%(count)s toimenpiteen teksti on siirretty edellisestä vuodesta eikä niitä ole "
            "vielä tarkistettu; ne on merkitty %(mark)s.",
            self.unreviewed_count,
        ) % {"count": self.unreviewed_count, "mark": UNREVIEWED_MARK}

    @property
    def indicators(self) -> list[IndicatorTrend]:
        return [trend for goal in self.goals for trend in goal.indicators]

    @property
    def indicator_sources(self) -> str:
        return sources_text(self.indicators)

    @property
    def closing_in_force(self) -> ClosingRow | None:
        return next((closing for closing in self.closings if closing.in_force), None)


def genitive(name: str) -> str:
    """`Hyvinvointisuunnitelma` → `Hyvinvointisuunnitelman`; a name ending in a digit gets `:n`."""
    return f"{name}n" if name[-1:].isalpha() else f"{name}:n"


def plan_for_year(year: int) -> Plan:
    """The plan whose period includes the year (the newest if periods overlap), or 404."""
    plan = Plan.objects.covering(year).select_related("decision").order_by("-start_year").first()
    if plan is None:
        raise Http404(
            _("Vuosi %(year)s ei kuulu yhteenkään hyvinvointisuunnitelmaan.") % {"year": year}
        )
    return plan


def division_by_slug(slug: str) -> Division:
    division = Division.objects.filter(slug=slug).first()
    if division is None:
        raise Http404(_("Toimialaa %(slug)s ei ole.") % {"slug": slug})
    return division


def user_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def annual_title(plan: Plan, year: int, division: Division) -> str:
    """The table's title, in Finnish "Hyvinvointisuunnitelman 2022–25 toimenpiteet vuodelta
    2023, hyvinvointitoimiala": the plan's name in the genitive, which no other language's
    grammar shares, so the other languages get the name as it is."""
    name = genitive(plan.name) if get_language() == "fi" else plan.name
    return _("%(plan)s %(period)s toimenpiteet vuodelta %(year)s, %(division)s") % {
        "plan": name,
        "period": plan.period,
        "year": year,
        "division": f"{division.name[:1].lower()}{division.name[1:]}",
    }


def build_annual_report(year: int, division_slug: str) -> AnnualReport:
    plan = plan_for_year(year)
    division = division_by_slug(division_slug)

    # Plain values rather than model objects (a report of a hundred actions built some 350
    # objects, which cost more than its queries), and the goals with their objectives and
    # focus areas in one query: rows of (kind, goal, position, text).
    # The texts by their columns, Finnish and Swedish (a `values_list` of `name` would be
    # modeltranslation's, which a union cannot take).
    def rows(queryset, kind: str, goal: str, text: str):
        return (
            queryset.rewrite(False)
            .order_by()
            .values_list(
                Value(kind, output_field=CharField()), goal, "order", f"{text}_fi", f"{text}_sv"
            )
        )

    outline = rows(StrategicGoal.objects.filter(plan=plan), "goal", "pk", "name").union(
        rows(Objective.objects.filter(goal__plan=plan), "objectives", "goal_id", "text"),
        rows(FocusArea.objects.filter(goal__plan=plan), "focus_areas", "goal_id", "text"),
        all=True,
    )
    outline = sorted(outline.order_by(), key=lambda row: row[2])
    sections = {
        goal_id: GoalSection(
            band=shown_of(name, {"sv": swedish}).upper(), objectives=[], focus_areas=[]
        )
        for kind, goal_id, _order, name, swedish in outline
        if kind == "goal"
    }
    for kind, goal_id, _order, text, swedish in outline:
        if kind != "goal":
            getattr(sections[goal_id], kind).append(shown_of(text, {"sv": swedish}))
    # One row per action and focus area (one with no focus area when it serves none).
    served = (
        Action.objects.in_plan(plan)
        .for_year(year)
        .in_division(division)
        .order_by("order", "pk")
        .values_list(
            "pk",
            "title_fi",
            "description_fi",
            "title_sv",
            "description_sv",
            "status",
            "needs_review",
            "focus_areas__goal_id",
        )
    )
    actions: dict[int, ActionRow] = {}
    goals_served: dict[int, list[int]] = defaultdict(list)
    for pk, title, description, title_sv, description_sv, status, needs_review, goal_id in served:
        if pk not in actions:
            actions[pk] = ActionRow(
                text=shown_of(description or title, {"sv": description_sv or title_sv}),
                status=str(STATUS_LABELS[status]) if status in STATUSES_SHOWN else "",
                needs_review=needs_review,
            )
        if goal_id in sections and goal_id not in goals_served[pk]:
            goals_served[pk].append(goal_id)
    # An action stands under every goal whose focus areas it serves; one that serves none
    # gets its own section at the end, so that no recorded action drops out of the table.
    without_focus_area = GoalSection(
        band=_("TOIMENPITEET ILMAN PAINOPISTETTÄ"), objectives=[], focus_areas=[]
    )
    for pk, row in actions.items():
        for section in [sections[goal_id] for goal_id in goals_served[pk]] or [without_focus_area]:
            section.actions.append(row)
    for trend in trends_for_plan(plan):
        sections[trend.focus_area.goal_id].indicators.append(trend)
    goal_sections = list(sections.values())
    if without_focus_area.actions:
        goal_sections.append(without_focus_area)

    closings = [
        ClosingRow(
            pk=closing.pk,
            decision=closing.decision.reference,
            closed_by=user_name(closing.closed_by),
            closed_at=closing.closed_at,
            reopened_by=user_name(closing.reopened_by),
            reopened_at=closing.reopened_at,
        )
        for closing in YearClosing.objects.covering(
            plan_id=plan.pk, year=year, division_id=division.pk
        )
        .select_related("decision", "closed_by", "reopened_by")
        .order_by("closed_at", "pk")
    ]
    plan_name = f"{plan.name} {plan.period}"
    decision = f" ({plan.decision.reference})" if plan.decision else ""
    return AnnualReport(
        plan=plan,
        division=division,
        year=year,
        title=annual_title(plan, year, division),
        objectives_heading=_("Tavoite"),
        focus_areas_heading=_("Painopisteet") + decision,
        actions_heading=_(
            "Hyvinvointi- ja terveystavoitteiden (painopisteiden) toteutuneet toimenpiteet %(year)s"
        )
        % {"year": year},
        strategy_label=f"{plan.strategy_name}:" if plan.strategy_name else "",
        plan_label=f"{plan_name}:",
        goals=goal_sections,
        action_count=len(actions),
        closings=closings,
        unreviewed_count=sum(action.needs_review for action in actions.values()),
    )
