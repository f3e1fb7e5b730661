from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    """The coordinator's pages: dashboard, actions, carry forward and coverage."""

    name = "workspace"
    verbose_name = "Työtila"
