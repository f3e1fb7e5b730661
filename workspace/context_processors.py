from common.roles import can_add_actions, can_carry_forward, can_publish_year, can_read


def workspace_roles(request) -> dict:
    """What the navigation may offer the signed-in user."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "nav_can_view": can_read(user),
        "nav_can_add": can_add_actions(user),
        "nav_is_coordinator": can_carry_forward(user),
        "nav_can_publish": can_publish_year(user),
    }
