"""Money is exact to the cent on SQLite and PostgreSQL, and reads the Finnish way."""

import random
from decimal import Decimal

import pytest
from django.db.models import Sum

from common.formatting import format_date, format_euros, format_period
from common.numbers import parse_euros
from projects.models import Project
from tests.factories import DecisionFactory, ProjectFactory


@pytest.mark.django_db
def test_sum_of_ten_thousand_amounts_with_cents_is_exact():
    # A float column (SQLite's DECIMAL) drifts by tens of cents over this many rows.
    rng = random.Random(2023)
    amounts = [Decimal(rng.randint(0, 10_000_000)) / 100 for _ in range(10_000)]
    Project.objects.bulk_create(
        Project(
            name=f"Hanke {index}",
            start_date="2022-01-01",
            total_budget=amount,
            city_share=amount,
            self_financing=amount,
        )
        for index, amount in enumerate(amounts)
    )

    totals = Project.objects.aggregate(total=Sum("total_budget"), share=Sum("city_share"))

    assert totals["total"] == sum(amounts)
    assert totals["share"] == sum(amounts)
    assert isinstance(totals["total"], Decimal)


@pytest.mark.django_db
def test_amounts_come_back_as_the_same_decimal_euros():
    project = ProjectFactory(
        total_budget=Decimal("502419.00"),
        city_share=Decimal("345955.00"),
        self_financing=Decimal("0.10"),
    )
    project.refresh_from_db()
    assert project.total_budget == Decimal("502419.00")
    assert project.self_financing == Decimal("0.10")


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("295600"), "295\u00a0600\u00a0€"),
        (Decimal("1149000.00"), "1\u00a0149\u00a0000\u00a0€"),
        (Decimal("29560.5"), "29\u00a0560,50\u00a0€"),
        (Decimal("0"), "0\u00a0€"),
        (None, "ei tiedossa"),
    ],
)
def test_euros_are_shown_in_finnish_format(amount, shown):
    assert format_euros(amount) == shown


def test_approximate_amount_is_marked():
    assert format_euros(Decimal("1300000"), approximate=True) == "n. 1\u00a0300\u00a0000\u00a0€"


@pytest.mark.parametrize(
    "typed", ["295 600,50 €", "295\u00a0600,50", "295600.50", " 295 600,50 EUR "]
)
def test_money_typed_the_finnish_way_is_understood(typed):
    assert parse_euros(typed) == Decimal("295600.50")


def test_dates_and_periods_are_finnish():
    import datetime

    assert format_date(datetime.date(2021, 9, 1)) == "1.9.2021"
    assert (
        format_period(datetime.date(2021, 9, 1), datetime.date(2023, 7, 31)) == "1.9.2021–31.7.2023"
    )


@pytest.mark.django_db
def test_decision_reference_prints_as_in_the_minutes():
    import datetime

    decision = DecisionFactory(body="KV", date=datetime.date(2022, 10, 3), section=77)
    assert str(decision) == "KV 3.10.2022 § 77"
