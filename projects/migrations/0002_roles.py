"""Create the three roles as groups with their permissions.

coordinator edits the plan and its actions, board reads everything, admin manages projects,
budgets and users. The permission lists are frozen here; later changes get their own migration.
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
ALL_ACTIONS = ["view", "add", "change", "delete"]


def perms(app_label, models, actions):
    return [(app_label, f"{action}_{model}") for model in models for action in actions]


ROLES = {
    "coordinator": perms("plans", PLAN_MODELS, ALL_ACTIONS)
    + perms("projects", PROJECT_MODELS, ["view"]),
    "board": perms("plans", PLAN_MODELS, ["view"]) + perms("projects", PROJECT_MODELS, ["view"]),
    "admin": perms("plans", PLAN_MODELS, ["view"])
    + perms("projects", PROJECT_MODELS, ALL_ACTIONS)
    + perms("auth", ["user"], ALL_ACTIONS)
    + perms("auth", ["group"], ["view"]),
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; a fresh database needs them now.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, wanted in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in wanted
        ]
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
        ("plans", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
