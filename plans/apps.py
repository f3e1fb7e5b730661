from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _lazy


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _lazy("Hyvinvointisuunnitelmat")

    def ready(self):
        from plans import signals
        from plans.search import register_sqlite_fold

        signals.connect()

        connection_created.connect(register_sqlite_fold, dispatch_uid="plans_sqlite_fold")
