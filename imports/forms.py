from django import forms
from django.conf import settings

from common.spreadsheets import format_megabytes


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Taulukkotiedosto (.xlsx tai .csv)",
        error_messages={
            "required": "Valitse tiedosto. / Choose a file.",
            "empty": "Tiedosto on tyhjä. / The file is empty.",
            "invalid": "Valitse tiedosto. / Choose a file.",
        },
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"Enintään {format_megabytes(settings.IMPORT_MAX_BYTES)}. "
            "CSV-tiedostossa sarakkeet erotetaan puolipisteellä."
        )
