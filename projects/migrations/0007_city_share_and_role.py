"""Kemi's share and role become the configured city's: `city_share` (column `city_share_cents`)
and `city_role`. The data stays; the three check constraints naming the share are renamed with
it, and their refusals are worded by `Project.constraint_messages` with the city's name."""

from django.db import migrations, models

import projects.fields

ROLE_CHOICES = [
    ("lead", "päähakija"),
    ("co_implementer", "osatoteuttaja"),
    ("participant", "mukana"),
    ("unknown", "ei tiedossa"),
]


def share_field():
    return projects.fields.MoneyField(
        blank=True,
        db_column="city_share_cents",
        help_text="Tyhjä, jos ei tiedossa.",
        null=True,
        verbose_name="kaupungin osuus",
    )


def role_field():
    return models.CharField(
        choices=ROLE_CHOICES, default="unknown", max_length=20, verbose_name="kaupungin rooli"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0006_division_period_interpretation"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="project", name="project_kemi_share_not_negative"),
        migrations.RemoveConstraint(
            model_name="project", name="project_self_financing_within_kemi_share"
        ),
        migrations.RemoveConstraint(model_name="project", name="project_kemi_share_within_total"),
        migrations.RenameField(model_name="project", old_name="kemi_share", new_name="city_share"),
        migrations.AlterField(model_name="project", name="city_share", field=share_field()),
        migrations.RenameField(model_name="project", old_name="kemi_role", new_name="city_role"),
        migrations.AlterField(model_name="project", name="city_role", field=role_field()),
        migrations.RenameField(
            model_name="historicalproject", old_name="kemi_share", new_name="city_share"
        ),
        migrations.AlterField(model_name="historicalproject", name="city_share", field=share_field()),
        migrations.RenameField(
            model_name="historicalproject", old_name="kemi_role", new_name="city_role"
        ),
        migrations.AlterField(model_name="historicalproject", name="city_role", field=role_field()),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.CheckConstraint(
                condition=models.Q(("city_share__isnull", True), ("city_share__gte", 0), _connector="OR"),
                name="project_city_share_not_negative",
                violation_error_message="Kaupungin osuus ei voi olla negatiivinen.",
            ),
        ),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("city_share__isnull", False), ("self_financing__isnull", False), _negated=True),
                    ("self_financing__lte", models.F("city_share")),
                    _connector="OR",
                ),
                name="project_self_financing_within_city_share",
                violation_error_message="Omarahoitus ei voi olla suurempi kuin kaupungin osuus.",
            ),
        ),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("city_share__isnull", False), ("total_budget__isnull", False), _negated=True),
                    ("city_share__lte", models.F("total_budget")),
                    _connector="OR",
                ),
                name="project_city_share_within_total",
                violation_error_message="Kaupungin osuus ei voi olla suurempi kuin kustannusarvio.",
            ),
        ),
    ]
