"""PDF rendered on the server with WeasyPrint from the same dataclasses as the HTML page, and
kept in a directory that every worker shares.

Laying out the pages is the slow part (a few tenths of a second a page, about 2 s for a
division's annual table). The same HTML and stylesheet always give the same PDF, so a PDF is
kept as a file named by a hash of exactly those: any change in the data changes the HTML and
so the name, nothing is ever invalidated, and a stale PDF cannot be served. The files are
written whole and then renamed into place, so a reader never sees half a PDF; deleting any of
them, or the whole directory, only costs a new layout (README.md: why files, not the database).

The HTML goes through `clean_text` first, so that a control character typed before that rule
never reaches the PDF.
"""

import hashlib
import logging
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import get_language
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from common.inputs import clean_text
from reports.charts import data_uri
from reports.overview import chart_sources, render_chart

PRINT_STYLESHEET = "css/print.css"
logger = logging.getLogger(__name__)


def print_stylesheet() -> tuple[str, bytes]:
    path = finders.find(PRINT_STYLESHEET)
    with open(path, "rb") as stylesheet:
        return path, stylesheet.read()


def cache_directory() -> Path:
    return Path(settings.PDF_CACHE_DIR)


def render_pdf(template_name: str, context: dict) -> bytes:
    """The PDF of the template, from the shared cache or laid out and stored there.

    The print templates refer to no file or URL (the stylesheet is given by path, the charts
    are data URIs), so the PDF does not depend on the host a request came to, and one
    rendered by `render_report_pdfs` serves every request. The PDF is in the request's
    language, which is part of the name too: the HTML names it (`<html lang>`) and its texts
    differ, but a report whose every text were a number or a name must still not be served
    in the other language's file."""
    html = clean_text(render_to_string(template_name, context))
    stylesheet_path, stylesheet = print_stylesheet()
    language = (get_language() or settings.LANGUAGE_CODE).encode()
    key = hashlib.sha256(b"\0".join([language, html.encode(), stylesheet])).hexdigest()
    path = cache_directory() / f"{key}.pdf"
    pdf = cached(path)
    if pdf is None:
        pdf = lay_out(html, stylesheet_path)
        store(path, pdf)
    return pdf


def cached(path: Path) -> bytes | None:
    try:
        pdf = path.read_bytes()
        # The time of last use, by which `prune` keeps what is read and drops the rest.
        os.utime(path)
    except FileNotFoundError:
        return None
    except OSError:
        logger.exception("PDF not read from %s", path.parent)
        return None
    return pdf


def lay_out(html: str, stylesheet_path: str) -> bytes:
    # The stylesheet's @font-face rules load the site's font only through a FontConfiguration.
    fonts = FontConfiguration()
    stylesheet = CSS(filename=stylesheet_path, font_config=fonts)
    return HTML(string=html).write_pdf(stylesheets=[stylesheet], font_config=fonts)


def store(path: Path, pdf: bytes) -> None:
    """Write the file whole under a temporary name, then rename it into place (atomic on one
    file system): another worker reads either nothing or the whole PDF. A directory that
    cannot be written costs only the cache, never the user's PDF."""
    partial = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=".", suffix=".partial", delete=False
        ) as file:
            partial = Path(file.name)
            file.write(pdf)
        os.replace(partial, path)
    except OSError:
        logger.exception("PDF not kept in %s", path.parent)
        if partial is not None:
            partial.unlink(missing_ok=True)


def prune(*, days: int) -> int:
    """Delete the PDFs not read nor rendered for `days` days, and temporary files left by a
    worker that was stopped mid-write; return how many files went."""
    limit = time.time() - days * 24 * 60 * 60
    removed = 0
    for path in cache_directory().glob("*"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            pass  # pruned by another process meanwhile
    return removed


def annual(report) -> bytes:
    return render_pdf("reports/annual_print.html", {"report": report})


def projects(summary) -> bytes:
    return render_pdf("reports/projects_print.html", {"summary": summary})


def project(report) -> bytes:
    return render_pdf("reports/project_print.html", {"report": report})


def overview(report) -> bytes:
    charts = chart_sources(report, lambda name: data_uri(render_chart(report, name)))
    return render_pdf("reports/overview_print.html", {"overview": report, "charts": charts})
