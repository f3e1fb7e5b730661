"""The closed-year lock on the paths that go around the action services.

Every write of an action goes through `plans.services`, which checks `Action.clean()`. These
receivers refuse, with the same Finnish message, what would otherwise slip past: deleting a
closed year's action (a QuerySet's `delete()`, a cascade), deleting the open-year source of a
closed year's copy (its `carried_from` would be emptied), deleting a decision that a closed
year's action names, deleting the interpretation mark of a closed year's figure, and changing a closed year's focus-area or decision links from the other
side (`focus_area.actions.remove(...)`).

A receiver on a model makes Django delete its rows one by one instead of in one query; that
is the price of the check.

The search document of actions (`Action.search_text`) is kept current here too: after an
action is saved, after its focus-area links change (from either side) and after a focus
area's text changes. The bulk writes of `plans.services.import_actions` send no signals and
refresh it themselves.

So are the actions counted ahead (`plans.counts`): after an action is saved or deleted (its
old and new place), after its focus-area links or their marks change (from either side) and
after a focus area moves under another goal. Inside a service they are counted once, when it
ends (`counts.counted_once`).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from plans.counts import places_changed, places_of
from plans.models import (
    Action,
    ActionFocusArea,
    Decision,
    FocusArea,
    InterpretationMark,
    refuse_if_closed,
)

LINK_CHANGES = {"pre_add", "pre_remove", "pre_clear"}


def refuse_deleting_a_closed_years_action(sender, instance: Action, **kwargs):
    # The action itself, or a copy of it in a closed year whose `carried_from` would be emptied.
    refuse_if_closed(Action.objects.filter(Q(pk=instance.pk) | Q(carried_from=instance.pk)))


def refuse_deleting_a_decision_of_a_closed_year(sender, instance: Decision, **kwargs):
    refuse_if_closed(instance.actions.all())


def refuse_deleting_a_mark_of_a_closed_year(sender, instance: InterpretationMark, **kwargs):
    # Saving a mark is checked by `InterpretationMark.clean`; deleting one is a change too.
    if instance.content_type_id == ContentType.objects.get_for_model(Action).pk:
        refuse_if_closed(Action.objects.filter(pk=instance.object_id))


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


SEARCHED_FIELDS = {"title", "description"}


def refresh_search_text_of_saved_action(sender, instance: Action, update_fields=None, **kwargs):
    if update_fields is None or SEARCHED_FIELDS & set(update_fields):
        Action.objects.filter(pk=instance.pk).refresh_search_text()


def refresh_search_text_of_relinked_actions(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:  # an action's own focus areas
        if action in {"post_add", "post_remove", "post_clear"}:
            Action.objects.filter(pk=instance.pk).refresh_search_text()
    elif action == "pre_clear":  # a focus area's actions, which the clear will forget
        instance.cleared_action_ids = list(instance.actions.values_list("pk", flat=True))
    elif action == "post_clear":
        Action.objects.filter(
            pk__in=instance.__dict__.pop("cleared_action_ids", [])
        ).refresh_search_text()
    elif action in {"post_add", "post_remove"}:
        Action.objects.filter(pk__in=pk_set or []).refresh_search_text()


def note_focus_area_text_change(sender, instance: FocusArea, raw=False, **kwargs):
    # A new focus area has no actions yet; a saved one is compared with its stored text, so
    # that reordering focus areas does not rewrite the documents of all their actions.
    stored = None
    if instance.pk is not None and not raw:
        # The Finnish text, which the search document holds (`text` is the active language's).
        stored = FocusArea.objects.filter(pk=instance.pk).values_list("text_fi", "goal").first()
    instance.text_changed = stored is not None and stored[0] != instance.text_fi
    instance.goal_changed = stored is not None and stored[1] != instance.goal_id


def refresh_search_text_of_focus_areas_actions(sender, instance: FocusArea, **kwargs):
    if instance.__dict__.pop("text_changed", False):
        Action.objects.filter(focus_areas=instance).refresh_search_text()


COUNTED_FIELDS = {"year", "division", "division_id", "status"}


def note_place_of_saved_action(sender, instance: Action, raw=False, update_fields=None, **kw):
    instance.stored_place = None
    if raw or instance.pk is None:
        return
    if update_fields is not None and not COUNTED_FIELDS & set(update_fields):
        return
    instance.stored_place = (
        Action.objects.filter(pk=instance.pk).values_list("year", "division").first()
    )


def count_saved_action(sender, instance: Action, raw=False, update_fields=None, **kwargs):
    if update_fields is not None and not COUNTED_FIELDS & set(update_fields):
        return
    stored = instance.__dict__.pop("stored_place", None)
    places_changed({(instance.year, instance.division_id), *([stored] if stored else [])})


def count_deleted_action(sender, instance: Action, **kwargs):
    places_changed({(instance.year, instance.division_id)})


def count_relinked_actions(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:  # an action's own focus areas
        if action in {"post_add", "post_remove", "post_clear"}:
            places_changed({(instance.year, instance.division_id)})
    elif action == "pre_clear":  # a focus area's actions, which the clear will forget
        instance.cleared_places = places_of(instance.actions.values_list("pk", flat=True))
    elif action == "post_clear":
        places_changed(instance.__dict__.pop("cleared_places", set()))
    elif action in {"post_add", "post_remove"}:
        places_changed(places_of(pk_set or []))


def count_changed_link(sender, instance: ActionFocusArea, raw=False, **kwargs):
    """A link saved by itself (its mark changed, say), not through `.set()`. A link deleted
    goes with its action (counted by `count_deleted_action`) or through `.set()`/`.remove()`;
    the import's bulk deletions count their places themselves."""
    if not raw:
        places_changed(places_of([instance.action_id]))


