"""What the public pages show, worked out from the frozen copies alone (never the live rows).

Texts that depend on the reader's language (statuses, directions, the licence lines) are made
here at request time, so a copy published once reads in Finnish and in Swedish alike.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.timezone import localdate
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from common.content import Shown, shown, shown_of
from common.formatting import (
    format_date,
    format_decimal,
    format_euros,
    format_period,
    format_year_span,
)
from indicators.models import Indicator
from indicators.trends import target_text
from plans.models import Action, Decision

# Statuses printed beside an action, as the annual table does: done and ongoing work is what
# the table reports as realized.
STATUSES_SHOWN = {Action.Status.PLANNED, Action.Status.NOT_REALIZED}


def reference(decision: dict | None) -> str:
    """`KV 3.10.2022 § 77`, by the model's own rule."""
    if not decision:
        return ""
    date = datetime.date.fromisoformat(decision["date"]) if decision["date"] else None
    return Decision(body=decision["body"], date=date, section=decision["section"]).reference


def plan_title(snapshot: dict) -> str:
    plan = snapshot["plan"]
    return f"{plan['name']} {format_year_span(plan['start_year'], plan['end_year'])}"


def euros(amount: str | None, approximate: bool = False) -> str:
    return format_euros(Decimal(amount) if amount is not None else None, approximate=approximate)


@dataclass
class ActionItem:
    text: Shown  # the plan's texts in the reader's language, a Finnish fallback marked
    status: str
    interpreted: list[str]  # numbers of the focus areas whose tie is an interpretation


def action_item(action: dict) -> ActionItem:
    status = action["status"]
    return ActionItem(
        text=shown_of(
            action["description"] or action["title"],
            {"sv": action.get("description_sv") or action.get("title_sv")},
        ),
        status=str(dict(Action.Status.choices)[status]) if status in STATUSES_SHOWN else "",
        interpreted=[link["number"] for link in action["focus_areas"] if link["interpretation"]],
    )


@dataclass
class GoalSection:
    name: Shown
    objectives: list[Shown]
    focus_areas: list[dict]
    actions: list[ActionItem] = field(default_factory=list)


@dataclass
class IndicatorItem:
    focus_area: str
    title: str
    unit: str
    target: str
    latest: str
    regions: list[str]
    rows: list[tuple[int, list[str]]]
    attribution: str


@dataclass
class ProjectItem:
    name: Shown
    funders: str
    period: str
    total_budget: str
    city_share: str
    self_financing: str
    contact: str


@dataclass
class MoneyTotal:
    text: str
    note: str


def money_total(projects: list[dict], key: str) -> MoneyTotal:
    """The sum of the known amounts; unknown is never zero, and what is left out is said."""
    known = [Decimal(project[key]) for project in projects if project[key] is not None]
    unknown = len(projects) - len(known)
    if not known:
        return MoneyTotal(euros(None), "")
    approximate = key == "total_budget" and any(
        project["total_budget_approximate"] for project in projects if project[key] is not None
    )
    note = _("+ %(count)s ei tiedossa") % {"count": unknown} if unknown else ""
    return MoneyTotal(format_euros(sum(known), approximate=approximate), note)


@dataclass
class YearPage:
    title: str
    plan_title: str
    plan_start: int
    plan_end: int
    plan_decision: str
    year: int
    division: str
    division_slug: str
    published_on: str
    decision_reference: str
    closing_decision: str
    goals: list[GoalSection]
    action_count: int
    indicators: list[IndicatorItem]
    projects: list[ProjectItem]
    totals: dict[str, MoneyTotal]
    shows_contacts: bool


def year_page(publication) -> YearPage:
    snapshot = publication.snapshot
    sections = {}
    by_number = {}
    for goal in snapshot["goals"]:
        section = GoalSection(
            name=shown(goal, "name"),
            objectives=[shown(objective, "text") for objective in goal["objectives"]],
            focus_areas=goal["focus_areas"],
        )
        sections[goal["order"]] = section
        for focus_area in goal["focus_areas"]:
            by_number[focus_area["number"]] = section
    without = GoalSection(name=_("Toimenpiteet ilman painopistettä"), objectives=[], focus_areas=[])
    for action in snapshot["actions"]:
        item = action_item(action)
        served = []
        for link in action["focus_areas"]:
            section = by_number[link["number"]]
            if section not in served:
                served.append(section)
        for section in served or [without]:
            section.actions.append(item)
    goals = list(sections.values()) + ([without] if without.actions else [])
    projects = snapshot["projects"]
    return YearPage(
        title=_("%(plan)s: toimenpiteet vuodelta %(year)s, %(division)s")
        % {
            "plan": plan_title(snapshot),
            "year": snapshot["year"],
            "division": snapshot["division"]["name"].lower(),
        },
        plan_title=plan_title(snapshot),
        plan_start=snapshot["plan"]["start_year"],
        plan_end=snapshot["plan"]["end_year"],
        plan_decision=reference(snapshot["plan"]["decision"]),
        year=snapshot["year"],
        division=snapshot["division"]["name"],
        division_slug=publication.division_slug,
        published_on=format_date(localdate(publication.published_at)),
        decision_reference=publication.decision_reference,
        closing_decision=reference(snapshot["closing_decision"]),
        goals=goals,
        action_count=len(snapshot["actions"]),
        indicators=indicator_items(snapshot),
        projects=[project_item(project) for project in projects],
        totals={
            key: money_total(projects, key)
            for key in ("total_budget", "city_share", "self_financing")
        },
        shows_contacts=any("contact_name" in project for project in projects),
    )


