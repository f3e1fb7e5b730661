"""A project's links to a closed year's actions are part of that year: they stay as the board
saw them. Changing them from the project's side (`project.actions.remove(...)`, the admin's
selector) or deleting the project, whose links would go with it, is refused."""

from django.db.models.signals import m2m_changed, pre_delete

from plans.models import refuse_if_closed
from plans.signals import refuse_changing_links_of_a_closed_year
from projects.models import Project


def refuse_deleting_a_project_of_a_closed_year(sender, instance: Project, **kwargs):
    refuse_if_closed(instance.actions.all())


def connect():
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
