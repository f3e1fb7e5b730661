"""The demo's indicators: a few focus areas of the Kemi plan follow real Sotkanet indicators.

The indicators (ids, titles, producers) are Sotkanet's own. Their VALUES here are not: this
machine reaches no THL server, so the demo carries a made-up sample, stored with
`Indicator.sample` set and shown everywhere as "esimerkkiaineisto, ei THL:n tietoa". The first
`manage.py sotkanet_fetch` replaces an indicator's sample with THL's figures entirely, and this
loader never writes a sample over fetched values. The targets are examples too
(`FocusAreaIndicator.sample_target`, "esimerkkitavoite, ei kaupungin asettama"): the city's
documents set none. Idempotent: a second run changes nothing.
"""

from collections import Counter
from decimal import Decimal

from django.db import transaction

from indicators.models import Direction, FocusAreaIndicator, Indicator, Region
from indicators.services import link_indicator, set_target, store_indicator
from indicators.sotkanet import IndicatorMeta, ValueEntry
from plans.models import FocusArea, Plan

# The comparison regions before Sotkanet has been asked for its region ids.
REGIONS = [
    ("city", "KUNTA", "240", "Kemi"),
    ("county", "HYVINVOINTIALUE", "21", "Lapin hyvinvointialue"),
    ("country", "MAA", "", "Koko maa"),
]

# Real Sotkanet indicators: id, Finnish title, unit, producer.
INDICATORS = {
    5: (
        "Toimeentulotukea saaneet 25 - 64-vuotiaat, % vastaavan ikäisestä väestöstä",
        "%",
        "Terveyden ja hyvinvoinnin laitos (THL)",
    ),
    4: (
        "Mielenterveyden häiriöihin sairaalahoitoa saaneet 0 - 17-vuotiaat / 1 000 vastaavan "
        "ikäistä",
        "/ 1 000 vastaavan ikäistä",
        "Terveyden ja hyvinvoinnin laitos (THL)",
    ),
    3090: (
        "Poliisin tietoon tulleet törkeät huumausainerikokset / 1 000 asukasta",
        "/ 1 000 asukasta",
        "Tilastokeskus",
    ),
}

# MADE-UP sample values for the demo, NOT THL's figures: (indicator, region role) -> values
# of 2019–2023; None is a year with no value (shown as missing).
SAMPLE_YEARS = [2019, 2020, 2021, 2022, 2023]
SAMPLE = {
    (5, "city"): ["9.0", "9.4", "9.1", "8.6", "8.9"],
    (5, "county"): ["7.0", "7.3", "7.1", "6.8", "6.9"],
    (5, "country"): ["6.0", "6.4", "6.2", "5.9", "6.0"],
    (4, "city"): ["4.0", "4.2", None, "4.6", "4.9"],
    (4, "county"): ["3.5", "3.6", "3.8", "3.9", "4.0"],
    (4, "country"): ["3.0", "3.1", "3.3", "3.4", "3.5"],
    (3090, "city"): ["0.4", "0.3", "0.3", "0.2", "0.2"],
    (3090, "county"): ["0.2", "0.2", "0.2", "0.2", "0.2"],
    (3090, "country"): ["0.3", "0.3", "0.3", "0.3", "0.3"],
}

# Focus areas (found by goal order and text) -> indicator, the direction of an EXAMPLE target:
# the city's documents set no indicator targets, so these are stored with `sample_target` and
# shown everywhere as "esimerkkitavoite, ei kaupungin asettama" until the coordinator saves
# the city's own. They show how a target is followed; no target value is invented.
LINKS = [
    (1, "Syrjäytymisen ehkäisy", 5, Direction.DOWN),
    (1, "Hyvinvoinnin ongelmien ennalta ehkäisyyn panostaminen", 4, Direction.DOWN),
    (
        3,
        "Turvallisuuden parantaminen ja rikosten ennalta ehkäisyyn panostaminen",
        3090,
        Direction.DOWN,
    ),
]


def load_regions(counts: Counter) -> dict[str, int]:
    ids = {}
    for role, category, code, title in REGIONS:
        region = Region.objects.filter(role=role).first()
        if region is None:
            region = Region(role=role, category=category, code=code, title_fi=title)
            region.full_clean()
            region.save()
            counts["created"] += 1
        ids[role] = region.pk
    return ids


def sample_values(sotkanet_id: int) -> list[ValueEntry]:
    values = []
    for (indicator, role), row in SAMPLE.items():
        if indicator != sotkanet_id:
            continue
        for year, value in zip(SAMPLE_YEARS, row, strict=True):
            if value is not None:
                values.append(ValueEntry(role, year, "total", Decimal(value), None))
    return values


@transaction.atomic
def load_indicator_sample(plan: Plan | None = None) -> Counter:
    """The sample indicators and the Kemi plan's links to them, all or nothing."""
    counts: Counter[str] = Counter()
    plan = plan or Plan.objects.order_by("-start_year").first()
    if plan is None:
        return counts
    region_ids = load_regions(counts)
    for sotkanet_id, (title, unit, producer) in INDICATORS.items():
        existing = Indicator.objects.filter(sotkanet_id=sotkanet_id).first()
        if existing is not None and (not existing.sample or existing.values.exists()):
            # THL's figures (or the sample, already there) stay as they are.
            continue
        meta = IndicatorMeta(
            sotkanet_id=sotkanet_id,
            title_fi=title,
            title_sv=existing.title_sv if existing else "",
            unit=unit,
            decimals=1,
            producer=producer,
            description="",
            data_updated=None,
        )
        stored = store_indicator(
            meta=meta,
            values=sample_values(sotkanet_id),
            years=None,
            sample=True,
            region_ids=region_ids,
        )
        counts["created"] += stored["created"] + stored["values_created"]
    for goal_order, text, sotkanet_id, direction in LINKS:
        focus_area = FocusArea.objects.filter(
            goal__plan=plan, goal__order=goal_order, text=text
        ).first()
        indicator = Indicator.objects.get(sotkanet_id=sotkanet_id)
        if (
            focus_area is None
            or FocusAreaIndicator.objects.filter(
                focus_area=focus_area, indicator=indicator
            ).exists()
        ):
            continue
        link = link_indicator(focus_area=focus_area, indicator=indicator)
        set_target(
            link=link,
            direction=direction,
            target_value=None,
            target_year=plan.end_year,
            sample=True,
        )
        counts["linked"] += 1
    return counts