def project_name(project: dict) -> Shown:
    name = shown(project, "name")
    short = f" ({project['short_name']})" if project["short_name"] else ""
    return Shown(name.text + short, name.fallback)


def project_item(project: dict) -> ProjectItem:
    contact = ", ".join(
        part for part in (project.get("contact_name"), project.get("contact_title")) if part
    )
    start = datetime.date.fromisoformat(project["start_date"]) if project["start_date"] else None
    end = datetime.date.fromisoformat(project["end_date"]) if project["end_date"] else None
    return ProjectItem(
        name=project_name(project),
        funders=", ".join(funder["name"] or funder["code"] for funder in project["funders"]),
        period=format_period(start, end),
        total_budget=euros(project["total_budget"], project["total_budget_approximate"]),
        city_share=euros(project["city_share"]),
        self_financing=euros(project["self_financing"]),
        contact=contact,
    )


def attribution(indicator: dict) -> str:
    """THL's licence line, by the indicator model's own rule."""
    return Indicator(producer=indicator["producer"], sample=indicator["sample"]).attribution


def indicator_title(indicator: dict) -> str:
    """THL's Swedish title for a Swedish reader, where THL gives one (copies made before it was
    kept have none)."""
    if (get_language() or "").startswith("sv") and indicator.get("title_sv"):
        return indicator["title_sv"]
    return indicator["title_fi"]


def indicator_items(snapshot: dict) -> list[IndicatorItem]:
    regions = snapshot["regions"]
    items = []
    for indicator in snapshot["indicators"]:
        decimals = indicator["decimals"]
        values = {
            (value["region"], value["year"]): Decimal(value["value"])
            for value in indicator["values"]
        }
        years = sorted({year for _role, year in values})
        city = [year for role, year in values if role == "city"]
        latest = (
            f"{format_decimal(values[('city', max(city))], decimals)} ({max(city)})"
            if city
            else _("ei tietoa")
        )
        target = target_text(
            indicator["direction"],
            None if indicator["target_value"] is None else Decimal(indicator["target_value"]),
            indicator["target_year"],
            # Copies published before the example targets were marked have no such key.
            indicator.get("sample_target", False),
            decimals,
        )
        items.append(
            IndicatorItem(
                focus_area=indicator["focus_area"],
                title=indicator_title(indicator),
                unit=indicator["unit"],
                target=target,
                latest=latest,
                regions=[region["title_fi"] for region in regions],
                rows=[
                    (
                        year,
                        [
                            format_decimal(values.get((region["role"], year)), decimals)
                            for region in regions
                        ],
                    )
                    for year in years
                ],
                attribution=attribution(indicator),
            )
        )
    return items


@dataclass
class YearLink:
    year: int
    division: str
    division_slug: str
    published_on: str
    decision_reference: str


@dataclass
class PlanLink:
    title: str
    start_year: int
    end_year: int
    years: list[YearLink]

    @property
    def key(self) -> str:
        return f"{self.start_year}-{self.end_year}"


def published_plans(rows) -> list[PlanLink]:
    """The index's list: rows of (plan name, start, end, year, division name, slug, published
    at, decision), newest plan and year first."""
    plans: dict[str, PlanLink] = {}
    for name, start, end, year, division, slug, published_at, decision in rows:
        plan = plans.setdefault(
            f"{start}-{end}", PlanLink(f"{name} {format_year_span(start, end)}", start, end, [])
        )
        plan.years.append(
            YearLink(year, division, slug, format_date(localdate(published_at)), decision)
        )
    return sorted(plans.values(), key=lambda plan: plan.start_year, reverse=True)


@dataclass
class FocusAreaYears:
    number: str
    text: Shown
    years: list[tuple[str, list[ActionItem]]]  # ("2023, hyvinvointitoimiala", actions)


@dataclass
class PlanGoal:
    name: Shown
    objectives: list[Shown]
    focus_areas: list[FocusAreaYears]


@dataclass
class PlanPage:
    title: str
    decision: str
    goals: list[PlanGoal]
    years: list[YearLink]


def plan_page(publications: list) -> PlanPage:
    """The plan's goals and focus areas, each with its actions of every published year.
    The goals are those of the newest copy; `publications` is newest year first."""
    newest = publications[0].snapshot
    goals = []
    for goal in newest["goals"]:
        focus_areas = []
        for focus_area in goal["focus_areas"]:
            years = []
            for publication in publications:
                snapshot = publication.snapshot
                actions = [
                    action_item(action)
                    for action in snapshot["actions"]
                    if any(link["number"] == focus_area["number"] for link in action["focus_areas"])
                ]
                if actions:
                    label = f"{snapshot['year']}, {snapshot['division']['name'].lower()}"
                    years.append((label, actions))
            focus_areas.append(
                FocusAreaYears(focus_area["number"], shown(focus_area, "text"), years)
            )
        goals.append(
            PlanGoal(
                shown(goal, "name"),
                [shown(objective, "text") for objective in goal["objectives"]],
                focus_areas,
            )
        )
    return PlanPage(
        title=plan_title(newest),
        decision=reference(newest["plan"]["decision"]),
        goals=goals,
        years=[
            YearLink(
                publication.year,
                publication.snapshot["division"]["name"],
                publication.division_slug,
                format_date(localdate(publication.published_at)),
                publication.decision_reference,
            )
            for publication in publications
        ],
    )


def licence() -> dict:
    return {"name": settings.HYTE_PUBLIC_DATA_LICENCE, "url": settings.HYTE_PUBLIC_DATA_LICENCE_URL}
