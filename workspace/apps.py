from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _lazy


class WorkspaceConfig(AppConfig):
    """The coordinator's pages: dashboard, actions, carry forward and coverage."""

    name = "workspace"
    verbose_name = _lazy("Työtila")
