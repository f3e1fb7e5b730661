"""Every file the app sends is named the same way, and a name with ä and ö survives."""

import pytest

from common.downloads import download_response


@pytest.mark.parametrize(
    ("filename", "header"),
    [
        ("hankkeet.xlsx", 'attachment; filename="hankkeet.xlsx"'),
        ("päätökset 2023.pdf", "attachment; filename*=utf-8''p%C3%A4%C3%A4t%C3%B6kset%202023.pdf"),
    ],
)
def test_a_download_names_its_file_so_that_any_name_survives(filename, header):
    response = download_response(b"x", filename, "application/pdf")
    assert response["Content-Disposition"] == header
    assert response["Content-Type"] == "application/pdf"


def test_an_inline_file_opens_in_the_browser():
    response = download_response(b"x", "katsaus-2023.pdf", "application/pdf", inline=True)
    assert response["Content-Disposition"] == 'inline; filename="katsaus-2023.pdf"'


@pytest.mark.parametrize(
    ("query", "disposition"),
    [
        ({}, 'inline; filename="katsaus-2023.pdf"'),
        ({"download": "1"}, 'attachment; filename="katsaus-2023.pdf"'),
        ({"download": "kyllä"}, 'inline; filename="katsaus-2023.pdf"'),
    ],
)
def test_a_report_pdf_opens_in_the_browser_unless_its_link_asks_to_save_it(query, disposition):
    from django.test import RequestFactory

    from common.downloads import pdf_response

    response = pdf_response(RequestFactory().get("/", query), b"%PDF", "katsaus-2023.pdf")

    assert response["Content-Disposition"] == disposition
    assert response["Content-Type"] == "application/pdf"
