from django.apps import AppConfig


class CommonConfig(AppConfig):
    """What every app shares: Finnish formats, spreadsheet files and the roles. No models."""

    name = "common"
    verbose_name = "Yhteiset"
