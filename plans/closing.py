"""Finalizing a year: the board's decision locks a division's actions of a plan year.

The coordinator records the decision (`close_year`); only an admin reopens (`reopen_year`).
Both keep the row, so the closings of a year are its history.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import Decision, Division, Plan, YearClosing


@transaction.atomic
def close_year(
    *,
    plan: Plan,
    year: int,
    division: Division,
    body: str,
    date: datetime.date,
    section: int | None,
    closed_by,
) -> YearClosing:
    """Record that the board took note of the annual table; reuses a decision already on file."""
    decision = Decision.objects.filter(body=body, date=date, section=section).first()
    if decision is None:
        decision = Decision(
            body=body,
            date=date,
            section=section,
            title=f"Hyvinvointisuunnitelman toimenpiteet vuodelta {year}, {division.name.lower()}",
            outcome=Decision.Outcome.NOTED,
        )
        decision.full_clean()
        decision.save()
    closing = YearClosing(
        plan=plan,
        year=year,
        division=division,
        decision=decision,
        closed_by=closed_by,
        closed_at=timezone.now(),
    )
    closing.full_clean()
    closing.save()
    return closing


@transaction.atomic
def reopen_year(*, closing: YearClosing, reopened_by) -> YearClosing:
    """Unlock the year again; the closing row stays, with who reopened it and when."""
    closing = YearClosing.objects.select_for_update().get(pk=closing.pk)
    if closing.reopened_at is not None:
        raise ValidationError(
            _("Vuosi on jo avattu uudelleen."),
            code="already_reopened",
        )
    closing.reopened_by = reopened_by
    closing.reopened_at = timezone.now()
    closing.full_clean()
    closing.save()
    return closing
