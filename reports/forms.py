from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from plans.models import Decision, Division, plan_years


class CloseYearForm(forms.Form):
    """The board's decision that took note of the annual table.

    E.g. Hyvinvointilautakunta 12.3.2024 § 25.
    """

    body = forms.CharField(
        label=_("Toimielin"),
        max_length=Decision._meta.get_field("body").max_length,
        initial="Hyvinvointilautakunta",
    )
    date = forms.DateField(label=_("Päivämäärä"), help_text=_("Muodossa 12.3.2024"), localize=True)
    section = forms.IntegerField(label=_("Pykälä (§)"), min_value=0)

    def __init__(self, *args, unreviewed: int = 0, **kwargs):
        """`unreviewed`: how many of the year's actions carry text nobody has reviewed; with
        any, the form asks the coordinator to confirm closing anyway (`plans.closing`)."""
        super().__init__(*args, **kwargs)
        if unreviewed:
            self.fields["confirm_unreviewed"] = forms.BooleanField(
                label=ngettext(
                    "Vuodessa on %(count)s tarkistamaton siirretty teksti; sulje silti",
                    "Vuodessa on %(count)s tarkistamatonta siirrettyä tekstiä; sulje silti",
                    unreviewed,
                )
                % {"count": unreviewed},
                required=False,
                help_text=_(
                    "Siirretty teksti on edellisen vuoden tekstiä, jota kukaan ei ole vielä "
                    "päivittänyt. Ne on lueteltu kattavuussivulla."
                ),
            )


class ProjectFilterForm(forms.Form):
    division = forms.ChoiceField(label=_("Toimiala"), required=False)
    year = forms.TypedChoiceField(label=_("Vuosi"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.divisions = {division.slug: division for division in Division.objects.order_by("name")}
        self.fields["division"].choices = [
            ("", _("Kaikki toimialat")),
            *[(slug, division.name) for slug, division in self.divisions.items()],
        ]
        self.fields["year"].choices = [
            ("", _("Kaikki vuodet")),
            *[(year, str(year)) for year in plan_years()],
        ]

    def filters(self) -> dict:
        """The chosen division and year for the summary; call after is_valid()."""
        return {
            "division": self.divisions.get(self.cleaned_data["division"]),
            "year": self.cleaned_data["year"],
        }
