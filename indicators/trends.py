"""What every page and export says about a followed indicator: its values by region and year,
the city's latest value, the change since the plan's first year, and whether it moves against
the coordinator's target. Built from the links in two queries, however many indicators and
years there are; the pages and exports only lay it out.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from common.formatting import format_decimal
from indicators.models import (
    LICENCE,
    ROLE_ORDER,
    SAMPLE_NOTE,
    SAMPLE_TARGET_NOTE,
    Direction,
    FocusAreaIndicator,
    IndicatorValue,
    Region,
    moves_against,
)


def target_text(
    direction: str,
    value: Decimal | None,
    year: int | None,
    sample: bool,
    decimals: int,
) -> str:
    """`laskeva, tavoite 7,5 vuoteen 2025 mennessä`; the demo's example target says so
    wherever it is shown: `laskeva vuoteen 2025 mennessä (esimerkkitavoite, ei kaupungin
    asettama)`; "ei asetettu" before the coordinator sets one."""
    if not direction:
        return _("ei asetettu")
    text = str(Direction(direction).label)
    if value is not None:
        text += ", " + _("tavoite %(value)s") % {"value": format_decimal(value, decimals)}
    if year:
        text += " " + _("vuoteen %(year)s mennessä") % {"year": year}
    if sample:
        text += f" ({SAMPLE_TARGET_NOTE})"
    return text


@dataclass
class RegionSeries:
    role: str
    title: str
    values: dict[int, Decimal] = field(default_factory=dict)


@dataclass
class IndicatorTrend:
    link: FocusAreaIndicator
    base_year: int  # the plan's first year: the change is counted from it
    years: list[int]
    series: list[RegionSeries]  # the city first, then its county and the country

    @property
    def indicator(self):
        return self.link.indicator

    @property
    def focus_area(self):
        return self.link.focus_area

    @property
    def city(self) -> RegionSeries | None:
        return next((s for s in self.series if s.role == Region.Role.CITY), None)

    @property
    def latest_year(self) -> int | None:
        return max(self.city.values) if self.city and self.city.values else None

    @property
    def latest_value(self) -> Decimal | None:
        return self.city.values[self.latest_year] if self.latest_year else None

    @property
    def base_value(self) -> Decimal | None:
        return self.city.values.get(self.base_year) if self.city else None

    @property
    def change(self) -> Decimal | None:
        """The city's latest value less its value of the plan's first year; None when either
        is missing or the latest is that year itself."""
        if self.latest_value is None or self.base_value is None:
            return None
        if self.latest_year <= self.base_year:
            return None
        return self.latest_value - self.base_value

    @property
    def against_target(self) -> bool | None:
        if self.change is None:
            return None
        return moves_against(self.link.direction, self.base_value, self.latest_value)

    # --- as text, the same in every format ---

    def number(self, value: Decimal | None) -> str:
        return format_decimal(value, self.indicator.decimals)

    @property
    def latest_text(self) -> str:
        if self.latest_value is None:
            return _("ei tietoa")
        return f"{self.number(self.latest_value)} ({self.latest_year})"

    @property
    def change_text(self) -> str:
        if self.change is None:
            return _("ei tietoa")
        sign = "+" if self.change > 0 else ""
        return f"{sign}{self.number(self.change)} ({self.base_year}–{self.latest_year})"

    @property
    def arrow(self) -> str:
        """The change's arrow as a character, for the XLSX and the DOCX."""
        return {"up": "↑", "down": "↓", "flat": "→"}.get(self.arrow_name, "")

    @property
    def arrow_name(self) -> str:
        """ "up", "down" or "flat"; "" when there is no change to show. The pages and the PDF
        draw it (`indicators/_arrow.html`): the PDF's font has no arrows."""
        if self.change is None:
            return ""
        return "up" if self.change > 0 else "down" if self.change < 0 else "flat"

    @property
    def status_words(self) -> str:
        """How the change stands against the target, in words."""
        if not self.link.direction:
            return _("ei tavoitetta")
        if self.against_target is None:
            return _("ei tietoa")
        if self.against_target:
            return _("vastoin tavoitetta")
        if self.change == 0:
            return _("ei muutosta")
        return _("tavoitteen suuntaan")

    @property
    def status_text(self) -> str:
        """The arrow and the words, as the XLSX and the DOCX print them."""
        return f"{self.arrow} {self.status_words}".strip()

    @property
    def target_text(self) -> str:
        return target_text(
            self.link.direction,
            self.link.target_value,
            self.link.target_year,
            self.link.sample_target,
            self.indicator.decimals,
        )

    @property
    def unit(self) -> str:
        return self.indicator.unit

    @property
    def attribution(self) -> str:
        return self.indicator.attribution

    @property
    def sample(self) -> bool:
        return self.indicator.sample

    @property
    def sample_note(self) -> str:
        return str(SAMPLE_NOTE)

    def table(self) -> list[tuple[int, list[str]]]:
        """Year by year, each region's value as text ("ei tietoa" where there is none)."""
        return [
            (year, [self.number(s.values.get(year)) for s in self.series]) for year in self.years
        ]


