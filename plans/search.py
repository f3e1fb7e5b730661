"""Free-text search that forgives missing umlauts: "kayttoonotto" finds "käyttöönotto".

OCR'd documents and foreign keyboards drop ä, ö and å, so both the text and the words typed
are folded to lowercase without accents before they are compared. PostgreSQL does that with
its `unaccent` extension (created by a migration) and also matches inflected forms through
its Finnish text search; SQLite gets the same folding as a registered function.

A search is cut to `common.inputs.cap_search`'s words and characters first: a longer one is
more than SQLite can compare ("LIKE or GLOB pattern too complex").
"""

import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Func, Q, TextField

from common.inputs import cap_search

SQLITE_FOLD_FUNCTION = "kemi_fold"


def fold(text: str) -> str:
    """Lowercase without accents: "Käyttöönotto" → "kayttoonotto"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


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


class Unaccent(Func):
    function = "unaccent"
    output_field = TextField()


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    """Connected to `connection_created`: gives each SQLite connection the fold function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FOLD_FUNCTION, 1, fold, deterministic=True)


def search_actions(queryset, text: str):
    words = cap_search(fold(text))[0].split()
    if not words:
        return queryset
    queryset = queryset.annotate(
        folded_title=Folded("title"), folded_description=Folded("description")
    )
    every_word = Q()
    for word in words:
        every_word &= Q(folded_title__contains=word) | Q(folded_description__contains=word)
    if connection.vendor != "postgresql":
        return queryset.filter(every_word)
    # Finnish stemming finds inflected forms too: "käyttöönotto" → "käyttöönotosta".
    document = SearchVector(Unaccent("title"), Unaccent("description"), config="finnish")
    query = SearchQuery(" ".join(words), config="finnish")
    return queryset.annotate(search_document=document).filter(every_word | Q(search_document=query))
