"""A project's links to a closed year's actions are part of that year: they stay as the board
saw them. Changing them from the project's side (`project.actions.remove(...)`, the admin's
selector) or deleting the project, whose links would go with it, is refused.

A project's years and its division in each (`ProjectYear`) are written again whenever it or
one of its division periods is saved or deleted."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from plans.models import refuse_if_closed
from plans.services import note_links_changed_elsewhere
from plans.signals import refuse_changing_links_of_a_closed_year
from projects.models import DivisionPeriod, Project, refresh_project_years


def write_years_of_saved_project(sender, instance: Project, raw=False, **kwargs):
    refresh_project_years([instance.pk])


def write_years_of_changed_period(sender, instance: DivisionPeriod, origin=None, **kwargs):
    # A period deleted with its project leaves nothing to write: the project's years go too.
    if isinstance(origin, Project) or getattr(origin, "model", None) is Project:
        return
    refresh_project_years([instance.project_id])


def refuse_deleting_a_project_of_a_closed_year(sender, instance: Project, **kwargs):
    refuse_if_closed(instance.actions.all())


def raise_versions_of_relinked_actions(sender, instance, action, reverse, pk_set, **kwargs):
    """A project's actions changed from the project's side: the actions' versions rise.

    From the action's side (`reverse`) the action services write the links and the version."""
    if reverse:
        return
    if action == "pre_clear":
        instance.cleared_action_ids = set(instance.actions.values_list("pk", flat=True))
    elif action == "post_clear":
        note_links_changed_elsewhere(action_ids=instance.__dict__.pop("cleared_action_ids", ()))
    elif action in {"post_add", "post_remove"} and pk_set:
        note_links_changed_elsewhere(action_ids=pk_set)


def connect():
    post_save.connect(write_years_of_saved_project, sender=Project, dispatch_uid="project_years")
    post_save.connect(
        write_years_of_changed_period, sender=DivisionPeriod, dispatch_uid="project_years_period"
    )
    post_delete.connect(
        write_years_of_changed_period,
        sender=DivisionPeriod,
        dispatch_uid="project_years_period_del",
    )
    m2m_changed.connect(
        raise_versions_of_relinked_actions,
        sender=Project.actions.through,
        dispatch_uid="versions_of_project_actions",
    )
    m2m_changed.connect(
        refuse_changing_links_of_a_closed_year("actions"),
        sender=Project.actions.through,
        weak=False,
        dispatch_uid="closed_year_project_actions",
    )
    pre_delete.connect(
        refuse_deleting_a_project_of_a_closed_year,
        sender=Project,
        dispatch_uid="closed_year_project",
    )
