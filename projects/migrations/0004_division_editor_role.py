"""Create the division_editor role: reads everything, edits the actions of its own divisions.

Which divisions are a user's own is `Division.editors`; the views check it for each action.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PLAN_MODELS = ["decision", "division", "plan", "strategicgoal", "objective", "focusarea", "action"]
PROJECT_MODELS = [
    "funder",
    "organization",
    "project",
    "projectpartner",
    "divisionperiod",
    "earmarkedpart",
    "projectresult",
    "costsplit",
    "costshare",
]
WANTED = (
    [("plans", f"view_{model}") for model in PLAN_MODELS]
    + [("plans", f"{action}_action") for action in ["add", "change", "delete"]]
    + [("projects", f"view_{model}") for model in PROJECT_MODELS]
)


def create_division_editor_role(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="division_editor")
    group.permissions.set(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in WANTED
    )


def remove_division_editor_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="division_editor").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_budget_history"),
        ("plans", "0002_action_history_and_division_editors"),
    ]

    operations = [migrations.RunPython(create_division_editor_role, remove_division_editor_role)]
