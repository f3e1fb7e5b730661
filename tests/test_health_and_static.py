"""What the city's load balancer and browsers get: a health check that tells whether the
database answers, and static files that can be cached for a year because their names change."""

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.templatetags.static import static

HOST = "hyte.example.fi"


def test_health_check_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


def test_health_check_answers_503_when_the_database_does_not(client, db, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr("kemi_hyte.health.connection.cursor", refuse)
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}
    assert "connection refused" not in response.text
    assert "connection refused" in caplog.text


def test_health_check_is_probed_over_plain_http_in_production(client, db, production):
    assert client.get("/healthz", headers={"host": HOST}).status_code == 200
    assert client.head("/healthz", headers={"host": HOST}).status_code == 200
    assert client.get("/accounts/login/", headers={"host": HOST}).status_code == 301


def test_health_check_needs_no_sign_in_but_accepts_only_reading(client, db):
    assert client.post("/healthz").status_code == 405


@pytest.fixture
def collected_static(production, tmp_path):
    """collectstatic as on the server: hashed, compressed names in a fresh STATIC_ROOT."""
    production.STATIC_ROOT = tmp_path / "collected"
    production.STORAGES = {
        **production.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    return production


def test_hashed_static_files_are_cached_for_a_year(client, collected_static):
    url = static("css/site.css")
    assert url != "/static/css/site.css", "the manifest gives the file a hashed name"

    response = client.get(url, headers={"host": HOST}, secure=True)

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Type"].startswith("text/css")
    assert b"".join(response.streaming_content)


def test_static_files_are_served_compressed_to_browsers_that_ask(client, collected_static):
    response = client.get(
        static("css/site.css"), headers={"host": HOST, "accept-encoding": "gzip"}, secure=True
    )

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"


def test_unhashed_static_names_are_cached_only_briefly(client, collected_static):
    response = client.get("/static/css/site.css", headers={"host": HOST}, secure=True)

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=60, public"
