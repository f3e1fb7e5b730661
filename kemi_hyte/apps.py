from django.apps import AppConfig


class KemiHyteConfig(AppConfig):
    """The project package as an app: operations that belong to no domain app
    (the sign-in audit trail, the health check, backups)."""

    name = "kemi_hyte"
    verbose_name = "Ylläpito ja käyttö"

    def ready(self):
        from kemi_hyte import audit  # noqa: F401  (connects the audit receivers)
