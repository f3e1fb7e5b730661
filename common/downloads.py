"""Every file the app sends: one way to name it, so that `ä` and `ö` in a name survive."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def download_response(
    content: bytes, filename: str, content_type: str, *, inline: bool = False
) -> HttpResponse:
    """A response that saves `content` as `filename`, or with `inline` shows it in the browser."""
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(not inline, filename)},
    )
