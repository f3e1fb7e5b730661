from common.roles import importable_kinds, support_contact


def imports_navigation(request) -> dict:
    """Whether the navigation offers spreadsheet import (the coordinator's and the admin's),
    and whom the refusal page names for asking a role."""
    user = request.user
    return {
        "nav_can_import": user.is_authenticated and bool(importable_kinds(user)),
        "support_contact": support_contact(),
    }
