import axes.apps
from django.apps import AppConfig


class KemiHyteConfig(AppConfig):
    """The project package as an app: operations that belong to no domain app
    (the sign-in audit trail, the health check, backups)."""

    name = "kemi_hyte"
    verbose_name = "Ylläpito ja käyttö"

    def ready(self):
        from kemi_hyte import audit  # noqa: F401  (connects the audit receivers)


class AxesConfig(axes.apps.AppConfig):
    """django-axes under a Finnish name in the admin; its models' names come from the
    translation catalogue in locale/."""

    verbose_name = "Kirjautumisten valvonta"
    # Not the configuration of the kemi_hyte app itself, which stays KemiHyteConfig.
    default = False
