from django.apps import AppConfig
from django.db.models.signals import post_migrate


class KemiHyteConfig(AppConfig):
    """The project package as an app: operations that belong to no domain app
    (the sign-in audit trail, the health check, backups, the role groups)."""

    name = "kemi_hyte"
    verbose_name = "Ylläpito ja käyttö"

    def ready(self):
        from common.roles import sync_role_groups
        from kemi_hyte import audit  # noqa: F401  (connects the audit receivers)

        # The last app's post_migrate comes after every app's permissions are made: the role
        # groups get their permissions from common.roles after every migrate (and flush).
        post_migrate.connect(sync_role_groups, sender=self, dispatch_uid="sync_role_groups")
