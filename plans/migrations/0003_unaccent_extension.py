"""PostgreSQL's unaccent extension, for searches typed without ä/ö/å. Does nothing on SQLite."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_action_history_and_division_editors")]

    operations = [UnaccentExtension()]
