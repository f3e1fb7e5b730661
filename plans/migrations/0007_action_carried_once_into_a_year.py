from django.db import migrations, models
from django.db.models import Count


def refuse_duplicate_copies(apps, schema_editor):
    """Two carry-forwards of the same action made at the same moment could copy it twice into
    one year. Such copies are not removed here: which one to keep (each may have been edited
    since) is for a person to decide. The migration stops and names them."""
    Action = apps.get_model("plans", "Action")
    duplicates = (
        Action.objects.filter(carried_from__isnull=False)
        .values("carried_from", "year")
        .annotate(copies=Count("pk"))
        .filter(copies__gt=1)
        .order_by("carried_from", "year")
    )
    lines = []
    for duplicate in duplicates:
        ids = Action.objects.filter(
            carried_from=duplicate["carried_from"], year=duplicate["year"]
        ).values_list("pk", flat=True)
        lines.append(
            f"toimenpide {duplicate['carried_from']} vuodelle {duplicate['year']}: "
            f"kopiot {', '.join(str(pk) for pk in sorted(ids))}"
        )
    if lines:
        raise RuntimeError(
            "Samasta toimenpiteestä on useita kopioita samalle vuodelle. Poista ylimääräiset "
            "kopiot (sovelluksessa tai ylläpidossa) ja aja migraatio uudelleen. / An action "
            "was carried into a year more than once; delete the extra copies and migrate "
            "again.\n" + "\n".join(lines)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0006_constraint_messages_in_finnish"),
    ]

    operations = [
        migrations.RunPython(refuse_duplicate_copies, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="action",
            constraint=models.UniqueConstraint(
                fields=("carried_from", "year"),
                name="action_carried_once_into_a_year",
                violation_error_message="Toimenpide on jo siirretty tälle vuodelle. / "
                "The action has already been carried into this year.",
            ),
        ),
    ]
