from django.apps import AppConfig
from django.db.models.signals import post_save


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Raportit"

    def ready(self):
        from plans.models import YearClosing
        from reports.prerender import year_closed

        # A closed year's PDFs are laid out ahead of time (prerender.py).
        post_save.connect(year_closed, sender=YearClosing, dispatch_uid="reports.year_closed")