def count_actions_of_moved_focus_area(sender, instance: FocusArea, **kwargs):
    if instance.__dict__.pop("goal_changed", False):
        places_changed(
            places_of(Action.objects.filter(focus_areas=instance).values_list("pk", flat=True))
        )


def connect():
    pre_save.connect(note_place_of_saved_action, sender=Action, dispatch_uid="counts_action_pre")
    post_save.connect(count_saved_action, sender=Action, dispatch_uid="counts_action")
    post_delete.connect(count_deleted_action, sender=Action, dispatch_uid="counts_action_del")
    m2m_changed.connect(
        count_relinked_actions, sender=Action.focus_areas.through, dispatch_uid="counts_links"
    )
    post_save.connect(count_changed_link, sender=ActionFocusArea, dispatch_uid="counts_link")
    post_save.connect(
        count_actions_of_moved_focus_area, sender=FocusArea, dispatch_uid="counts_area"
    )
    post_save.connect(
        refresh_search_text_of_saved_action, sender=Action, dispatch_uid="search_text_action"
    )
    m2m_changed.connect(
        refresh_search_text_of_relinked_actions,
        sender=Action.focus_areas.through,
        dispatch_uid="search_text_links",
    )
    pre_save.connect(
        note_focus_area_text_change, sender=FocusArea, dispatch_uid="search_text_area_pre"
    )
    post_save.connect(
        refresh_search_text_of_focus_areas_actions,
        sender=FocusArea,
        dispatch_uid="search_text_area",
    )
    pre_delete.connect(
        refuse_deleting_a_closed_years_action, sender=Action, dispatch_uid="closed_year_action"
    )
    pre_delete.connect(
        refuse_deleting_a_decision_of_a_closed_year,
        sender=Decision,
        dispatch_uid="closed_year_decision",
    )
    pre_delete.connect(
        refuse_deleting_a_mark_of_a_closed_year,
        sender=InterpretationMark,
        dispatch_uid="closed_year_mark",
    )
    for field, related_name in [("focus_areas", "actions"), ("decisions", "actions")]:
        m2m_changed.connect(
            refuse_changing_links_of_a_closed_year(related_name),
            sender=getattr(Action, field).through,
            weak=False,
            dispatch_uid=f"closed_year_action_{field}",
        )
