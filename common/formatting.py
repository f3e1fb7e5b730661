"""Finnish formats for money, dates and periods: one place, used by templates, admin and exports."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext

NBSP = "\u00a0"


def format_euros(amount: Decimal | int | None, *, approximate: bool = False) -> str:
    """`295 600 €`, `295 600,50 €`; whole euros without cents, groups split by no-break spaces."""
    if amount is None:
        return gettext("ei tiedossa")
    amount = Decimal(amount).quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""
    euros, cents = divmod(abs(amount), 1)
    groups = f"{int(euros):,}".replace(",", NBSP)
    text = f"{sign}{groups}"
    if cents:
        text += f",{int(cents * 100):02d}"
    # "n." / "ca": an estimate, as the source gives it.
    prefix = gettext("n.") + " " if approximate else ""
    return f"{prefix}{text}{NBSP}€"


def format_date(value: datetime.date | None) -> str:
    """`1.9.2021`: day and month without leading zeros."""
    if value is None:
        return ""
    return f"{value.day}.{value.month}.{value.year}"


def format_period(start: datetime.date | None, end: datetime.date | None) -> str:
    """`1.9.2021–31.7.2023`; an open end prints as `1.9.2021–`."""
    if start is None and end is None:
        return ""
    return f"{format_date(start)}–{format_date(end)}"


def format_year_span(start_year: int, end_year: int) -> str:
    """`2022–25`, as the city's documents name plan periods."""
    if start_year // 100 == end_year // 100:
        return f"{start_year}–{end_year % 100:02d}"
    return f"{start_year}–{end_year}"


def format_plan_name(name: str, start_year: int, end_year: int) -> str:
    """`Hyvinvointisuunnitelma 2022–25`: a plan as lists, exports and imports name it."""
    return f"{name} {format_year_span(start_year, end_year)}"


def format_focus_area(goal_order: int, order: int, text: str) -> str:
    """`1.4 Yhteistyö hyvinvointialueen yhdyspinnoilla`: the goal's and its own position."""
    return f"{goal_order}.{order} {text}"


def format_decimal(value: Decimal | int | None, decimals: int | None = None) -> str:
    """`8,9`, `143 210`, `-0,4`: a figure with a decimal comma, groups split by no-break
    spaces, rounded to `decimals` places when given. Unknown is "ei tietoa", never 0."""
    if value is None:
        return gettext("ei tietoa")
    number = Decimal(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals))
    else:
        number = number.normalize()
    sign = "-" if number < 0 else ""
    whole, _point, fraction = f"{abs(number):f}".partition(".")
    text = f"{int(whole):,}".replace(",", NBSP)
    return f"{sign}{text}{',' + fraction if fraction else ''}"
