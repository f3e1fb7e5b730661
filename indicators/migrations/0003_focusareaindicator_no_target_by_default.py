"""A linked indicator has no target until the coordinator sets one (`direction` empty).

The links already stored keep their direction: a default "nouseva" cannot be told apart
from one the coordinator chose, so the coordinator checks the targets on the focus areas'
indicator pages once.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0002_focusareaindicator_sample_target'),
    ]

    operations = [
        migrations.AlterField(
            model_name='focusareaindicator',
            name='direction',
            field=models.CharField(blank=True, choices=[('up', 'nouseva'), ('down', 'laskeva'), ('steady', 'ennallaan')], default='', max_length=10, verbose_name='tavoitesuunta'),
        ),
    ]
