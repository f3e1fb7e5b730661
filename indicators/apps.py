from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _lazy


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _lazy("Indikaattorit")
