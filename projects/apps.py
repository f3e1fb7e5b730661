from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _lazy


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _lazy("Hankkeet")

    def ready(self):
        from projects import signals

        signals.connect()
