"""PDF rendered on the server with WeasyPrint from the same dataclasses as the HTML page."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

PRINT_STYLESHEET = "css/print.css"


def render_pdf(template_name: str, context: dict, *, base_url: str) -> bytes:
    html = render_to_string(template_name, context)
    stylesheet = CSS(filename=finders.find(PRINT_STYLESHEET))
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=[stylesheet])
