"""Finding a project by what a person types: an id, its name or short name, or a part of either.

A city has thousands of projects, so no page offers them all as choices. The actions list's
filter looks among the projects some action is linked to (any other would find nothing); the
action form looks among every project, to link a new one.
"""

from django.core.exceptions import ValidationError
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext as _

from common.inputs import MAX_ID
from plans.models import Action
from plans.search import Folded, fold
from projects.models import Project

# The projects a typed text may name, listed beside the field or suggested while typing.
PROJECTS_SHOWN = 20


def linked_projects():
    """Only projects that some action is linked to."""
    linked = Action.projects.through.objects.filter(project=OuterRef("pk"))
    return Project.objects.filter(Exists(linked))


def project_label(project: Project) -> str:
    return project.short_name or project.name


def matching_projects(text: str, *, linked_only: bool = True) -> list[Project]:
    """The projects whose Finnish or Swedish name or short name has `text` in it (ignoring
    case and ä/ö/å), those named exactly so first; at most PROJECTS_SHOWN + 1, in one query."""
    folded = fold(text.strip())
    if not folded:
        return []
    projects = linked_projects() if linked_only else Project.objects.all()
    names = {
        "folded_name": Folded("name_fi"),
        "folded_swedish_name": Folded("name_sv"),
        "folded_short_name": Folded("short_name"),
    }
    exact = Q(*(Q(**{name: folded}) for name in names), _connector=Q.OR)
    contains = Q(*(Q(**{f"{name}__contains": folded}) for name in names), _connector=Q.OR)
    return list(
        projects.only("name_fi", "name_sv", "short_name")
        .alias(**names)
        .filter(contains)
        .alias(exact=Case(When(exact, then=Value(0)), default=Value(1)))
        .order_by("exact", "name_fi", "pk")[: PROJECTS_SHOWN + 1]
    )


def find_project(value: str, *, linked_only: bool = True) -> Project:
    """The one project `value` names: an id, or a text that fits one project, or one
    project exactly among others. ValidationError (in Finnish) otherwise; an ambiguous text's
    error carries the projects to choose from as `params["matches"]`."""
    value = value.strip()
    if value.isascii() and value.isdigit() and int(value) <= MAX_ID:
        project = Project.objects.filter(pk=int(value)).first()
        if project:
            return project
    matches = matching_projects(value, linked_only=linked_only)
    exact = [
        project
        for project in matches
        if fold(value) in {fold(project.name_fi), fold(project.name_sv), fold(project.short_name)}
    ]
    if len(matches) == 1 or len(exact) == 1:
        return exact[0] if exact else matches[0]
    if not matches:
        if linked_only:
            message = _("Hanketta ”%(text)s” ei löytynyt toimenpiteisiin liitetyistä hankkeista.")
        else:
            message = _("Hanketta ”%(text)s” ei löytynyt.")
        raise ValidationError(message, code="no_project", params={"text": value})
    raise ValidationError(
        _("Useampi hanke vastaa hakua ”%(text)s”. Valitse hanke alta tai tarkenna hakua."),
        code="many_projects",
        params={"text": value, "matches": matches[:PROJECTS_SHOWN]},
    )
