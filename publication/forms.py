from django import forms
from django.utils.translation import gettext_lazy as _lazy

from common.inputs import IdChoiceField
from plans.models import YearClosing
from publication.models import Publication


class PublishForm(forms.Form):
    """Publish one closed year of a division, by the decision that allows it."""

    closing = IdChoiceField(queryset=YearClosing.objects.in_force(), widget=forms.HiddenInput)
    decision_reference = forms.CharField(
        label=_lazy("Julkaisupäätös"),
        max_length=Publication._meta.get_field("decision_reference").max_length,
        help_text=_lazy("Esim. Hyvinvointilautakunta 12.3.2024 § 15"),
        error_messages={
            "required": _lazy(
                "Kirjoita päätös, jolla vuosi julkaistaan, esim. "
                "Hyvinvointilautakunta 12.3.2024 § 15."
            )
        },
    )
