from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _lazy


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _lazy("Tuonnit")
