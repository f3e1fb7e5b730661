"""Word and Excel files as they print: converted to PDF by LibreOffice, read back per page.

Where LibreOffice (`soffice`) or `pdftotext` is missing the test is skipped with a message on a
laptop, and fails under CI (`CI=true`), as the browser and PDF tests do.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = os.environ.get("SOFFICE", "soffice")
CONVERT_SECONDS = 180


def require(program: str, package: str) -> str:
    path = shutil.which(program)
    if path:
        return path
    message = f"{program} not found: install Debian's {package}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def convert_to_pdf(path: Path) -> list[str]:
    """The text of each page of `path` (a .docx or .xlsx) as LibreOffice prints it."""
    soffice = require(SOFFICE, "libreoffice-writer-nogui and libreoffice-calc-nogui")
    require("pdftotext", "poppler-utils")
    out = path.parent / "converted"
    # A profile of its own: two LibreOffice processes on one profile wait for each other or fail.
    profile = path.parent / "libreoffice-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=CONVERT_SECONDS,
    )
    pdf = out / f"{path.stem}.pdf"
    assert pdf.exists(), f"LibreOffice did not convert {path.name}"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    # pdftotext ends every page with a form feed.
    return text.split("\f")[:-1]


def converted_pages(content: bytes, name: str, tmp_path: Path) -> list[str]:
    """`convert_to_pdf` of a downloaded file's bytes."""
    path = tmp_path / name
    path.write_bytes(content)
    return convert_to_pdf(path)
