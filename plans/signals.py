"""The closed-year lock on the paths that go around the action services.

Every write of an action goes through `plans.services`, which checks `Action.clean()`. These
receivers refuse, with the same Finnish message, what would otherwise slip past: deleting a
closed year's action (a QuerySet's `delete()`, a cascade), deleting the open-year source of a
closed year's copy (its `carried_from` would be emptied), deleting a decision that a closed
year's action names, and changing a closed year's focus-area or decision links from the other
side (`focus_area.actions.remove(...)`).

A receiver on a model makes Django delete its rows one by one instead of in one query; that
is the price of the check.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, pre_delete

from plans.models import Action, Decision, refuse_if_closed

LINK_CHANGES = {"pre_add", "pre_remove", "pre_clear"}


def refuse_deleting_a_closed_years_action(sender, instance: Action, **kwargs):
    # The action itself, or a copy of it in a closed year whose `carried_from` would be emptied.
    refuse_if_closed(Action.objects.filter(Q(pk=instance.pk) | Q(carried_from=instance.pk)))


def refuse_deleting_a_decision_of_a_closed_year(sender, instance: Decision, **kwargs):
    refuse_if_closed(instance.actions.all())


def links_checked_by_the_services(action: Action) -> bool:
    """Whether the services are setting this action's links: they have checked the action
    (`full_clean()`) in the same transaction, so it is not read again."""
    return getattr(action, "links_checked", False)


def refuse_changing_links_of_a_closed_year(related_name: str):
    """An `m2m_changed` receiver for a many-to-many relation to actions; `related_name` is
    the manager that gives the other end's actions."""

    def receiver(sender, instance, action, reverse, pk_set, **kwargs):
        if action not in LINK_CHANGES:
            return
        if isinstance(instance, Action):
            if links_checked_by_the_services(instance):
                return
            refuse_if_closed([instance])
        elif action == "pre_clear":
            refuse_if_closed(getattr(instance, related_name).all())
        else:
            refuse_if_closed(list(pk_set or []))

    return receiver


def connect():
    pre_delete.connect(
        refuse_deleting_a_closed_years_action, sender=Action, dispatch_uid="closed_year_action"
    )
    pre_delete.connect(
        refuse_deleting_a_decision_of_a_closed_year,
        sender=Decision,
        dispatch_uid="closed_year_decision",
    )
    for field, related_name in [("focus_areas", "actions"), ("decisions", "actions")]:
        m2m_changed.connect(
            refuse_changing_links_of_a_closed_year(related_name),
            sender=getattr(Action, field).through,
            weak=False,
            dispatch_uid=f"closed_year_action_{field}",
        )
