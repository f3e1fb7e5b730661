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

        # post_migrate is sent for each app with models, in order; after the last one's, every
        # permission exists. The role groups get theirs from common.roles after every migrate
        # (and flush).
        last = [config for config in self.apps.get_app_configs() if config.models_module][-1]
        post_migrate.connect(sync_role_groups, sender=last, dispatch_uid="sync_role_groups")
