"""Free-text search of actions that forgives missing umlauts and uses an index on PostgreSQL.

OCR'd documents and foreign keyboards drop ä, ö and å, so both the text and the words typed
are folded to lowercase without accents before they are compared: "kayttoonotto" finds
"käyttöönotto".

What is searched is each action's stored search document, `Action.search_text`: its title,
description and the texts of its focus areas, folded. It is written by one statement
(`document()`, through `ActionQuerySet.refresh_search_text`) whenever one of those changes
(`plans.signals`, and the bulk writes of `plans.services`), so a search reads one column
instead of folding every row's text again.

Each word must be in the document (AND):
- SQLite: as a part of it (`LIKE '%word%'`, a scan; fine for a city's actions).
- PostgreSQL: as a part of it, which the trigram index (`pg_trgm`) serves for words of three
  letters or more (partial and OCR-damaged words: "kirjasto" finds "kirjastossa"), or as a
  word of the same Finnish stem, which the text-search index serves ("käyttöönotto" finds
  "käyttöönoton"). The stemmed words are stored (`Action.search_vector`, a generated
  column), so neither the match nor the ranking (`ts_rank`, `ranked()`) stems a row's text
  again. Both indexes are made by migration 0009, on PostgreSQL only.

A search is cut to `common.inputs.cap_search`'s words and characters first: a longer one is
more than SQLite can compare ("LIKE or GLOB pattern too complex").
"""

import unicodedata

from django.db import connection
from django.db.models import (
    BooleanField,
    F,
    Field,
    FloatField,
    Func,
    OuterRef,
    Q,
    StringAgg,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce

from common.inputs import cap_search

SQLITE_FOLD_FUNCTION = "kemi_fold"
# The text-search configuration of the index and of every query that should use it.
CONFIG = "finnish"


def fold(text: str) -> str:
    """Lowercase without accents: "Käyttöönotto" → "kayttoonotto"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def search_words(text: str) -> list[str]:
    """The words of a search, folded and capped."""
    return cap_search(fold(text))[0].split()


class Folded(Func):
    """An expression folded as `fold()` folds it, in the database."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        raise NotImplementedError("Folded supports PostgreSQL and SQLite.")

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function=SQLITE_FOLD_FUNCTION, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="lower(unaccent(%(expressions)s))", **extra_context
        )


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    """Connected to `connection_created`: gives each SQLite connection the fold function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FOLD_FUNCTION, 1, fold, deterministic=True)


def document(action_focus_area_model):
    """The search document of each action being updated: its title, description and focus
    areas' texts, folded, as one expression (`UPDATE … SET search_text = <this>`).

    Takes the link model so that the migration that fills the column can pass its own."""
    texts = (
        action_focus_area_model.objects.filter(action=OuterRef("pk"))
        .order_by()
        .values("action")
        .annotate(texts=StringAgg("focus_area__text", Value(" ")))
        .values("texts")
    )
    no_texts = Value("", output_field=TextField())
    return Folded(SpaceJoined(F("title"), F("description"), Coalesce(Subquery(texts), no_texts)))


class SpaceJoined(Func):
    """Texts joined with a space between them: `a || ' ' || b`, on both databases."""

    template = "(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = TextField()


class SearchVectorColumn(Field):
    """A `tsvector` column on PostgreSQL (a text on SQLite). Django's own SearchVectorField
    would need `django.contrib.postgres` installed for one column type."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class FinnishVector(Func):
    """The expression of `Action.search_vector`, a column generated from the document:
    its Finnish words, stemmed, on PostgreSQL; an empty text on SQLite, which has no text
    search and never reads it."""

    template = f"to_tsvector('{CONFIG}'::regconfig, %(expressions)s)"

    def as_sqlite(self, compiler, connection, **extra_context):
        return "''", ()


class FinnishMatch(Func):
    """`search_vector @@ plainto_tsquery('finnish', words)`, which the index of the
    generated column serves."""

    output_field = BooleanField()
    template = f"%(expressions)s @@ plainto_tsquery('{CONFIG}'::regconfig, %(words)s)"

    def __init__(self, words: str):
        super().__init__(F("search_vector"))
        self.words = words

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, words="%s", **extra_context)
        return sql, (*params, self.words)


class FinnishRank(FinnishMatch):
    output_field = FloatField()
    template = f"ts_rank(%(expressions)s, plainto_tsquery('{CONFIG}'::regconfig, %(words)s))"


def search_actions(queryset, text: str):
    """The actions whose search document has every word of `text`."""
    every_word = Q()
    for word in search_words(text):
        if connection.vendor == "postgresql":
            every_word &= Q(search_text__contains=word) | Q(FinnishMatch(word))
        else:
            every_word &= Q(search_text__contains=word)
    return queryset.filter(every_word)


def ranked(queryset, text: str, *then):
    """Best matches first on PostgreSQL (Finnish `ts_rank` of the words), then `then`; the
    order of `then` alone on SQLite, which has no ranking."""
    words = search_words(text)
    if not words or connection.vendor != "postgresql":
        return queryset.order_by(*then)
    return queryset.alias(rank=FinnishRank(" ".join(words))).order_by("-rank", *then)
