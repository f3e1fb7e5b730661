"""Spreadsheet files as people make them, for the import tests: XLSX, and CSV from Finnish Excel."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook


def xlsx_bytes(rows: list[list]) -> bytes:
    """An ordinary workbook (not write-only), so a cell `=…` becomes a real formula as in Excel."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def csv_bytes(rows: list[list], *, encoding: str = "utf-8-sig") -> bytes:
    """`;`-separated text, as Finnish Excel saves "CSV (luetteloerotin)"."""
    content = io.StringIO()
    csv.writer(content, delimiter=";", lineterminator="\r\n").writerows(rows)
    return content.getvalue().encode(encoding)


def xlsx_rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode()), "Finnish Excel needs the BOM to read UTF-8"
    text = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def upload(client, kind: str, name: str, content: bytes):
    """Post a file to the upload form of `kind` and follow to the preview."""
    return client.post(
        f"/imports/{kind}/", {"file": SimpleUploadedFile(name, content)}, follow=True
    )


def confirm(client, preview_response):
    """Press the confirm button of a preview page."""
    return client.post(preview_response.redirect_chain[-1][0] + "confirm/", follow=True)
