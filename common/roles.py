"""Who may see and change what in the coordinator's workspace.

coordinator: edits every action. division_editor: edits the actions of the divisions listed in
`Division.editors`. board and admin: read (the admin edits projects and budgets in the admin).
A signed-in user in no role sees nothing.
"""

from django.core.exceptions import PermissionDenied

COORDINATOR = "coordinator"
DIVISION_EDITOR = "division_editor"


def role_names(user) -> set[str]:
    """The user's role groups, read once per request and kept on the user object."""
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return user._role_names


def is_coordinator(user) -> bool:
    return user.is_superuser or COORDINATOR in role_names(user)


def editable_division_ids(user) -> set[int]:
    if not hasattr(user, "_editable_division_ids"):
        if DIVISION_EDITOR in role_names(user):
            user._editable_division_ids = set(user.editable_divisions.values_list("pk", flat=True))
        else:
            user._editable_division_ids = set()
    return user._editable_division_ids


def can_view_plans(user) -> bool:
    return user.is_authenticated and user.has_perm("plans.view_action")


def can_add_actions(user) -> bool:
    return is_coordinator(user) or bool(editable_division_ids(user))


def can_edit_action(user, action) -> bool:
    return is_coordinator(user) or action.division_id in editable_division_ids(user)


def require_view(user) -> None:
    if not can_view_plans(user):
        raise PermissionDenied("Sinulla ei ole oikeutta nähdä suunnitelman tietoja.")


def require_coordinator(user) -> None:
    if not is_coordinator(user):
        raise PermissionDenied("Vain hyte-koordinaattori voi tehdä tämän.")


def require_can_add(user) -> None:
    require_view(user)
    if not can_add_actions(user):
        raise PermissionDenied("Sinulla ei ole oikeutta lisätä toimenpiteitä.")
