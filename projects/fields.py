"""Money stored as whole cents.

SQLite keeps a DecimalField as a floating-point number, so summing many amounts with cents
drifts (0.25 € over 10 000 rows). Cents in an integer column add up exactly on SQLite and
PostgreSQL alike, and `Sum()` over this field still returns a `Decimal` in euros.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

CENT = Decimal("0.01")


def parse_euros(value) -> Decimal | None:
    """Read euros as a Finn types them: `295 600,50 €`, with spaces or no-break spaces."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = str(value).strip().removesuffix("€").removesuffix("EUR").strip()
    for space in (" ", "\u00a0", "\u202f"):
        text = text.replace(space, "")
    text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            _("Anna summa euroina, esim. 295 600,50."),
            code="invalid",
        ) from None


class EuroFormField(forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return super().to_python(str(parse_euros(value)))


class MoneyField(models.BigIntegerField):
    """An amount in euros (`Decimal`, two decimals), kept as cents in the database."""

    description = "Amount in euros, stored as cents"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(CENT)

    def to_python(self, value):
        if value is None or isinstance(value, Decimal):
            return value
        return parse_euros(value).quantize(CENT)

    def get_prep_value(self, value):
        if value is None or hasattr(value, "resolve_expression"):
            return value
        amount = self.to_python(value)
        if amount.quantize(CENT) != amount:
            raise ValidationError("Summassa voi olla enintään kaksi desimaalia.", code="invalid")
        return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))

    def formfield(self, **kwargs):
        return models.Field.formfield(self, **{"form_class": EuroFormField, **kwargs})
