"""Numbers as a Finn types them: the one place that reads decimals, euros and whole numbers.

Form fields, the money model field and the spreadsheet importers all read numbers here, so
`4,5`, `4.5`, `295 600,50 €` and `295 600,50` mean the same everywhere. Anything that is not
a number in range is refused with a ValidationError whose message is for the person who typed it.
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from common.inputs import MAX_ID

CENT = Decimal("0.01")
# Spaces a Finn may group digits with: normal, no-break and narrow no-break.
SPACES = re.compile(r"[ \u00a0\u202f]")
# An optional sign (also the typographic minus), digits, and at most one decimal comma or point.
NUMBER = re.compile(r"([+\-\u2212]?)([0-9]*)(?:[.,]([0-9]*))?")
# More digits than this are no number a person means; Decimal arithmetic rounds beyond 28.
MAX_DIGITS = 28
# Text longer than this is not read at all.
MAX_TEXT = 100
# Money has at most 14 digits, two of them cents: far below what the cents column holds.
MAX_EUROS = Decimal("999999999999.99")


def parse_decimal(value) -> Decimal | None:
    """`4,11`, `4.11`, `1 500,5`, `-2`; XLSX numbers as they are. Empty is None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _not_a_number()
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        # The shortest text that gives the float back: 4.11, not 4.1100000000000003197…
        number = Decimal(repr(value))
    else:
        number = _read_text(str(value))
        if number is None:
            return None
    if not number.is_finite():
        raise _not_a_number()
    if _digits(number) > MAX_DIGITS:
        raise ValidationError(gettext("Luvussa on liian monta numeroa."), code="max_digits")
    return number


def _read_text(text: str) -> Decimal | None:
    text = SPACES.sub("", text.strip())
    if not text:
        return None
    match = NUMBER.fullmatch(text) if len(text) <= MAX_TEXT else None
    if not match or not (match[2] or match[3]):
        raise _not_a_number()
    sign, whole, fraction = match.groups()
    number = Decimal(f"{whole or '0'}.{fraction}" if fraction else whole)
    return -number if sign in ("-", "\u2212") else number


def _digits(number: Decimal) -> int:
    """How many digits the number needs, before and after the decimal point."""
    exponent = number.as_tuple().exponent
    places = max(-exponent, 0)
    whole = max(number.adjusted() + 1, 0)
    return whole + places


def _not_a_number() -> ValidationError:
    return ValidationError(gettext("Anna luku, esim. 4,11."), code="invalid")


def parse_euros(value) -> Decimal | None:
    """`295 600,50 €`, `295600.50`, `1 000`: euros with at most two decimals, as a Decimal
    with exactly two. Empty is None."""
    if isinstance(value, str):
        value = value.strip()
        for suffix in ("€", "EUR", "eur"):
            value = value.removesuffix(suffix)
    try:
        amount = parse_decimal(value)
    except ValidationError as error:
        if error.code == "invalid":
            raise ValidationError(
                gettext("Anna summa euroina, esim. 295 600,50."), code="invalid"
            ) from None
        raise _too_large() from None
    if amount is None:
        return None
    if abs(amount) > MAX_EUROS:
        raise _too_large()
    if amount != amount.quantize(CENT):
        raise ValidationError(
            gettext("Summassa voi olla enintään kaksi desimaalia."), code="max_decimal_places"
        )
    return amount.quantize(CENT)


def _too_large() -> ValidationError:
    return ValidationError(
        gettext("Summa on liian suuri: enintään 999 999 999 999,99 €."), code="max_value"
    )


def parse_int(value) -> int | None:
    """A whole number (`2023`, `38`, `1 500`); empty is None."""
    not_whole = ValidationError(gettext("Anna kokonaisluku, esim. 38."), code="invalid")
    try:
        number = parse_decimal(value)
    except ValidationError:
        raise not_whole from None
    if number is None:
        return None
    if number != number.to_integral_value():
        raise not_whole
    return int(number)


def parse_id(value) -> int | None:
    """An id (`38`): a whole number from 1 to what the database's id column holds."""
    number = parse_int(value)
    if number is not None and not 0 < number <= MAX_ID:
        raise ValidationError(
            gettext("Tunniste on positiivinen kokonaisluku, enintään %(max)s.") % {"max": MAX_ID},
            code="invalid",
        )
    return number


def format_number_input(value: Decimal | int | float) -> str:
    """`295 600,50`: a number as an input shows it, grouped by spaces and with a decimal comma,
    keeping the decimals it has. `parse_decimal` and `parse_euros` read it back."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return f"{number:,f}".translate({ord(","): " ", ord("."): ","})
