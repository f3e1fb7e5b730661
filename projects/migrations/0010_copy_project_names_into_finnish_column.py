"""Today's project names are Finnish: copy each into `name_fi`, the history rows' too. The
Swedish names stay empty (NULL). Backwards: `name_fi` back into `name`, which keeps it
anyway."""

from django.db import migrations
from django.db.models import F

MODELS = ["project", "historicalproject"]


def copy_into_finnish(apps, schema_editor):
    for model_name in MODELS:
        apps.get_model("projects", model_name)._base_manager.update(name_fi=F("name"))


def copy_back_from_finnish(apps, schema_editor):
    for model_name in MODELS:
        apps.get_model("projects", model_name)._base_manager.exclude(name_fi=None).update(
            name=F("name_fi")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0009_project_name_in_finnish_and_swedish"),
    ]

    operations = [
        migrations.RunPython(copy_into_finnish, copy_back_from_finnish),
    ]
