"""Every file the app sends: one way to name it, so that `ä` and `ö` in a name survive."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

# The query parameter of a report PDF's "Lataa PDF" link: without it the PDF opens in the
# browser's viewer, with it the browser saves the file.
DOWNLOAD_PARAMETER = "download"


def download_response(
    content: bytes, filename: str, content_type: str, *, inline: bool = False
) -> HttpResponse:
    """A response that saves `content` as `filename`, or with `inline` shows it in the browser."""
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(not inline, filename)},
    )


def pdf_response(request, content: bytes, filename: str) -> HttpResponse:
    """A report PDF: shown in the browser (named `filename` when saved from its viewer), or
    saved straight away when the link asks with `?download=1`."""
    inline = request.GET.get(DOWNLOAD_PARAMETER) != "1"
    return download_response(content, filename, "application/pdf", inline=inline)
