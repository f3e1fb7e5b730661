"""Decimal and money inputs that a browser keeps: a text input showing `295 600,50`.

An `<input type="number">` cannot hold a decimal comma: a browser shows `295600,00` in it as
empty and submits it empty, so a Finnish-formatted number input loses its value on every save.
These fields use a text input with the numeric keypad on phones, and read what is typed with
`common.numbers`.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy

from common.numbers import format_number_input, parse_decimal, parse_euros


class DecimalInput(forms.TextInput):
    """A text input for a decimal number, shown the Finnish way: `295 600,50`, `4,11`."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_number_input(value)
        # Text as it was typed, when a form with errors is shown again.
        return super().format_value(value)


class DecimalFormField(forms.DecimalField):
    """Reads `4,5`, `4.5` and `1 500,5` alike; never localized, never a number input."""

    widget = DecimalInput
    default_error_messages = {"invalid": gettext_lazy("Anna luku, esim. 4,11.")}
    parse = staticmethod(parse_decimal)

    def __init__(self, **kwargs):
        kwargs.pop("localize", None)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.parse(value)
        except ValidationError as error:
            if error.code == "invalid":
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
            raise


class EuroFormField(DecimalFormField):
    """An amount in euros: `295 600,50 €`; at most 14 digits, two of them cents."""

    default_error_messages = {"invalid": gettext_lazy("Anna summa euroina, esim. 295 600,50.")}
    parse = staticmethod(parse_euros)

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)


class DecimalField(models.DecimalField):
    """Django's DecimalField with `DecimalFormField` in every form, the admin's included.

    The database column and migrations are Django's own: `deconstruct` names the plain field,
    as only the form differs.
    """

    def to_python(self, value):
        if isinstance(value, str):
            value = parse_decimal(value)
        return super().to_python(value)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": DecimalFormField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs
