from common.roles import can_add_actions, can_view_plans, is_coordinator


def workspace_roles(request) -> dict:
    """What the navigation may offer the signed-in user."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "nav_can_view": can_view_plans(user),
        "nav_can_add": can_add_actions(user),
        "nav_is_coordinator": is_coordinator(user),
    }
