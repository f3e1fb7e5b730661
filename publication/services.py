"""Publishing a closed year to the citizens and withdrawing it: the only writers of
`Publication`.

A reopened year keeps its published copy: what the public reads is what the board decided and
the city published, until someone withdraws it or publishes the year again once it is closed
anew. The coordinator's page (`views.manage`) points out such a year.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import Division, Plan, YearClosing
from publication.models import Publication
from publication.snapshot import build_snapshot


@transaction.atomic
def publish_year(
    *, plan: Plan, year: int, division: Division, decision_reference: str, published_by
) -> Publication:
    """Publish the closed year of the division with a frozen copy of its public fields.

    A year already published is published again: the earlier copy is withdrawn in the same
    transaction, so the public pages go from one copy to the other at once. Refused for a year
    the board has not closed (or that was reopened).
    """
    decision_reference = " ".join(decision_reference.split())
    if not decision_reference:
        raise ValidationError(
            {
                "decision_reference": _(
                    "Kirjoita päätös, jolla vuosi julkaistaan, esim. "
                    "Hyvinvointilautakunta 12.3.2024 § 15."
                )
            },
            code="required",
        )
    # One publication at a time per plan, as the closings are (plans/closing.py).
    Plan.objects.select_for_update(no_key=True).filter(pk=plan.pk).values_list("pk").first()
    closing = (
        YearClosing.objects.in_force()
        .covering(plan_id=plan.pk, year=year, division_id=division.pk)
        .first()
    )
    if closing is None:
        raise ValidationError(
            _(
                "Vuotta %(year)s ei ole suljettu toimialalla %(division)s: vain vuoden, jonka "
                "lautakunta on käsitellyt, voi julkaista."
            )
            % {"year": year, "division": division.name},
            code="not_closed",
        )
    now = timezone.now()
    for earlier in Publication.objects.in_force().filter(plan=plan, year=year, division=division):
        earlier.withdrawn_at = now
        earlier.withdrawn_by = published_by
        earlier.save(update_fields=["withdrawn_at", "withdrawn_by"])
    publication = Publication(
        plan=plan,
        year=year,
        division=division,
        division_slug=division.slug,
        decision_reference=decision_reference,
        published_at=now,
        published_by=published_by,
        snapshot=build_snapshot(plan=plan, year=year, division=division, closing=closing),
    )
    publication.full_clean()
    publication.save()
    return publication


@transaction.atomic
def withdraw(*, publication: Publication, withdrawn_by) -> Publication:
    """Take the year off every public page and file; the row stays as the record."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.withdrawn_at is not None:
        raise ValidationError(_("Julkaisu on jo peruttu."), code="already_withdrawn")
    publication.withdrawn_at = timezone.now()
    publication.withdrawn_by = withdrawn_by
    publication.full_clean()
    publication.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return publication
