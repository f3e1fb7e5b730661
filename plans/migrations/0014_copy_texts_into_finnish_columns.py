"""Today's texts are Finnish: copy each into its Finnish column (`title` → `title_fi`), the
history rows' too. The Swedish columns stay empty (NULL) until someone writes them.
Backwards: the Finnish column back into the original, which keeps it anyway."""

from django.db import migrations
from django.db.models import F

TEXTS = {
    "strategicgoal": ["name"],
    "objective": ["text"],
    "focusarea": ["text"],
    "action": ["title", "description"],
    "historicalaction": ["title", "description"],
}


def copy_into_finnish(apps, schema_editor):
    for model_name, fields in TEXTS.items():
        model = apps.get_model("plans", model_name)
        model._base_manager.update(**{f"{field}_fi": F(field) for field in fields})


def copy_back_from_finnish(apps, schema_editor):
    for model_name, fields in TEXTS.items():
        model = apps.get_model("plans", model_name)
        model._base_manager.exclude(**{f"{fields[0]}_fi": None}).update(
            **{field: F(f"{field}_fi") for field in fields}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0013_texts_in_finnish_and_swedish"),
    ]

    operations = [
        migrations.RunPython(copy_into_finnish, copy_back_from_finnish),
    ]
