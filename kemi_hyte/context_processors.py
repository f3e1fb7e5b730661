from imports.views import allowed_kinds


def imports_navigation(request) -> dict:
    """Whether the navigation offers spreadsheet import (the coordinator's and the admin's)."""
    user = request.user
    return {"nav_can_import": user.is_authenticated and bool(allowed_kinds(user))}
