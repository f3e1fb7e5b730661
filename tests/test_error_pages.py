"""Finnish error pages with debugging off: a person never sees Django's English ones."""

import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.test import Client
from django.urls import path

from kemi_hyte.urls import urlpatterns as app_urls
from tests.reports_helpers import visible_text

pytestmark = pytest.mark.django_db


def refuse(request):
    raise PermissionDenied


def bad(request):
    raise BadRequest("malformed")


def broken(request):
    raise RuntimeError("the database is down")


urlpatterns = [
    path("test-refuse/", refuse),
    path("test-bad/", bad),
    path("test-broken/", broken),
    *app_urls,
]


@pytest.fixture
def debugging_off(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    return settings


def page(response) -> str:
    html = response.content.decode()
    assert '<html lang="fi">' in html
    assert "css/site.css" in html  # the site's own look
    return html


def test_page_not_found(client, debugging_off, coordinator):
    client.force_login(coordinator)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = page(response)
    assert "Sivua ei löytynyt" in html
    assert "Not Found" not in html


def test_bad_request(client, debugging_off):
    response = client.get("/test-bad/")

    assert response.status_code == 400
    assert "Virheellinen pyyntö" in page(response)


def test_permission_denied(client, debugging_off, coordinator):
    client.force_login(coordinator)

    response = client.get("/test-refuse/")

    assert response.status_code == 403
    assert "Ei käyttöoikeutta" in page(response)


def test_server_error_needs_no_request(client, debugging_off):
    client.raise_request_exception = False

    response = client.get("/test-broken/")

    assert response.status_code == 500
    html = page(response)
    assert "Palvelussa tapahtui virhe" in html
    assert "Server Error" not in html


def test_a_stale_form_gets_a_finnish_page(debugging_off, coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    response = client.post("/actions/new/", {"title": "Ilman tunnistetta"})

    assert response.status_code == 403
    html = page(response)
    assert "Lomake on vanhentunut" in html
    assert "lataa sivu uudelleen" in html
    # The page's own hidden token is random and may spell "CSRF"; the reader's text must not.
    assert "CSRF" not in visible_text(response)


def test_a_stale_sign_in_form_gets_the_same_page(debugging_off):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "Lomake on vanhentunut" in page(response)
