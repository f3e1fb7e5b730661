"""PDF rendered on the server with WeasyPrint from the same dataclasses as the HTML page.

The HTML goes through `clean_text` first, so that a control character typed before that rule
never reaches the PDF.
"""

import hashlib

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from common.inputs import clean_text

PRINT_STYLESHEET = "css/print.css"
# Laying out the pages is the slow part (a few tenths of a second a page). The same HTML and
# stylesheet always give the same PDF, so a PDF is kept under a hash of exactly those: any
# change in the data changes the HTML and so the key, and nothing needs to be invalidated.
PDF_CACHE_SECONDS = 24 * 60 * 60


def print_stylesheet() -> tuple[str, bytes]:
    path = finders.find(PRINT_STYLESHEET)
    with open(path, "rb") as stylesheet:
        return path, stylesheet.read()


def render_pdf(template_name: str, context: dict, *, base_url: str) -> bytes:
    html = clean_text(render_to_string(template_name, context))
    stylesheet_path, stylesheet = print_stylesheet()
    key = (
        "pdf:"
        + hashlib.sha256(b"\0".join([html.encode(), stylesheet, base_url.encode()])).hexdigest()
    )
    pdf = cache.get(key)
    if pdf is None:
        pdf = HTML(string=html, base_url=base_url).write_pdf(
            stylesheets=[CSS(filename=stylesheet_path)]
        )
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf
