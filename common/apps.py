from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _lazy


class CommonConfig(AppConfig):
    """What every app shares: Finnish formats, spreadsheet files and the roles. No models."""

    name = "common"
    verbose_name = _lazy("Yhteiset")
