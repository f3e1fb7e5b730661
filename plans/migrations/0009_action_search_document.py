"""Each action's search document (`Action.search_text`), filled in, and its indexes.

On PostgreSQL the search is served by two GIN indexes: trigrams (`pg_trgm`) of the document
for parts of words, and its Finnish words (`Action.search_vector`, a column generated from
the document) for inflected words. They are PostgreSQL's own, so they are created here for
PostgreSQL only and are not in the model's `Meta` (SQLite searches the document without
them, and its `search_vector` is an empty text).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from plans.search import FinnishVector, SearchVectorColumn, document

# Actions filled per statement: a million actions take about a thousand statements, each
# short enough not to hold a large part of the table locked for long.
BATCH = 1000

INDEXES = [
    (
        "action_search_trigram",
        "CREATE INDEX action_search_trigram ON plans_action USING gin (search_text gin_trgm_ops)",
    ),
    (
        "action_search_finnish",
        "CREATE INDEX action_search_finnish ON plans_action USING gin (search_vector)",
    ),
]


def fill_search_text(apps, schema_editor):
    Action = apps.get_model("plans", "Action")
    ActionFocusArea = apps.get_model("plans", "ActionFocusArea")
    ids = Action.objects.order_by("pk").values_list("pk", flat=True)
    first = ids.first()
    last = ids.last()
    if first is None:
        return
    for start in range(first, last + 1, BATCH):
        Action.objects.filter(pk__gte=start, pk__lt=start + BATCH).update(
            search_text=document(ActionFocusArea)
        )


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for _name, sql in INDEXES:
            schema_editor.execute(sql)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _sql in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0008_interpretations_optional_titles_unreviewed_count"),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name="action",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="hakuteksti"
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                fields=["-year", "division", "order", "id"], name="action_list_order"
            ),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        # Added after the documents are filled: each row's words are stemmed once.
        migrations.AddField(
            model_name="action",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=FinnishVector("search_text"),
                output_field=SearchVectorColumn(),
            ),
        ),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
