"""`FocusAreaIndicator.sample_target`: the demo's targets are examples, not the city's.

A database where the demo was loaded before this field existed has the demo's targets
unmarked: the links to an indicator whose values are still the demo's sample
(`Indicator.sample`) were all made by the demo loader, so their targets are marked here.
"""

from django.db import migrations, models


def mark_demo_targets(apps, schema_editor):
    FocusAreaIndicator = apps.get_model("indicators", "FocusAreaIndicator")
    FocusAreaIndicator.objects.filter(indicator__sample=True).update(sample_target=True)


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='focusareaindicator',
            name='sample_target',
            field=models.BooleanField(default=False, verbose_name='esimerkkitavoite'),
        ),
        migrations.RunPython(mark_demo_targets, migrations.RunPython.noop),
    ]
