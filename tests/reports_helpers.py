"""Shared helpers of the report tests: reading PDFs, spreadsheets and documents back."""

import gettext
import html
import os
import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import docx
import pytest
import yaml
from django.utils.html import strip_tags
from openpyxl import load_workbook

from plans.models import InterpretationMark
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


# Swedish: the catalogue's Finnish msgids that must not be left in a Swedish report.
SWEDISH_CATALOGUE = Path(__file__).resolve().parent.parent / "locale/sv/LC_MESSAGES/django.mo"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")


def finnish_msgids(min_words: int = 2) -> list[str]:
    """The Finnish texts of the Swedish catalogue that have a Swedish translation, cut at
    their placeholders into the fixed pieces a page prints word for word ("Vuoden", "katsaus"
    of "Vuoden %(year)s katsaus"). Pieces of fewer than `min_words` words are left out: a
    single word such as "Hanke" or "Nimi" also occurs inside Finnish content (a project's
    name), which stays Finnish in a Swedish report."""
    with SWEDISH_CATALOGUE.open("rb") as file:
        catalogue = gettext.GNUTranslations(file)._catalog
    pieces = set()
    for key, translation in catalogue.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if not msgid or "\x04" in msgid or translation == msgid:
            continue  # the header, file names (msgctxt) and texts the same in both languages
        for piece in PLACEHOLDER.split(msgid):
            piece = squash(piece.strip(" ,.:;()"))
            if len(piece.split()) >= min_words:
                pieces.add(piece)
    return sorted(pieces)


def finnish_left(text: str, min_words: int = 2) -> list[str]:
    """The catalogue's Finnish texts found in the text (squashed), longest first. The city's
    own words stay Finnish in a Swedish report: the reasons and sources of the interpretation
    marks ("paikan päällä, koska kävijät …") are taken out before looking."""
    text = squash(text)
    for reason, source in InterpretationMark.objects.values_list("interpretation", "source"):
        for content in (reason, source):
            if content:
                text = text.replace(squash(content), " ")
    return sorted(
        (piece for piece in finnish_msgids(min_words) if piece in text), key=len, reverse=True
    )


def docx_text(content: bytes) -> str:
    """Every paragraph of the DOCX, its tables' and its footer's, as one line."""
    document = docx.Document(BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        parts.extend(paragraph.text for paragraph in section.footer.paragraphs)
    return squash(" ".join(parts))


def xlsx_text(content: bytes) -> str:
    """Every sheet's title and cell text of the XLSX, as one line."""
    book = workbook(content)
    parts = []
    for sheet in book.worksheets:
        parts.append(sheet.title)
        parts.extend(
            str(value) for row in sheet.iter_rows(values_only=True) for value in row if value
        )
    return squash(" ".join(parts))
