from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Hankkeet"

    def ready(self):
        from projects import signals

        signals.connect()
