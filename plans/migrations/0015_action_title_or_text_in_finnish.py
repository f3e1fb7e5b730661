"""An action needs a title or a text in Finnish: the check constraint reads the Finnish
columns, now filled (0014), since an update of `title` writes `title_fi`."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0014_copy_texts_into_finnish_columns"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="action",
            name="action_title_or_text",
        ),
        migrations.AddConstraint(
            model_name="action",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("title_fi__isnull", False), models.Q(("title_fi", ""), _negated=True)
                    ),
                    models.Q(
                        ("description_fi__isnull", False),
                        models.Q(("description_fi", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="action_title_or_text",
                violation_error_message="Anna toimenpiteelle otsikko tai kuvaus.",
            ),
        ),
    ]
