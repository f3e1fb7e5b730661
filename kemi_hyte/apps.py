import axes.apps
import social_django.apps
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from common.formatting import format_date


class KemiHyteConfig(AppConfig):
    """The project package as an app: operations that belong to no domain app
    (the sign-in audit trail, the health check, backups, the role groups)."""

    name = "kemi_hyte"
    verbose_name = _lazy("Ylläpito ja käyttö")

    def ready(self):
        from common.roles import sync_role_groups
        from kemi_hyte import audit  # noqa: F401  (connects the audit receivers)

        # post_migrate is sent for each app with models, in order; after the last one's, every
        # permission exists. The role groups get theirs from common.roles after every migrate
        # (and flush).
        last = [config for config in self.apps.get_app_configs() if config.models_module][-1]
        post_migrate.connect(sync_role_groups, sender=last, dispatch_uid="sync_role_groups")


class AxesConfig(axes.apps.AppConfig):
    """django-axes under a Finnish name in the admin; its models' names come from the
    translation catalogue in locale/."""

    verbose_name = _lazy("Kirjautumisten valvonta")
    # Not the configuration of the kemi_hyte app itself, which stays KemiHyteConfig.
    default = False

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # axes names its records in English ("Access Log for …"); the admin shows these names
        # in titles, breadcrumbs and the rows' checkboxes.
        AccessAttempt.__str__ = lambda record: (
            _("Kirjautumisyritys %(time)s") % {"time": format_timestamp(record.attempt_time)}
        )
        AccessLog.__str__ = lambda record: (
            _("Kirjautuminen: %(user)s %(time)s")
            % {
                "user": record.username,
                "time": format_timestamp(record.attempt_time),
            }
        )
        AccessFailureLog.__str__ = lambda record: (
            _("Epäonnistunut kirjautuminen: %(user)s %(time)s")
            % {"user": record.username, "time": format_timestamp(record.attempt_time)}
        )


class SocialAuthConfig(social_django.apps.PythonSocialAuthConfig):
    """python-social-auth (the sign-in with the city's account) under Finnish names: its models
    are named in English, and the admin names them in the permission pickers and wherever a
    content type is chosen. The admin itself shows none of them (kemi_hyte/admin.py)."""

    verbose_name = _lazy("Kirjautuminen kaupungin tunnuksella")
    default = False

    NAMES = {
        "usersocialauth": (
            _lazy("kaupungin tunnuksen linkki"),
            _lazy("kaupungin tunnusten linkit"),
        ),
        "nonce": (_lazy("kirjautumisen kertakäyttöarvo"), _lazy("kirjautumisen kertakäyttöarvot")),
        "association": (_lazy("kirjautumisen tarkiste"), _lazy("kirjautumisen tarkisteet")),
        "code": (_lazy("kirjautumisen vahvistuskoodi"), _lazy("kirjautumisen vahvistuskoodit")),
        "partial": (_lazy("keskeneräinen kirjautuminen"), _lazy("keskeneräiset kirjautumiset")),
    }

    def ready(self):
        super().ready()
        # Set on the models' options only; the migrations read the declared ones, unchanged.
        for model in self.get_models():
            singular, plural = self.NAMES[model._meta.model_name]
            model._meta.verbose_name = singular
            model._meta.verbose_name_plural = plural


def format_timestamp(moment) -> str:
    """`1.9.2021 klo 14.05` in the local time."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return _("%(date)s klo %(time)s") % {
        "date": format_date(local),
        "time": f"{local:%H.%M}",
    }
