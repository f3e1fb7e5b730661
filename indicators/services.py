"""Every write of the indicators: Sotkanet's answers into the database, and the coordinator's
links and targets. Each function is one transaction and checks what it writes (`full_clean`),
whatever calls it: the pages, the command, the demo loader.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from indicators.models import FocusAreaIndicator, Indicator, IndicatorValue, Region
from indicators.sotkanet import (
    CatalogueEntry,
    IndicatorMeta,
    Sotkanet,
    ValueEntry,
    comparison_regions,
)

FOUR_PLACES = Decimal("0.0001")


def default_years(today: datetime.date | None = None) -> list[int]:
    """The years fetched when none are named: `SOTKANET_FIRST_YEAR` up to this year."""
    today = today or datetime.date.today()
    return list(range(settings.SOTKANET_FIRST_YEAR, today.year + 1))


@transaction.atomic
def store_catalogue(entries: list[CatalogueEntry]) -> Counter:
    """The whole indicator list: new indicators are added and changed titles updated; an
    indicator Sotkanet no longer lists stays, as focus areas may still follow it."""
    counts = Counter()
    existing = {
        row.sotkanet_id: row
        for row in Indicator.objects.only("pk", "sotkanet_id", "title_fi", "title_sv")
    }
    new, changed = [], []
    for entry in entries:
        row = existing.get(entry.sotkanet_id)
        if row is None:
            new.append(
                Indicator(
                    sotkanet_id=entry.sotkanet_id, title_fi=entry.title_fi, title_sv=entry.title_sv
                )
            )
        elif (row.title_fi, row.title_sv) != (entry.title_fi, entry.title_sv):
            row.title_fi, row.title_sv = entry.title_fi, entry.title_sv
            changed.append(row)
    Indicator.objects.bulk_create(new, batch_size=500)
    Indicator.objects.bulk_update(changed, ["title_fi", "title_sv"], batch_size=500)
    counts["created"] += len(new)
    counts["updated"] += len(changed)
    return counts


@transaction.atomic
def store_regions(entries_by_role: dict) -> Counter:
    """The comparison regions, one per role (`sotkanet.comparison_regions`)."""
    counts = Counter()
    for role, entry in entries_by_role.items():
        values = {
            "sotkanet_id": entry.sotkanet_id,
            "category": entry.category,
            "code": entry.code,
            "title_fi": entry.title_fi,
        }
        region = Region.objects.filter(role=role).first()
        if region is None:
            region = Region(role=role, **values)
            counts["created"] += 1
        elif any(getattr(region, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(region, name, value)
            counts["updated"] += 1
        else:
            continue
        region.full_clean()
        region.save()
    return counts


def value_key(region_id: int, year: int, gender: str) -> tuple:
    return (region_id, year, gender)


@transaction.atomic
def store_indicator(
    *,
    meta: IndicatorMeta,
    values: list[ValueEntry],
    years: list[int] | None,
    sample: bool = False,
    region_ids: dict | None = None,
) -> Counter:
    """One indicator's metadata and values in the comparison regions, all or nothing.

    Values of other regions are left out. The indicator's stored values of the `years` (all of
    them when None) are made equal to the answer: a year the answer no longer has is deleted,
    so it shows as missing. A fetch (`sample=False`) replaces a demo sample entirely, whatever
    the years: the sample is never mixed with THL's figures. Running it again with the same
    answer changes nothing.

    A value's region is Sotkanet's region id; `region_ids` maps other keys to regions (the
    demo's sample names them by role, before Sotkanet has given the ids)."""
    counts = Counter()
    indicator = Indicator.objects.select_for_update().filter(sotkanet_id=meta.sotkanet_id).first()
    fields = {
        "title_fi": meta.title_fi,
        "title_sv": meta.title_sv,
        "unit": meta.unit,
        "decimals": meta.decimals,
        "producer": meta.producer,
        "description": meta.description,
        "data_updated": meta.data_updated,
        "sample": sample,
    }
    replacing_sample = indicator is not None and indicator.sample and not sample
    if indicator is None:
        indicator = Indicator(sotkanet_id=meta.sotkanet_id, **fields)
        counts["created"] += 1
        indicator.full_clean()
        indicator.save()
    elif any(getattr(indicator, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(indicator, name, value)
        counts["updated"] += 1
        indicator.full_clean()
        indicator.save()

    regions = region_ids or dict(
        Region.objects.filter(sotkanet_id__isnull=False).values_list("sotkanet_id", "pk")
    )
    stored = IndicatorValue.objects.filter(indicator=indicator)
    if years is not None and not replacing_sample:
        stored = stored.filter(year__in=years)
    existing = {
        value_key(row.region_id, row.year, row.gender): row for row in stored.order_by("pk")
    }
    wanted = {}
    for entry in values:
        region_id = regions.get(entry.region)
        if region_id is None:
            continue  # a region the city does not compare itself with
        if years is not None and entry.year not in years:
            continue
        # Four decimals are kept (Sotkanet gives one or two).
        entry = replace(
            entry,
            value=entry.value.quantize(FOUR_PLACES),
            absolute_value=None
            if entry.absolute_value is None
            else entry.absolute_value.quantize(FOUR_PLACES),
        )
        wanted[value_key(region_id, entry.year, entry.gender)] = entry

    new, changed = [], []
    for key, entry in wanted.items():
        row = existing.pop(key, None)
        if row is None:
            new.append(
                IndicatorValue(
                    indicator=indicator,
                    region_id=key[0],
                    year=entry.year,
                    gender=entry.gender,
                    value=entry.value,
                    absolute_value=entry.absolute_value,
                )
            )
        elif not same(row.value, entry.value) or not same(row.absolute_value, entry.absolute_value):
            row.value, row.absolute_value = entry.value, entry.absolute_value
            changed.append(row)
    for row in new + changed:
        # The fields only: the unique constraint is the database's, checked once by the insert.
        row.full_clean(
            exclude=["indicator", "region"], validate_unique=False, validate_constraints=False
        )
    IndicatorValue.objects.bulk_create(new)
    IndicatorValue.objects.bulk_update(changed, ["value", "absolute_value"])
    deleted = [row.pk for row in existing.values()]
    IndicatorValue.objects.filter(pk__in=deleted).delete()
    counts["values_created"] += len(new)
    counts["values_updated"] += len(changed)
    counts["values_deleted"] += len(deleted)
    return counts


def same(stored: Decimal | None, fetched: Decimal | None) -> bool:
    if stored is None or fetched is None:
        return stored is fetched
    return stored == fetched


@dataclass
class FetchResult:
    catalogue: Counter
    regions: Counter
    indicators: dict[int, Counter]

    @property
    def changed(self) -> int:
        return (
            sum(self.catalogue.values())
            + sum(self.regions.values())
            + sum(sum(counts.values()) for counts in self.indicators.values())
        )


def fetch(
    *,
    client: Sotkanet,
    indicator_ids: list[int] | None = None,
    years: list[int] | None = None,
    catalogue: bool = True,
) -> FetchResult:
    """The catalogue, the comparison regions, and each indicator's metadata and values.
    Without `indicator_ids`, the indicators some focus area follows.

    Every answer is read first: a `SotkanetError` on any of them (a refusal, a timeout, a
    broken answer) stops the fetch before anything is written. Then each indicator is written
    in a transaction of its own."""
    years = years or default_years()
    entries = client.catalogue() if catalogue else None
    regions = comparison_regions(
        client.regions(), settings.HYTE_CITY_NUMBER, settings.SOTKANET_COUNTY_CODE
    )
    if indicator_ids is None:
        indicator_ids = list(
            Indicator.objects.linked().order_by("sotkanet_id").values_list("sotkanet_id", flat=True)
        )
    answers = [
        (client.indicator(sotkanet_id), client.values(sotkanet_id, years))
        for sotkanet_id in indicator_ids
    ]
    result = FetchResult(Counter(), Counter(), {})
    if entries is not None:
        result.catalogue = store_catalogue(entries)
    result.regions = store_regions(regions)
    for meta, values in answers:
        result.indicators[meta.sotkanet_id] = store_indicator(meta=meta, values=values, years=years)
    return result


# --- the coordinator's links -----------------------------------------------------------------


@transaction.atomic
def link_indicator(*, focus_area, indicator: Indicator) -> FocusAreaIndicator:
    """The focus area follows the indicator, placed last, with no target: the coordinator
    sets one afterwards (`set_target`)."""
    last = FocusAreaIndicator.objects.filter(focus_area=focus_area).order_by("-order").first()
    link = FocusAreaIndicator(
        focus_area=focus_area,
        indicator=indicator,
        order=(last.order + 1) if last else 1,
    )
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def set_target(
    *,
    link: FocusAreaIndicator,
    direction: str,
    target_value: Decimal | None,
    target_year: int | None,
    sample: bool = False,
) -> FocusAreaIndicator:
    """The target as the coordinator saves it; `sample` only for the demo's example target,
    which every page and export marks (`models.SAMPLE_TARGET_NOTE`)."""
    link.direction = direction
    link.target_value = target_value
    link.target_year = target_year
    link.sample_target = sample
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def unlink_indicator(*, link: FocusAreaIndicator) -> None:
    link.delete()