def build_trends(links, *, base_year: int, values=None) -> list[IndicatorTrend]:
    """A trend for each link (FocusAreaIndicator with its indicator and focus area read), in
    the links' order. `values` is a QuerySet of the links' indicators' values (by default read
    by the links' indicator ids); the regions and the values are two queries whatever the
    number of links, indicators or years, none of them skipped when there are no links, so a
    page runs the same queries either way. The years run from the plan's first year (or the
    earliest value, if earlier) to the latest value."""
    links = list(links)
    regions = sorted(Region.objects.all(), key=lambda r: ROLE_ORDER.index(r.role))
    if values is None:
        values = IndicatorValue.objects.filter(
            indicator__in=[link.indicator_id for link in links] or [0]
        )
    by_indicator: dict[int, dict[int, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for indicator_id, region_id, year, value in values.filter(
        gender=IndicatorValue.Gender.TOTAL
    ).values_list("indicator_id", "region_id", "year", "value"):
        by_indicator[indicator_id][region_id][year] = value
    trends = []
    for link in links:
        by_region = by_indicator.get(link.indicator_id, {})
        years_known = {year for region in by_region.values() for year in region}
        first = min(years_known | {base_year})
        last = max(years_known | {base_year})
        series = [
            RegionSeries(region.role, region.title_fi, dict(by_region.get(region.pk, {})))
            for region in regions
        ]
        trends.append(
            IndicatorTrend(
                link=link, base_year=base_year, years=list(range(first, last + 1)), series=series
            )
        )
    return trends


def trends_for_plan(plan) -> list[IndicatorTrend]:
    """The plan's followed indicators in the report's order: three queries, always."""
    return build_trends(
        FocusAreaIndicator.objects.in_plan(plan).in_report_order(),
        base_year=plan.start_year,
        values=IndicatorValue.objects.filter(
            indicator__focus_area_links__focus_area__goal__plan=plan
        ),
    )


def trends_for_focus_area(focus_area) -> list[IndicatorTrend]:
    """The focus area's followed indicators: three queries, always."""
    return build_trends(
        FocusAreaIndicator.objects.filter(focus_area=focus_area).in_report_order(),
        base_year=focus_area.goal.plan.start_year,
        values=IndicatorValue.objects.filter(indicator__focus_area_links__focus_area=focus_area),
    )


def sources_text(trends: list[IndicatorTrend]) -> str:
    """The licence and every producer of the trends' indicators, and the sample's notes when
    any value or target is the demo's: printed under the indicators in every report and
    format."""
    producers = sorted({t.indicator.producer for t in trends if t.indicator.producer})
    text = str(LICENCE)
    if producers:
        text += " " + _("Tuottajat: %(names)s.") % {"names": ", ".join(producers)}
    if any(t.sample for t in trends):
        text += " " + _("Arvot: %(note)s.") % {"note": SAMPLE_NOTE}
    if any(t.link.sample_target for t in trends):
        text += " " + _("Tavoitteet: %(note)s.") % {"note": SAMPLE_TARGET_NOTE}
    return text
