"""The actions search on PostgreSQL: its indexes are used, inflected words are found, the best
matches come first. Run with DATABASE_URL=postgres://… (skipped on SQLite).

For the plans, the table holds 20 000 actions, analyzed, so that PostgreSQL plans as it would
for a city's real data: reading every row would be its choice for a handful of rows whatever
the indexes.
"""

import random

import pytest
from django.db import connection

from plans.models import Action, ActionFocusArea
from tests.factories import ActionFactory, DivisionFactory
from tests.workspace import small_plan

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: set DATABASE_URL=postgres://…"
)

FILLER = [
    "asukasilta",
    "perhekahvila",
    "liikuntaviikko",
    "ulkoilureitti",
    "kysely",
    "tapahtuma",
    "koulutus",
    "harrastus",
    "museo",
    "yhteistyö",
]
ROWS = 20_000


@pytest.fixture
def few(db):
    """Three actions to find, in the plan's first division in 2023."""
    small = small_plan()
    for title, description in [
        ("Someturvan käyttöönotto", "Koulujen some-neuvonta."),
        ("Kirjastoauto", "Käyttöönoton jälkeen kirjastoauto kiertää kylät."),
        ("Lukupiiri kirjastossa", "Nuorisotalon ja kirjaston yhteinen lukupiiri."),
    ]:
        ActionFactory(
            plan=small.plan,
            division=small.division,
            year=2023,
            title=title,
            description=description,
            focus_areas=[small.wellbeing],
        )
    return small


@pytest.fixture
def many(few):
    """The three among 20 000 actions of ordinary words in two divisions and two years.

    A quarter of the actions lie in each division's year: fewer, and PostgreSQL rightly
    reads a division's year by its own index and checks the words of each row."""
    divisions = [few.division, DivisionFactory(name="Toinen toimiala", slug="toinen")]
    rng = random.Random(1)
    Action.objects.bulk_create(
        Action(
            plan=few.plan,
            year=2022 + n % 2,
            division=divisions[n // 2 % 2],
            order=n + 1,
            title=" ".join(rng.choices(FILLER, k=4)).capitalize(),
            description=" ".join(rng.choices(FILLER, k=30)),
        )
        for n in range(ROWS)
    )
    ActionFocusArea.objects.bulk_create(
        ActionFocusArea(action_id=pk, focus_area=few.cooperation)
        for pk in Action.objects.filter(focus_areas__isnull=True).values_list("pk", flat=True)
    )
    Action.objects.refresh_search_text()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE plans_action")
    return few


@pytest.fixture
def signed_in(client, board_member):
    client.force_login(board_member)
    return client


def titles(response) -> list[str]:
    return [row.record.title for row in response.context["table"].paginated_rows]


def plans_of_the_list(client, params: dict) -> list[str]:
    """EXPLAIN of what the list runs for its actions: the capped count and the page."""
    response = client.get("/actions/", params)
    assert response.status_code == 200
    actions = response.context["table"].data.data
    return [actions.order_by()[:10_001].explain(), actions[:25].explain()]


SEARCHES = {
    "one word": {"q": "someturvan"},
    "several words": {"q": "kirjasto nuoriso"},
    "a partial word": {"q": "kirjasto"},
    "a word without umlauts": {"q": "kayttoonotto"},
    "search, year and division": {"q": "kirjasto", "year": "2023", "division": None},
}


@pytest.mark.parametrize("kind", SEARCHES)
def test_every_kind_of_search_reads_the_search_indexes_not_every_row(many, signed_in, kind):
    params = dict(SEARCHES[kind])
    if "division" in params:
        params["division"] = many.division.pk

    for plan in plans_of_the_list(signed_in, params):
        assert "Seq Scan on plans_action" not in plan, plan
        assert (
            "Bitmap Index Scan on action_search_trigram" in plan
            or "Bitmap Index Scan on action_search_finnish" in plan
        ), plan


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("kayttoonotto", ["Someturvan käyttöönotto", "Kirjastoauto"]),  # käyttöönoton
        ("KIRJASTO", ["Kirjastoauto", "Lukupiiri kirjastossa"]),
        ("kirjasto nuoriso", ["Lukupiiri kirjastossa"]),
        ("liikunnallinen kirjastoauto", ["Kirjastoauto"]),  # a focus area's word
    ],
)
def test_inflected_partial_and_unaccented_words_are_found(few, signed_in, search, found):
    assert sorted(titles(signed_in.get("/actions/", {"q": search}))) == sorted(found)


def test_the_best_matches_come_first(few, signed_in):
    # "Lukupiiri kirjastossa" has the word itself twice, inflected; "Kirjastoauto", added
    # first and so first in the list's own order, has it only as a part of another word.
    assert titles(signed_in.get("/actions/", {"q": "kirjasto"})) == [
        "Lukupiiri kirjastossa",
        "Kirjastoauto",
    ]
    own_order = titles(signed_in.get("/actions/", {"year": "2023", "division": few.division.pk}))
    assert own_order.index("Kirjastoauto") < own_order.index("Lukupiiri kirjastossa")


def test_a_chosen_column_order_wins_over_the_ranking(few, signed_in):
    assert titles(signed_in.get("/actions/", {"q": "kirjasto", "sort": "title"})) == [
        "Kirjastoauto",
        "Lukupiiri kirjastossa",
    ]
    assert titles(signed_in.get("/actions/", {"q": "kirjasto", "sort": "-title"})) == [
        "Lukupiiri kirjastossa",
        "Kirjastoauto",
    ]
