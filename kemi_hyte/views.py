"""Pages that belong to no app: the form-expired page Django shows on a failed CSRF check."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A POST whose CSRF token was missing or stale: a Finnish page, not Django's English one.
    The reason is for developers and stays out of the page."""
    return render(request, "csrf_failure.html", status=403)
