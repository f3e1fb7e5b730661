from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _lazy

from common.spreadsheets import format_megabytes


def upload_field(label, accept: str) -> forms.FileField:
    """The file field of an upload page, with its Finnish errors and the kinds it accepts."""
    return forms.FileField(
        label=label,
        error_messages={
            "required": _lazy("Valitse tiedosto."),
            "empty": _lazy("Tiedosto on tyhjä."),
            "invalid": _lazy("Valitse tiedosto."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": accept}),
    )


class UploadForm(forms.Form):
    file = upload_field(
        _lazy("Taulukkotiedosto (.xlsx tai .csv)"),
        ".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "Enintään %(size)s. CSV-tiedostossa sarakkeet erotetaan puolipisteellä."
        ) % {"size": format_megabytes(settings.IMPORT_MAX_BYTES)}
