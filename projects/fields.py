"""Money stored as whole cents.

SQLite keeps a DecimalField as a floating-point number, so summing many amounts with cents
drifts (0.25 € over 10 000 rows). Cents in an integer column add up exactly on SQLite and
PostgreSQL alike, and `Sum()` over this field still returns a `Decimal` in euros.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.db import models

from common.fields import EuroFormField
from common.numbers import CENT, parse_euros


class MoneyField(models.BigIntegerField):
    """An amount in euros (`Decimal`, two decimals), kept as cents in the database."""

    description = "Amount in euros, stored as cents"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(CENT)

    def to_python(self, value):
        return parse_euros(value)

    def get_prep_value(self, value):
        if value is None or hasattr(value, "resolve_expression"):
            return value
        amount = self.to_python(value)
        if amount is None:
            return None
        return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))

    def formfield(self, **kwargs):
        widget = kwargs.get("widget")
        if isinstance(widget, forms.NumberInput) or (
            isinstance(widget, type) and issubclass(widget, forms.NumberInput)
        ):
            # The admin gives every BigIntegerField a number input, which cannot hold 295 600,50.
            del kwargs["widget"]
        return models.Field.formfield(self, **{"form_class": EuroFormField, **kwargs})
