"""Shared helpers of the report tests: reading PDFs, spreadsheets and documents back."""

import html
import os
import shutil
import subprocess
from io import BytesIO

import pytest
import yaml
from django.utils.html import strip_tags
from openpyxl import load_workbook

from projects.demo import DATA_FILE


def kemi_data() -> dict:
    with DATA_FILE.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def pdf_text(content: bytes, tmp_path, *, layout: bool = True) -> str:
    """The PDF's text; with layout, columns stay side by side, without it each block in turn."""
    if not shutil.which("pdftotext"):
        # As with Chromium: skipped with a message on a laptop, a failure under CI.
        message = "pdftotext not found: install Debian's poppler-utils"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", *(["-layout"] if layout else []), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def pdf_pages(content: bytes, tmp_path) -> int:
    return pdf_text(content, tmp_path).count("\f")


def workbook(content: bytes):
    return load_workbook(BytesIO(content))


def visible_text(response) -> str:
    """The page's text without tags, as one line."""
    return squash(html.unescape(strip_tags(response.content.decode().replace("<", " <"))))


def squash(text: str) -> str:
    """One space between words, whatever the layout did to line breaks and no-break spaces."""
    return " ".join(text.replace("\u00a0", " ").split())
