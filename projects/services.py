"""Writes that touch several rows at once, each in one transaction."""

from decimal import Decimal

from django.db import transaction

from projects.models import CostShare, CostSplit, Organization, validate_shares_total


@transaction.atomic
def set_cost_shares(*, split: CostSplit, shares: dict[Organization, Decimal]) -> list[CostShare]:
    """Replace the shares of a split; all of them or, if they do not add up to 100 %, none."""
    validate_shares_total(shares.values())
    split.shares.all().delete()
    created = []
    for organization, percent in shares.items():
        share = CostShare(split=split, organization=organization, percent=percent)
        share.full_clean(exclude=["split"])
        share.save()
        created.append(share)
    return created
