"""Finalizing a year: the board's decision locks a division's actions of a plan year.

The coordinator records the decision (`close_year`); only an admin reopens (`reopen_year`).
Both keep the row, so the closings of a year are its history.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.models import Action, Decision, Division, Plan, YearClosing


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
    confirm_unreviewed: bool = False,
) -> YearClosing:
    """Record that the board took note of the annual table; reuses a decision already on file.

    Carried-forward text that nobody has reviewed (`Action.needs_review`) would go to the board
    as if it were this year's: closing such a year is refused unless the coordinator confirms
    it (`confirm_unreviewed`), and the closing records how many there were.

    Closings of a plan are recorded one at a time: the plan's row is locked first (a lock that
    lets actions be written meanwhile), so of two coordinators closing the same year at once
    the second waits and is then refused with a message. The year's actions are locked too, so
    an edit or a deletion under way finishes before the year closes, or waits and is refused.
    """
    Plan.objects.select_for_update(no_key=True).filter(pk=plan.pk).values_list("pk").first()
    closed = (
        YearClosing.objects.in_force()
        .covering(plan_id=plan.pk, year=year, division_id=division.pk)
        .select_related("decision")
        .first()
    )
    if closed:
        raise ValidationError(
            _(
                "Vuosi on jo käsitelty: toimialan %(division)s vuosi %(year)s on jo lukittu "
                "(%(decision)s)."
            )
            % {"division": division, "year": year, "decision": closed.decision},
            code="already_closed",
        )
    locked = list(
        Action.objects.select_for_update()
        .filter(plan=plan, year=year, division=division)
        .values_list("pk", "needs_review")
    )
    unreviewed = sum(1 for _pk, needs_review in locked if needs_review)
    if unreviewed and not confirm_unreviewed:
        raise ValidationError(
            {"confirm_unreviewed": unreviewed_message(unreviewed)}, code="unreviewed_text"
        )
    decision = decision_on_file(body=body, date=date, section=section)
    if decision is None:
        decision = Decision(
            body=body,
            date=date,
            section=section,
            title=f"Hyvinvointisuunnitelman toimenpiteet vuodelta {year}, {division.name.lower()}",
            outcome=Decision.Outcome.NOTED,
        )
        decision.full_clean()
        try:
            with transaction.atomic():
                decision.save()
        except IntegrityError:
            # Recorded meanwhile by a closing of another plan: the same decision.
            decision = decision_on_file(body=body, date=date, section=section)
    closing = YearClosing(
        plan=plan,
        year=year,
        division=division,
        decision=decision,
        closed_by=closed_by,
        closed_at=timezone.now(),
        unreviewed_count=unreviewed,
    )
    closing.full_clean()
    closing.save()
    return closing


def unreviewed_count(*, plan: Plan, year: int, division: Division) -> int:
    """How many of the year's actions still carry text nobody has reviewed."""
    return (
        Action.objects.in_plan(plan).for_year(year).in_division(division).needing_review().count()
    )


def unreviewed_message(count: int) -> str:
    return ngettext(
        "Vuodessa on %(count)s tarkistamaton siirretty teksti. Tarkista se toimenpiteen sivulla "
        "tai vahvista, että vuosi suljetaan silti.",
        "Vuodessa on %(count)s tarkistamatonta siirrettyä tekstiä. Tarkista ne toimenpiteiden "
        "sivuilla tai vahvista, että vuosi suljetaan silti.",
        count,
    ) % {"count": count}


def decision_on_file(*, body: str, date: datetime.date, section: int | None) -> Decision | None:
    return Decision.objects.filter(body=body, date=date, section=section).first()


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
