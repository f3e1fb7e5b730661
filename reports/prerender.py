"""The PDF reports laid out ahead of time, so that no board member waits for a first layout.

When a year closes (the board's decision is recorded, `plans.closing.close_year`), the PDFs
that decision changes are laid out in a thread of their own once the transaction has
committed: the closing's response does not wait for them (about 4 s of a core). The
management command `render_report_pdfs` lays out the same for every closed year, and is what
a timer or the deploy runs (docs/deploy.md); both only fill `reports.pdf`'s cache, so a PDF
already there costs only the building of its HTML.

Each PDF is laid out in every language of `settings.LANGUAGES` (Finnish and Swedish), since
the PDF is cached per language and a board member reading Swedish should not wait either;
the thread's work doubles (about 8 s of a core), which nobody waits for.
"""

import logging
import threading
from collections import defaultdict

from django.conf import settings
from django.db import connections, transaction
from django.utils import translation

from plans.models import Division, YearClosing
from reports import pdf
from reports.annual import build_annual_report
from reports.overview import build_overview
from reports.project_summary import build_project_summary

logger = logging.getLogger(__name__)


def render_year(year: int, divisions) -> None:
    """The PDFs of a year for the divisions, in every language: the year's overview, and
    each division's annual table and project summary of the year. The reports are built
    again for each language, as their titles and labels are written when they are built."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            pdf.overview(build_overview(year))
            for division in divisions:
                pdf.annual(build_annual_report(year, division.slug))
                pdf.projects(build_project_summary(year=year, division=division))


def render_closed_years() -> int:
    """The PDFs of every year closing in force; returns how many division-years."""
    closings = YearClosing.objects.in_force().select_related("division")
    divisions_of_year = defaultdict(dict)
    for closing in closings:
        divisions_of_year[closing.year][closing.division_id] = closing.division
    for year, divisions in sorted(divisions_of_year.items()):
        render_year(year, divisions.values())
    return sum(len(divisions) for divisions in divisions_of_year.values())


def render_after_closing(year: int, division_id: int) -> None:
    """Run in its own thread: a failure is logged, never raised into a request."""
    try:
        render_year(year, [Division.objects.get(pk=division_id)])
    except Exception:
        logger.exception("PDFs of the closed year %s not laid out ahead", year)
    finally:
        connections.close_all()  # this thread's own connection


def in_background(function, *args) -> threading.Thread:
    # Not a daemon: a worker that gunicorn recycles finishes the layout before it exits.
    thread = threading.Thread(target=function, args=args, name="render-report-pdfs")
    thread.start()
    return thread


def year_closed(sender, instance: YearClosing, created: bool, **kwargs) -> None:
    """`post_save` of a closing (connected in `apps.py`): plans knows nothing of reports."""
    if created:
        year, division_id = instance.year, instance.division_id
        transaction.on_commit(lambda: in_background(render_after_closing, year, division_id))
