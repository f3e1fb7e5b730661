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


def poppler(tool: str, content: bytes, tmp_path, *options: str) -> str:
    """What one of poppler's tools (pdftotext, pdffonts) prints about the PDF."""
    if not shutil.which(tool):
        # As with Chromium: skipped with a message on a laptop, a failure under CI.
        message = f"{tool} not found: install Debian's poppler-utils"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(
        [tool, *options, str(path), *(["-"] if tool == "pdftotext" else [])],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def pdf_text(content: bytes, tmp_path, *, layout: bool = True) -> str:
    """The PDF's text; with layout, columns stay side by side, without it each block in turn."""
    return poppler("pdftotext", content, tmp_path, *(["-layout"] if layout else []))


def pdf_fonts(content: bytes, tmp_path) -> set[str]:
    """The names of the fonts the PDF uses, without the subset prefix ("ABCDEF+")."""
    lines = poppler("pdffonts", content, tmp_path).splitlines()[2:]
    return {line.split()[0].partition("+")[2] or line.split()[0] for line in lines}


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
